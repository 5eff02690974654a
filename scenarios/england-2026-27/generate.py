#!/usr/bin/env python3
"""Generate the built-in "england-2026-27" scenario of specflow: England's specialised
commissioning from 2026/27, the first FY of the 36 ICBs, for three years.

It is england-2024-25 moved on two years and through the April 2026 reconfiguration, so that
its first FY is that scenario's 2026/27 as a five-year run of it gives it:
  * money: each ICB's 2026/27 baseline (`baseline_pounds`), its HCDD share, delegation and
    ringfence are what `specflow allocate england-2024-25 --years 3` carries into 2026/27 (run
    with the built specflow, --specflow); the budget grows over the 2025/26 total as there, and
    the category shares and the three years' parameters are england-2024-25's;
  * the 36 ICBs, their populations and need indices, and the old -> new mapping: published
    (facts/, copied from ../england-2024-25/facts/2026-27/, sources in facts/SOURCES.md);
  * flows, contracts, costs, drugs and unit prices (ILLUSTRATIVE, as in england-2024-25): that
    scenario's 2024/25 tables carried forward two years as specflow carries them in a run
    (prices and costs by cost uplift - efficiency of 2025/26 and 2026/27, expected activity by
    each line's demand trend, drugs by their growth, and each year's commissioning plan, which
    scales a budget holder's block, API and activity contracts and their activity to its
    budget), then to the 36 ICBs by the published shares: each flow split by share and the
    parts of one new ICB, provider and line merged; one contract per (payer, provider) whose
    value is its parts' sum and whose kind is decided again under the 2026/27 rules (LVA below
    GBP 1.5m, at the rolling value of its parts' activity; one paid by LVA in 2025/26 and now
    above it a block at that value; otherwise the kind of its largest part); NHS England's
    contracts as they were, carried forward. Providers keep their names and codes; the home
    ICB of one whose ICB ended is the new ICB that takes the largest share of the old one.
The carry is checked against specflow's own run of england-2024-25 (commissioning.csv for
2024/25 and 2025/26, reconfiguration.csv for 2026/27) to the penny and the thousandth of a case.

Deterministic: standard library only, no random numbers; running it twice gives identical files.
Usage (from the repository root, after building specflow):
    python3 scenarios/england-2026-27/generate.py --specflow build/tools/specflow
"""
import argparse
import csv
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(os.path.dirname(HERE), "england-2024-25")
SEED = 20260401
COMMAND = "python3 scenarios/england-2026-27/generate.py --specflow build/tools/specflow"
FACT_FILES = ["SOURCES.md", "icbs.csv", "icb_mapping_2025_26_to_2026_27.csv",
              "practices_only_in_2025_26.csv"]


def load_england():
    """england-2024-25's generate.py, for the constants both scenarios share."""
    sys.dont_write_bytecode = True  # no __pycache__ in the scenario's folder
    spec = importlib.util.spec_from_file_location("england_2024_25",
                                                  os.path.join(SOURCE, "generate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


E = load_england()
FIRST_YEAR = E.RECONFIGURATION_START.split()[0]                 # "2026/27"
YEARS = [y for y in E.YEARS if y["financial_year"] >= FIRST_YEAR]
BEFORE = [y for y in E.YEARS if y["financial_year"] < FIRST_YEAR]  # 2024/25, 2025/26


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def source(name):
    return read(os.path.join(SOURCE, name))


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def units(text, per):
    """A decimal in whole smallest units (pence: per=100, milli-cases: 1000), exactly."""
    value = Decimal(text) * per
    assert value == value.to_integral_value(), (text, per)
    return int(value)


def bp(pct):
    return units(str(pct), 100)


def divide_even(numerator, denominator):
    """numerator / denominator to the nearest integer, ties to even (both non-negative)."""
    q, r = divmod(numerator, denominator)
    if 2 * r > denominator or (2 * r == denominator and q % 2 == 1):
        q += 1
    return q


def grown(value, growth_bp):
    """One year's growth as specflow applies it: nearest unit, ties to even."""
    return divide_even(value * (10000 + growth_bp), 10000)


def split(amount, weights):
    """specflow's split by weights: the floor of each exact part, the units left over to the
    largest remainders (the first of equal ones)."""
    total = sum(weights)
    parts = [amount * w // total for w in weights]
    remainders = [amount * w % total for w in weights]
    order = sorted(range(len(weights)), key=lambda k: -remainders[k])  # stable
    for k in order[:amount - sum(parts)]:
        parts[k] += 1
    return parts


def pence_text(pence):
    return E.pounds(pence / 100) if pence % 100 else str(pence // 100)


def pence_of_milli(milli_pence):
    return divide_even(milli_pence, 1000)


def lva_value(history, uplift_bp):
    """The LVA value: the mean of the last three years' activity value, uplifted."""
    last = history[-3:]
    return grown(divide_even(sum(last), len(last)), uplift_bp)


def run_england(specflow, years):
    """specflow's allocations and its expected-value run of england-2024-25 for `years` FYs."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([specflow, "run", os.path.join(SOURCE, "scenario.toml"), "--replication",
                        "0", "--years", str(years), "--out", out, "--db",
                        os.path.join(out, "store.db")], check=True, stdout=subprocess.DEVNULL)
        return {name: read(os.path.join(out, name + ".csv"))
                for name in ("allocations", "commissioning", "reconfiguration")}


class Carry:
    """england-2024-25's flows, contracts, prices, costs and drugs, moved on year by year as
    specflow's year plans move them (sim/runners/year_plan.cpp, commissioning_plan.cpp and
    sim/rules/lva.hpp): rebased at each FY end, then planned for the FY's budgets."""

    def __init__(self):
        lines = source("service_lines.csv")
        self.nhse_line = {ln["service_line_code"]: ln["category"] in ("not_ready", "retained")
                          for ln in lines}
        self.trend_bp = {ln["service_line_code"]: bp(ln["demand_trend_pct"]) for ln in lines}
        self.price = {ln["service_line_code"]: units(ln["unit_price_pounds"], 100)
                      for ln in lines}
        self.costs = [[c["provider_code"], c["service_line_code"],
                       units(c["fixed_cost_pounds_per_year"], 100),
                       units(c["marginal_cost_pounds_per_case"], 100)]
                      for c in source("costs.csv")]
        self.drugs = [[d["provider_code"], d["service_line_code"],
                       units(d["annual_cost_pounds"], 100), d["growth_pct"]]
                      for d in source("drugs.csv")]
        self.contracts = [dict(c, value=units(c["annual_value_pounds"] or "0", 100))
                          for c in source("contracts.csv")]
        index = {(c["payer"], c["provider_code"]): n for n, c in enumerate(self.contracts)}
        self.flows = [[f["icb_code"], f["provider_code"], f["service_line_code"],
                       units(f["expected_cases_per_year"], 1000),
                       index[("NHSE" if self.nhse_line[f["service_line_code"]]
                              else f["icb_code"], f["provider_code"])]]
                      for f in source("flows.csv")]
        self.paths = [{"kind": c["kind"], "history": [], "last_planned": 0}
                      for c in self.contracts]

    def planned(self):
        """Each contract's planned activity value, milli-pence."""
        out = [0] * len(self.contracts)
        for _, _, line, cases, c in self.flows:
            out[c] += cases * self.price[line]
        return out

    def terms(self, c, planned, uplift_bp, threshold):
        """How contract c is paid this FY: rules::year_terms."""
        contract, path = self.contracts[c], self.paths[c]
        if contract["payer"] == "NHSE" or not path["history"]:
            return contract["kind"], contract["value"]
        rolling = lva_value(path["history"], uplift_bp)
        tested = (rolling if path["kind"] == "lva" else pence_of_milli(planned)
                  if contract["kind"] == "activity" else contract["value"])
        if tested < threshold:
            return "lva", rolling
        if path["kind"] == "lva":
            return "block", rolling
        return contract["kind"], contract["value"]

    def rebase(self, year):
        """A FY end: prices, costs, expected activity, drugs and contract values into `year`."""
        uplift = bp(year["cost_uplift_pct"]) - bp(year["efficiency_pct"])
        self.price = {k: grown(v, uplift) for k, v in self.price.items()}
        for cost in self.costs:
            cost[2], cost[3] = grown(cost[2], uplift), grown(cost[3], uplift)
        for flow in self.flows:
            flow[3] = grown(flow[3], self.trend_bp[flow[2]])
        for drug in self.drugs:
            drug[2] = grown(drug[2], bp(drug[3]))
        for contract, path, now in zip(self.contracts, self.paths, self.planned()):
            if contract["kind"] != "activity":
                contract["value"] = (divide_even(contract["value"] * now, path["last_planned"])
                                     if path["last_planned"] > 0
                                     else grown(contract["value"], uplift))

    def plan(self, year, budgets, threshold):
        """The FY's commissioning plan (CommissioningPlans::plan_year with no reserve): each
        holder's block, API and activity contracts, values and activity alike, scaled to what
        its budget leaves after the committed (LVA) ones. Returns {holder: (rebased, committed,
        investment)} in pence."""
        uplift = bp(year["cost_uplift_pct"]) - bp(year["efficiency_pct"])
        n = len(self.contracts)
        planned = self.planned()
        values = [c["value"] for c in self.contracts]
        cases = [f[3] for f in self.flows]
        committed = [c["kind"] == "lva" or self.terms(k, planned[k], uplift, threshold)
                     != (c["kind"], c["value"]) for k, c in enumerate(self.contracts)]
        holder = [c["payer"] for c in self.contracts]
        while True:
            result = self._plan_holders(budgets, values, cases, committed, holder, uplift,
                                        threshold)
            after = self.planned()
            again = False
            for k in range(n):
                if not committed[k] and (self.terms(k, after[k], uplift, threshold)
                                         != (self.contracts[k]["kind"],
                                             self.contracts[k]["value"])):
                    committed[k] = again = True
            if not again:
                break
        after = self.planned()
        for k, path in enumerate(self.paths):
            path["kind"] = self.terms(k, after[k], uplift, threshold)[0]
            path["history"].append(pence_of_milli(after[k]))
            path["last_planned"] = after[k]
        return result

    def _plan_holders(self, budgets, values, cases, committed, holder, uplift, threshold):
        planned = [0] * len(self.contracts)
        for f, flow in enumerate(self.flows):
            planned[flow[4]] += cases[f] * self.price[flow[2]]
        rebased, held = {}, {}
        for k, contract in enumerate(self.contracts):
            contract["value"] = values[k]
            h = holder[k]
            if committed[k]:
                kind, value = self.terms(k, planned[k], uplift, threshold)
                held[h] = held.get(h, 0) + (pence_of_milli(planned[k]) if kind == "activity"
                                            else value)
            else:
                rebased[h] = rebased.get(h, 0) + (pence_of_milli(planned[k])
                                                  if contract["kind"] == "activity"
                                                  else values[k])
        target = {h: max(0, budgets[h] - held.get(h, 0)) for h in rebased if rebased[h] > 0}
        activity_value = [0] * len(self.contracts)
        for f, flow in enumerate(self.flows):
            flow[3] = cases[f]
            h = holder[flow[4]]
            if committed[flow[4]] or h not in target:
                continue
            flow[3] = divide_even(cases[f] * target[h], rebased[h])
            if self.contracts[flow[4]]["kind"] == "activity":
                activity_value[flow[4]] += flow[3] * self.price[flow[2]]
        result = {}
        for h in target:
            mine = [k for k in range(len(self.contracts)) if holder[k] == h and not committed[k]]
            fixed = [k for k in mine if self.contracts[k]["kind"] != "activity"]
            activity = sum(pence_of_milli(activity_value[k]) for k in mine
                           if self.contracts[k]["kind"] == "activity")
            if fixed and sum(values[k] for k in fixed) > 0:
                for k, v in zip(fixed, split(max(0, target[h] - activity),
                                             [values[k] for k in fixed])):
                    self.contracts[k]["value"] = v
            now = activity + sum(self.contracts[k]["value"] for k in fixed)
            result[h] = (rebased[h], held.get(h, 0), now - rebased[h])
        return result


def money(run, parts, old_icbs, new_icbs, region_code):
    """The 36 ICBs' rows of icbs.csv: what england-2024-25 carries into 2026/27."""
    rows = [r for r in run["allocations"] if r["level"] == "icb"]
    last_year = BEFORE[-1]["financial_year"]
    before = {r["code"]: units(r["allocation"], 100) for r in rows if r["fy"] == last_year}
    # What is left of each allocation after HCDD: next year's cap on its growth, if over target.
    remainder = {r["code"]: units(r["allocation"], 100) - units(r["hcdd"], 100) for r in rows
                 if r["fy"] == last_year}
    first = {r["code"]: r for r in rows if r["fy"] == FIRST_YEAR}
    assert set(before) == set(parts) and set(first) == {i["icb_code"] for i in new_icbs}
    hcdd_bp = {i["icb_code"]: bp(i["hcdd_share_pct"]) for i in old_icbs}
    brought, carried_remainder = {}, {}  # new ICB -> [(old ICB, pence)]; pence
    for old in (i["icb_code"] for i in old_icbs):
        weights = [s for _, s in parts[old]]
        for (new, _), piece, rest in zip(parts[old], split(before[old], weights),
                                         split(remainder[old], weights)):
            brought.setdefault(new, []).append((old, piece))
            carried_remainder[new] = carried_remainder.get(new, 0) + rest
    icb_rows, substituted = [], []
    for i in new_icbs:
        code = i["icb_code"]
        r = first[code]
        baseline = units(r["baseline"], 100)
        assert baseline == sum(p for _, p in brought[code]), code  # as specflow carries it
        if any(old == code for old, _ in brought[code]):
            share = hcdd_bp[code]  # an ICB that keeps its code keeps its own
        else:  # weighted by what each predecessor brings
            share = divide_even(sum(p * hcdd_bp[o] for o, p in brought[code]), baseline)

        # A first FY's remainder (what caps HCDD growth) is the baseline less its HCDD share;
        # where the ICBs this one comes from had their HCDD capped, they carry less than that.
        # The share that leaves the carried remainder, to the basis point, then stands in for
        # the carried one, so that the cap is the same (within GBP 0.05m).
        def remainder_with(h):
            return baseline - divide_even(baseline * h, 10000)
        if remainder_with(share) != carried_remainder[code]:
            best = min(range(share - 500, share + 501),
                       key=lambda h: (abs(remainder_with(h) - carried_remainder[code]),
                                      abs(h - share)))
            if best != share:
                substituted.append((code, share, best))
                share = best
        icb_rows.append((code, i["icb_name"], region_code[i["nhs_region"]],
                         i["registered_population_2026_27"], i["core_need_index_2026_27"],
                         f"{Decimal(r['dft_before_pct']):.2f}", r["status"].split(",")[0],
                         "yes" if "ringfenced" in r["status"] else "no", f"{share / 100:.2f}",
                         pence_text(baseline)))
    return icb_rows, sum(before.values()), substituted


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--specflow", required=True, help="the built specflow executable")
    specflow = os.path.abspath(parser.parse_args().specflow)

    facts = os.path.join(HERE, "facts")
    os.makedirs(facts, exist_ok=True)
    for name in FACT_FILES:
        shutil.copyfile(os.path.join(SOURCE, "facts", "2026-27", name), os.path.join(facts, name))
    with open(os.path.join(SOURCE, "scenario.toml"), "rb") as f:
        england = tomllib.load(f)
    regions = source("regions.csv")
    old_icbs = source("icbs.csv")
    new_icbs = read(os.path.join(facts, "icbs.csv"))
    mapping = read(os.path.join(facts, "icb_mapping_2025_26_to_2026_27.csv"))
    region_code = {r["region_name"]: r["region_code"] for r in regions}
    new_order = {i["icb_code"]: n for n, i in enumerate(new_icbs)}
    parts = {}  # old ICB -> [(new ICB, share in millionths)], in the mapping's order
    for m in mapping:
        parts.setdefault(m["old_icb_code"], []).append((m["new_icb_code"],
                                                        units(m["share_of_old_icb"], 10**6)))
    assert set(parts) == {i["icb_code"] for i in old_icbs}
    assert all(sum(s for _, s in p) == 10**6 for p in parts.values())

    def largest(old):
        best = parts[old][0]
        for p in parts[old][1:]:
            if p[1] > best[1]:
                best = p
        return best[0]

    run = run_england(specflow, len(BEFORE) + 1)
    icb_rows, baseline_total, substituted = money(run, parts, old_icbs, new_icbs, region_code)

    # The tables moved on to 2026/27, each FY's plan checked against specflow's.
    carry = Carry()
    thresholds = [int(england["policy"]["lva_threshold_pounds"]) * 100]
    for year in BEFORE[1:]:
        thresholds.append(int(year.get("lva_threshold_pounds", thresholds[-1] / 100)) * 100)
    for n, year in enumerate(BEFORE):
        fy = year["financial_year"]
        plans = {r["holder_code"]: r for r in run["commissioning"] if r["fy"] == fy}
        if n > 0:
            carry.rebase(year)
        result = carry.plan(year, {h: units(r["budget"], 100) for h, r in plans.items()},
                            thresholds[n])
        for h, (rebased, held, investment) in result.items():
            assert (rebased, held, investment) == tuple(
                units(plans[h][k], 100) for k in ("rebased", "committed", "investment")), (fy, h)
    carry.rebase(YEARS[0])
    threshold = int(YEARS[0].get("lva_threshold_pounds", thresholds[-1] // 100)) * 100
    uplift = bp(YEARS[0]["cost_uplift_pct"]) - bp(YEARS[0]["efficiency_pct"])

    # Flows: each split by share (to the thousandth of a case), merged per new ICB, provider and
    # line. What each mapping row carries is checked against specflow's reconfiguration.csv.
    weights = {old: [s for _, s in p] for old, p in parts.items()}
    moved = {}
    merged = {}
    for icb, prov, line, cases, _ in carry.flows:
        for (new, _), piece in zip(parts[icb], split(cases, weights[icb])):
            merged[(new, prov, line)] = merged.get((new, prov, line), 0) + piece
            moved[(icb, new)] = moved.get((icb, new), [0, 0])
            moved[(icb, new)][1] += piece
    # ICB-paid contracts: each value (an activity contract's planned value) and its past
    # activity values split by share, summed per new ICB and provider.
    planned = carry.planned()
    pieces = {}  # (new ICB, provider) -> [(value, history, old contract index)], in order
    for k, c in enumerate(carry.contracts):
        if c["payer"] == "NHSE":
            continue
        value = pence_of_milli(planned[k]) if c["kind"] == "activity" else c["value"]
        history = [split(h, weights[c["payer"]]) for h in carry.paths[k]["history"]]
        for j, ((new, _), piece) in enumerate(zip(parts[c["payer"]],
                                                  split(c["value"], weights[c["payer"]]))):
            moved[(c["payer"], new)][0] += piece
            pieces.setdefault((new, c["provider_code"]), []).append(
                (piece if c["kind"] != "activity" else split(value, weights[c["payer"]])[j],
                 [h[j] for h in history], k))
    for r in run["reconfiguration"]:
        assert moved[(r["old_icb_code"], r["new_icb_code"])] == [
            units(r["contract_value_carried"], 100), units(r["expected_cases_carried"], 1000)], r

    providers = source("providers.csv")
    provider_order = {p["provider_code"]: n for n, p in enumerate(providers)}
    home = {p["provider_code"]: largest(p["home_icb_code"]) for p in providers}
    offers_nhse_line = {c[0] for c in carry.costs if carry.nhse_line[c[1]]}
    lines = source("service_lines.csv")
    line_order = {ln["service_line_code"]: n for n, ln in enumerate(lines)}
    flow_keys = sorted((k for k, v in merged.items() if v > 0),
                       key=lambda k: (new_order[k[0]], provider_order[k[1]], line_order[k[2]]))

    # Contracts: NHS England's as carried; one per (ICB, provider), decided again for 2026/27.
    contracts = [(c["contract_code"], "NHSE", c["provider_code"], c["kind"],
                  "" if c["kind"] == "activity" else pence_text(c["value"]), c["service_lines"],
                  c["api_rate_above_pct"], c["api_rate_below_pct"], "")
                 for c in carry.contracts if c["payer"] == "NHSE"]
    for (payer, prov) in sorted(pieces, key=lambda k: (new_order[k[0]], provider_order[k[1]])):
        here = pieces[(payer, prov)]
        covered = sorted({k[2] for k in flow_keys if k[0] == payer and k[1] == prov
                          and not carry.nhse_line[k[2]]}, key=line_order.get)
        assert covered, (payer, prov)  # every part brings flows
        biggest = here[0]
        for p in here[1:]:
            if p[1][-1] > biggest[1][-1]:  # by last FY's activity value, the first of equals
                biggest = p
        old = carry.contracts[biggest[2]]
        kind = carry.paths[biggest[2]]["kind"]  # how it was paid in 2025/26
        history = [sum(p[1][y] for p in here) for y in range(len(here[0][1]))]
        rolling = lva_value(history, uplift)
        value = sum(p[0] for p in here)
        above = below = ""
        if (rolling if kind == "lva" else value) < threshold:
            kind, value = "lva", rolling
        elif kind == "lva":
            kind, value = "block", rolling
        elif kind == "api":
            above, below = old["api_rate_above_pct"], old["api_rate_below_pct"]
        contracts.append((f"C-{payer}-{prov}", payer, prov, kind,
                          "" if kind == "activity" else pence_text(value),
                          ";".join(covered) if prov in offers_nhse_line else "*", above, below,
                          ";".join(pence_text(h) for h in history)))

    # Write the tables.
    write_csv("regions.csv", ["region_code", "region_name"],
              [(r["region_code"], r["region_name"]) for r in regions])
    write_csv("icbs.csv", ["icb_code", "icb_name", "region_code", "registered_population",
                           "need_index", "dft_pct", "delegation", "ringfenced", "hcdd_share_pct",
                           "baseline_pounds"], icb_rows)
    write_csv("icb_needs.csv", ["icb_code", "financial_year", "registered_population",
                                "need_index"],
              [(i["icb_code"], y["financial_year"],
                i["registered_population_" + y["financial_year"].replace("/", "_")],
                i["core_need_index_" + y["financial_year"].replace("/", "_")])
               for y in YEARS[1:] for i in new_icbs])
    write_csv("providers.csv", ["provider_code", "provider_name", "home_icb_code",
                                "provider_kind"],
              [(p["provider_code"], p["provider_name"], home[p["provider_code"]],
                p["provider_kind"]) for p in providers])
    variation = ["monthly_cv_pct", "national_cv_pct", "provider_cv_pct", "demand_trend_sd_pct",
                 "monthly_profile"]
    write_csv("service_lines.csv", ["service_line_code", "service_line_name", "category",
                                    "unit_price_pounds", "demand_trend_pct"] + variation,
              [(ln["service_line_code"], ln["service_line_name"], ln["category"],
                pence_text(carry.price[ln["service_line_code"]]), ln["demand_trend_pct"])
               + tuple(ln[c] for c in variation) for ln in lines])
    write_csv("costs.csv", ["provider_code", "service_line_code", "fixed_cost_pounds_per_year",
                            "marginal_cost_pounds_per_case"],
              [(p, ln, pence_text(f), pence_text(m)) for p, ln, f, m in carry.costs])
    write_csv("drugs.csv", ["provider_code", "service_line_code", "annual_cost_pounds",
                            "growth_pct"],
              [(p, ln, pence_text(c), g) for p, ln, c, g in carry.drugs])
    write_csv("flows.csv", ["icb_code", "provider_code", "service_line_code",
                            "expected_cases_per_year"],
              [(k[0], k[1], k[2], f"{merged[k] / 1000:.3f}") for k in flow_keys])
    write_csv("contracts.csv", ["contract_code", "payer", "provider_code", "kind",
                                "annual_value_pounds", "service_lines", "api_rate_above_pct",
                                "api_rate_below_pct", "lva_history_pounds"], contracts)
    shares = england["allocation"]
    with open(os.path.join(HERE, "scenario.toml"), "w", encoding="utf-8") as f:
        f.write(TOML.format(command=COMMAND, seed=SEED, first_year=FIRST_YEAR,
                            lva=threshold // 100, baseline=pence_text(baseline_total),
                            delegable=f"{shares['delegable_share_pct']:g}",
                            not_ready=f"{shares['not_ready_share_pct']:g}",
                            retained=f"{shares['retained_share_pct']:g}",
                            profile=", ".join(str(w) for w in E.MONTHLY_PROFILE),
                            years=E.years_toml(YEARS)))
    summarise(specflow, providers, home, flow_keys, carry, contracts, substituted)


def summarise(specflow, providers, home, flow_keys, carry, contracts, substituted):
    """What generate.py made, for README.md's "In numbers"."""
    kinds = {}
    for p in providers:
        kinds[p["provider_kind"]] = kinds.get(p["provider_kind"], 0) + 1
    print(f"providers: {len(providers)} {kinds}")
    rehomed = [p["provider_code"] for p in providers
               if p["home_icb_code"] != home[p["provider_code"]]]
    print(f"providers whose home ICB is a new one: {len(rehomed)} ({' '.join(rehomed)})")
    print(f"flows: {len(flow_keys)}, out of area: "
          f"{sum(1 for k in flow_keys if home[k[1]] != k[0])}; cost rows: {len(carry.costs)}; "
          f"drug rows: {len(carry.drugs)}, GBP {sum(d[2] for d in carry.drugs) / 1e11:.3f}bn")
    for payer in ("ICB", "NHSE"):
        cs = [c for c in contracts if (c[1] == "NHSE") == (payer == "NHSE")]
        by_kind = {k: sum(1 for c in cs if c[3] == k)
                   for k in ("block", "api", "lva", "activity")}
        print(f"{payer} contracts: {len(cs)} {by_kind}")
    print("HCDD shares standing in for a capped remainder (as carried -> as given): " +
          ", ".join(f"{c} {a / 100:.2f}% -> {b / 100:.2f}%" for c, a, b in substituted))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([specflow, "run", os.path.join(HERE, "scenario.toml"), "--replication",
                        "0", "--out", out, "--db", os.path.join(out, "store.db")], check=True,
                       stdout=subprocess.DEVNULL)
        plans = read(os.path.join(out, "commissioning.csv"))
        total = sum(units(r["allocation"], 100)
                    for r in read(os.path.join(out, "allocations.csv")) if r["level"] == "icb")
    invest = sorted((float(r["investment_pct"]), r["holder_code"]) for r in plans)
    print(f"{FIRST_YEAR}: national budget GBP {total / 1e11:,.3f}bn; first-year investment or "
          f"cut from {invest[0][0]:+.2f}% ({invest[0][1]}) to {invest[-1][0]:+.2f}% "
          f"({invest[-1][1]}); NHS England "
          f"{next(float(r['investment_pct']) for r in plans if r['holder_code'] == 'NHSE'):+.2f}%")


TOML = """\
# Generated by generate.py, from the repository root after building specflow:
#   {command}
# Do not edit by hand. The ICBs, their populations, need indices and the mapping they come from
# are published; the money is england-2024-25's 2026/27; flows, contracts, costs, unit prices
# and drugs are ILLUSTRATIVE, england-2024-25's carried forward. See README.md.
[scenario]
name = "england-2026-27"
title = "England specialised commissioning, 2026/27: the 36 ICBs (illustrative)"
question = "Where do the 36 ICBs formed in April 2026 stand, and what does convergence do to them over three years?"
financial_year = "{first_year}"
seed = {seed}

[tables]
regions = "regions.csv"
icbs = "icbs.csv"
providers = "providers.csv"
service_lines = "service_lines.csv"
costs = "costs.csv"
flows = "flows.csv"
contracts = "contracts.csv"
drugs = "drugs.csv"
# 2027/28 and 2028/29 populations and need indices of the 36 ICBs (published)
icb_needs = "icb_needs.csv"

[policy]
api_rate_above_plan_pct = 100
api_rate_below_plan_pct = 100
lva_threshold_pounds = {lva}   # NHS Payment Scheme from 2025/26: LVA for pairs of £1.5m or less
# April .. March: a little lower in August and December
monthly_profile = [{profile}]

# Allocations (DESIGN.md section 4), as england-2024-25's. Each ICB's baseline (icbs.csv
# baseline_pounds) is what that scenario's 2025/26 allocations carry to it through the April 2026
# mapping; baseline_total_pounds is their sum, England's 2025/26 budget there; the shares and
# the three years' parameters are that scenario's (see its scenario.toml and README.md).
[allocation]
policy = "level_up"
baseline_total_pounds = {baseline}
delegable_share_pct = {delegable}
not_ready_share_pct = {not_ready}
retained_share_pct = {retained}

{years}"""

if __name__ == "__main__":
    sys.exit(main())
