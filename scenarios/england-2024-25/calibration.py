"""The scale of the built-in England scenario, calibrated to published figures (facts/FACTS.md):
the published 2023/24 amounts, the allocation parameters that reproduce them, and the scaling of
the generated flows to the money each budget holder has. Used by generate.py.
"""
import math

GROWTH_2024 = 4      # percent growth of the 2024/25 budget over the 2023/24 baseline (illustrative)
# Published scale (seed 003, facts/FACTS.md), taken as 2023/24 money: the specialised budget, and
# the services NHS England keeps in 2023/24. The committees' allocations are read from
# facts/joint_committees.csv; high-cost drugs and devices are what the rest leave.
TOTAL_2023 = 23_000_000_000      # "NHSE's total £23bn specialised budget"
NOT_READY_2023 = 1_500_000_000   # "29 services (£1.5bn) are suitable but not yet ready"
RETAINED_2023 = 1_300_000_000    # "89 services (worth £1.3bn) will remain nationally commissioned"
# "59 services (worth £13bn) are suitable and ready for ICB leadership". Read (an inference, not
# a published fact; FACTS.md) as the delegable services with their high-cost drugs, which are
# funded centrally and so not in the committees' allocations: the drugs on delegable lines are
# HEADLINE_2023 less the committees' sum, about GBP 1.48bn, and the rest of HCDD is "drugs,
# devices and other national programmes, the remainder", about GBP 7.2bn.
HEADLINE_2023 = 13_000_000_000
MIN_CASES = 0.2        # flows expected below this are left out


def largest_remainder_pct(fractions):
    """Percentages with two decimals that add up to exactly 100, by largest remainder."""
    hundredths = [f * 10000 for f in fractions]
    whole = [math.floor(h) for h in hundredths]
    order = sorted(range(len(whole)), key=lambda n: whole[n] - hundredths[n])
    for n in order[:10000 - sum(whole)]:
        whole[n] += 1
    return [w / 100 for w in whole]


def calibrate(icbs, weight, committees):
    """The published scale as allocation parameters, and the money each budget holder's
    contracts are made to be worth.

    The 2023/24 baselines are TOTAL_2023 shared by weight, as specflow derives them. The
    category shares of what HCDD leaves are the published 2023/24 amounts' shares (the nine
    committees' allocations, not ready, retained); each committee's HCDD share is the one that
    leaves its ICBs' baselines exactly the committee's published allocation as delegable money.
    The contracts are worth the 2024/25 money at England's average growth: the 2023/24 money x
    (1 + GROWTH_2024 / 100); so are the drugs on delegable lines (HEADLINE_2023 less the
    committees' sum).
    """
    total_weight = math.fsum(weight.values())
    baseline = {i: TOTAL_2023 * w / total_weight for i, w in weight.items()}
    committee_of = {i["icb_code"]: i["joint_committee_2023_24"] for i in icbs}
    delegable_2023 = {c["joint_committee"]: float(c["allocation_2023_24_gbp_millions"]) * 1e6
                      for c in committees}
    after_hcdd = math.fsum(delegable_2023.values()) + NOT_READY_2023 + RETAINED_2023
    shares = largest_remainder_pct([math.fsum(delegable_2023.values()) / after_hcdd,
                                    NOT_READY_2023 / after_hcdd, RETAINED_2023 / after_hcdd])
    hcdd_pct = {}
    for jc, money in delegable_2023.items():
        members = math.fsum(b for i, b in baseline.items() if committee_of[i] == jc)
        hcdd_pct[jc] = round(100 * (1 - money / (members * shares[0] / 100)), 2)
    growth = 1 + GROWTH_2024 / 100
    after = {i: b * growth * (1 - hcdd_pct[committee_of[i]] / 100) for i, b in baseline.items()}
    return {"shares": shares, "hcdd_pct": hcdd_pct, "committee_of": committee_of,
            "delegable_2023": delegable_2023,
            "icb_money": {i: a * shares[0] / 100 for i, a in after.items()},
            "not_ready_money": math.fsum(after.values()) * shares[1] / 100,
            "retained_money": math.fsum(after.values()) * shares[2] / 100,
            "hcdd_money": TOTAL_2023 * growth - math.fsum(after.values()),
            "delegable_drugs_money":
                (HEADLINE_2023 - math.fsum(delegable_2023.values())) * growth}


def scale_to_money(raw, trickle, price, nhse_line, cal):
    """Expected cases per flow, to a thousandth, from the unscaled ones: each ICB's delegable
    catchment flows are scaled so that, with its low-volume relationships (kept as drawn), they
    are worth its delegable money; HSS so that ECMO and HSS are worth the retained money; the
    mental health line to what BMT leaves of the not-ready money. Flows below MIN_CASES are
    left out. Returns the flows and each scale factor."""
    def group(k):
        return ("NHSE", k[2]) if nhse_line[k[2]] else (k[0], k in trickle)

    worth = {}
    for k, lam in raw.items():
        worth[group(k)] = worth.get(group(k), 0.0) + lam * price[k[2]]
    factor = {g: 1.0 for g in worth}
    factor[("NHSE", "HSS")] = ((cal["retained_money"] - worth[("NHSE", "ECMO")])
                               / worth[("NHSE", "HSS")])
    factor[("NHSE", "MHLDA")] = ((cal["not_ready_money"] - worth[("NHSE", "BMT")])
                                 / worth[("NHSE", "MHLDA")])
    for icb, money in cal["icb_money"].items():
        factor[(icb, False)] = (money - worth.get((icb, True), 0.0)) / worth[(icb, False)]
    flows = {}
    for k, lam in raw.items():
        lam = round(lam * factor[group(k)], 3)
        if lam >= MIN_CASES:
            flows[k] = lam
    return flows, factor
