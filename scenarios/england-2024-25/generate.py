#!/usr/bin/env python3
"""Generate the built-in "england-2024-25" scenario of specflow.

Published facts (read from facts/, copied verbatim from the project's data folder; see
facts/FACTS.md for sources): the 7 NHS regions, the 42 ICBs with their 2024/25 GP-registered
population, core-services need index, 2023/24 specialised distance from target (DfT), 2023/24
joint committee and 2024/25 delegation status, the nine joint committees' 2023/24 resource
allocations, and the names and home ICBs of the specialist trusts. The scale is published too
(seed 003): a GBP 23bn specialised budget, of which GBP 1.5bn is for the 29 services not yet
ready for delegation and GBP 1.3bn for the 89 retained nationally. So is the April 2026
reconfiguration (facts/2026-27/): the 36 ICBs of 2026/27 with their 2026/27 to 2028/29
populations and need indices, and the old -> new mapping by GP-practice population, written as
icbs_2026_27.csv, icb_mapping_2026_27.csv and icb_needs.csv (which also gives the 42 ICBs'
2025/26 populations, with their 2024/25 need index: facts/ has no 2025/26 index).

Everything else is ILLUSTRATIVE, made up to be plausible, and must not be read as real data:
  * service lines and unit prices: 16 lines standing in for the ~150 prescribed services;
  * the HCDD share of each joint committee's ICBs: the share that, with the DfT-derived
    baselines, gives the committee its published 2023/24 allocation as delegable money (the
    split between HCDD and the rest is not published);
  * flows: each ICB's expected annual cases per line are a national volume shared out in
    proportion to population x need index x (1 + DfT/100) (historic spend follows the DfT),
    then split between the ICB's local acute provider (common lines only) and specialist
    trusts by made-up catchment weights, with +/-15% random noise; some nearby trusts get
    low-volume relationships worth GBP 30k-450k a year (paid by LVA contracts). Volumes are
    then scaled so that contracts are worth the money they are paid from: each ICB's
    delegable lines its delegable money, the not-ready and retained lines NHS England's;
  * contracts: one per (payer, provider); kinds follow the 2024/25 payment rules (LVA below
    GBP 0.5m, block for local acute, block or API for specialist trusts, a few activity);
  * costs: fixed and marginal costs that make each provider's cost 97-103% of its planned
    income, with 30-50% of cost fixed (60-80% for mental health beds);
  * high-cost drugs: 99.5% of the 2024/25 HCDD money, by provider and line; those on delegable
    lines come to the headline GBP 13bn for the delegable services less the committees' sum
    (an inference: the committees' allocations leave out their services' drugs), the rest are
    the drugs, devices and national programmes of the lines NHS England keeps;
  * convergence parameters for five years (the published ones are not public);
  * which ICBs are ringfenced (three financially challenged North West / Midlands ICBs).

Contracts are worth the 2024/25 money at England's average growth (the 2023/24 money x 1.04):
what each holder's budget differs by after convergence is its first-year investment or cut.

Deterministic: standard library only, fixed seeds; running it twice gives identical files.
Usage: python3 generate.py   (writes the tables and scenario.toml next to this script)
scenarios/england-2026-27/generate.py imports this file for the constants the two share.
"""
import csv
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ in the scenario's folder
from calibration import (GROWTH_2024, HEADLINE_2023, MIN_CASES, NOT_READY_2023,  # noqa: E402
                         RETAINED_2023, TOTAL_2023, calibrate, scale_to_money)
from reconfiguration import reconfiguration_tables  # noqa: E402
from scenario_toml import TOML  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FACTS = os.path.join(HERE, "facts")
SEED = 20240401
LVA_THRESHOLD = 500000
# The published scale and the calibration to it: calibration.py.
DRUGS_SHARE_OF_HCDD = 0.995      # the drugs table spends 99.5% of the 2024/25 HCDD money
MONTHLY_PROFILE = [98, 101, 101, 101, 94, 100, 103, 103, 95, 102, 99, 103]  # Apr .. Mar
LVA_THRESHOLD_2025 = 1500000  # NHS Payment Scheme 2025/26: LVA for pairs of GBP 1.5m or less

# Each FY's [[allocation.years]] entry (illustrative but for the cost uplift and efficiency of
# 2024/25 and 2025/26, which are the NHS Payment Scheme's), with a comment for some keys.
# scenarios/england-2026-27/generate.py takes its three years from here.
YEARS = [
    {"financial_year": "2024/25", "growth_pct": GROWTH_2024, "floor_growth_pct": 2.5,
     "cap_growth_pct": 7, "tolerance_pct": 2.5, "pace_pct": 20, "cost_uplift_pct": 2.9,
     "efficiency_pct": 1.1},
    {"financial_year": "2025/26", "growth_pct": 4.5, "floor_growth_pct": 3, "cap_growth_pct": 8,
     "tolerance_pct": 2.5, "pace_pct": 20, "cost_uplift_pct": 4.83, "efficiency_pct": 2,
     "delegate_regions": ["all"], "lva_threshold_pounds": LVA_THRESHOLD_2025},
    {"financial_year": "2026/27", "growth_pct": 3.5, "floor_growth_pct": 2, "cap_growth_pct": 7,
     "tolerance_pct": 2.5, "pace_pct": 20, "cost_uplift_pct": 3, "efficiency_pct": 2},
    {"financial_year": "2027/28", "growth_pct": 3.5, "floor_growth_pct": 2, "cap_growth_pct": 7,
     "tolerance_pct": 2.5, "pace_pct": 20, "cost_uplift_pct": 3, "efficiency_pct": 2},
    {"financial_year": "2028/29", "growth_pct": 3.5, "floor_growth_pct": 2, "cap_growth_pct": 7,
     "tolerance_pct": 2.5, "pace_pct": 20, "cost_uplift_pct": 3, "efficiency_pct": 2},
]
YEAR_COMMENTS = {
    "delegate_regions": "   # from April 2025 every ICB holds its delegated budget",
    "lva_threshold_pounds": "   # NHS Payment Scheme 2025/26: LVA for pairs of £1.5m or less",
}
# April 2026: 42 ICBs become 36 (facts/2026-27/SOURCES.md).
RECONFIGURATION_START = "2026/27 M01"

REGIONS = [("Y61", "East of England"), ("Y56", "London"), ("Y60", "Midlands"),
           ("Y63", "North East and Yorkshire"), ("Y62", "North West"),
           ("Y59", "South East"), ("Y58", "South West")]
NEIGHBOURS = {"Y61": ["Y56", "Y60", "Y59"], "Y56": ["Y61", "Y59"],
              "Y60": ["Y62", "Y63", "Y61", "Y58"], "Y63": ["Y62", "Y60"],
              "Y62": ["Y63", "Y60"], "Y59": ["Y56", "Y58", "Y61"], "Y58": ["Y59", "Y60"]}
RINGFENCED = {"QE1", "QOC", "QYG"}  # illustrative choice

# code, name, category, unit price (GBP), national cases a year, local acute share (common lines)
LINES = [
    ("RENTX", "Adult renal transplantation", "delegable", 17146.00, 2400, None),
    ("RENDI", "Adult renal dialysis (per patient-month)", "delegable", 2213.40, 270000, 0.55),
    ("CHEMO", "Chemotherapy delivery (per attendance)", "delegable", 452.80, 180000, 0.70),
    ("RADIO", "Radiotherapy (per course)", "delegable", 3487.00, 140000, None),
    ("NEOCC", "Neonatal critical care (per episode)", "delegable", 9012.00, 185000, 0.60),
    ("PICU", "Paediatric intensive care", "delegable", 24860.00, 38000, None),
    ("CARDS", "Adult cardiac surgery", "delegable", 14215.00, 100000, None),
    ("NEURO", "Neurosurgery", "delegable", 11094.00, 220000, None),
    ("SPINE", "Complex spinal surgery", "delegable", 9486.00, 170000, None),
    ("RESP", "Specialised respiratory", "delegable", 3978.00, 300000, 0.50),
    ("VASC", "Specialised vascular", "delegable", 8041.00, 300000, 0.45),
    ("CF", "Cystic fibrosis", "delegable", 6020.00, 14000, 0.30),
    ("BMT", "Blood and marrow transplantation", "not_ready", 60370.00, 4000, None),
    ("ECMO", "Adult critical care ECMO", "retained", 70450.00, 800, None),
    ("HSS", "Highly specialised services", "retained", 40000.00, 25000, None),
    # Mental health, learning disability and autism provider collaboratives: all not yet ready
    # (seed 003). About GBP 475 a bed-day in secure care; volume: what the not-ready money leaves
    # after BMT (worked out below).
    ("MHLDA", "Specialised mental health, learning disability and autism (per patient-month)",
     "not_ready", 14500.00, None, None),
]
# Demand trend, % a year (ILLUSTRATIVE; the reasoning of each is in README.md): what every
# flow's expected activity on the line grows by from one FY to the next.
DEMAND_TREND = {"RENTX": 1.0, "RENDI": 2.5, "CHEMO": 4.0, "RADIO": 2.0, "NEOCC": 0.0,
                "PICU": 1.0, "CARDS": 1.0, "NEURO": 2.0, "SPINE": 2.5, "RESP": 3.0,
                "VASC": 2.0, "CF": -1.0, "BMT": 3.0, "ECMO": 2.0, "HSS": 3.0, "MHLDA": 1.0}
# How each line's activity varies beyond its plan (DESIGN.md section 7; ILLUSTRATIVE, the
# reasoning of each is in README.md "How activity varies"): the coefficient of variation a month
# keeps beyond Poisson chance (negative binomial), of the national factor each year, of the
# provider's own factor each year, and the standard deviation of the demand trend, all %.
VARIATION = {  # monthly_cv, national_cv, provider_cv, trend_sd
    "RENTX": (20, 5, 12, 1.0), "RENDI": (2, 1, 3, 0.5), "CHEMO": (5, 3, 5, 1.5),
    "RADIO": (5, 3, 6, 1.0), "NEOCC": (8, 3, 6, 0.5), "PICU": (15, 8, 8, 1.0),
    "CARDS": (8, 3, 10, 1.0), "NEURO": (8, 3, 8, 1.0), "SPINE": (8, 3, 10, 1.0),
    "RESP": (6, 4, 6, 1.0), "VASC": (8, 3, 8, 1.0), "CF": (10, 3, 8, 1.5),
    "BMT": (20, 5, 15, 2.0), "ECMO": (30, 15, 20, 2.0), "HSS": (20, 5, 15, 2.0),
    "MHLDA": (3, 2, 4, 0.5)}
# Monthly profiles, April .. March (ILLUSTRATIVE): planned care dips in August and December;
# winter respiratory illness (bronchiolitis, influenza) fills paediatric and adult critical care
# and respiratory beds from October to February; dialysis, transplants and standing cohorts
# follow the [policy] profile.
ELECTIVE = "100 102 101 101 92 100 104 104 90 103 100 103"
WINTER = "90 88 85 85 82 90 105 120 125 115 108 100"
RESPIRATORY = "95 95 92 92 90 95 102 108 112 110 106 103"
PROFILE = {"CHEMO": ELECTIVE, "RADIO": ELECTIVE, "CARDS": ELECTIVE, "NEURO": ELECTIVE,
           "SPINE": ELECTIVE, "VASC": ELECTIVE, "PICU": WINTER, "ECMO": WINTER,
           "RESP": RESPIRATORY}
VARIATION_COLUMNS = ["monthly_cv_pct", "national_cv_pct", "provider_cv_pct",
                     "demand_trend_sd_pct", "monthly_profile"]


def variation_cells(code):
    return tuple(f"{v:g}" for v in VARIATION[code]) + (PROFILE.get(code, ""),)


# High-cost drugs and devices (ILLUSTRATIVE): a provider's drug cost on a line is its planned
# activity value on the line x the line's intensity, scaled so that the delegable lines' drugs
# come to HEADLINE_2023 less the committees' sum and the other lines' to the rest of 99.5% of
# the 2024/25 HCDD budget; each grows by the line's rate a year (faster than tariff, Annex 2
# para 10).
DRUG_INTENSITY = {"CHEMO": 2.5, "CF": 1.8, "BMT": 0.4, "HSS": 0.5, "RESP": 0.3, "RENTX": 0.15,
                  "NEURO": 0.15, "RENDI": 0.05, "PICU": 0.05}
DRUG_GROWTH = {"CHEMO": 6.0, "BMT": 6.0, "CF": 4.0, "HSS": 4.0, "RESP": 4.0, "RENTX": 4.0,
               "NEURO": 4.0, "RENDI": 4.0, "PICU": 4.0}
NATIONAL_LINES = {"ECMO", "HSS"}  # every centre takes some patients from every ICB
NATIONAL_FLOOR = {"RP4": 0.3}     # catchment floor for national lines (default 0.05)
COMMON = ["CHEMO", "RENDI", "NEOCC", "RESP", "VASC", "CF"]  # lines local acute providers offer

# Specialist trusts: ODS code, home ICB (name and home ICB are read from the facts), lines
# offered, catchment weights by region code or ICB code (an ICB entry overrides its region's).
TRUSTS = [
    ("RBV", "The Christie NHS Foundation Trust", "CHEMO RADIO BMT",
     {"Y62": 1, "QNC": 0.3, "QOC": 0.2, "QJ2": 0.15, "QWO": 0.05, "QF7": 0.05}),
    ("R0A", "Manchester University NHS Foundation Trust",
     "RENTX RENDI NEOCC PICU CARDS NEURO SPINE RESP VASC CF ECMO HSS",
     {"Y62": 1, "QJ2": 0.1, "QNC": 0.1, "QWO": 0.05}),
    ("REM", "Liverpool University Hospitals NHS Foundation Trust",
     "RENTX RENDI NEURO SPINE RESP VASC CF", {"Y62": 0.7, "QYG": 1, "QOC": 0.1, "QNC": 0.05}),
    ("RTD", "The Newcastle upon Tyne Hospitals NHS Foundation Trust",
     "RENTX RENDI CHEMO RADIO NEOCC PICU CARDS NEURO SPINE RESP VASC CF BMT HSS",
     {"QHM": 1, "QOQ": 0.4, "QWO": 0.1, "QF7": 0.1, "QE1": 0.1}),
    ("RR8", "Leeds Teaching Hospitals NHS Trust",
     "RENTX RENDI CHEMO RADIO NEOCC PICU CARDS NEURO SPINE RESP VASC BMT HSS",
     {"Y63": 1, "QHM": 0.2, "QE1": 0.1, "QJ2": 0.05}),
    ("RRK", "University Hospitals Birmingham NHS Foundation Trust",
     "RENTX RENDI CHEMO RADIO CARDS NEURO SPINE RESP VASC BMT HSS",
     {"QHL": 1, "QUA": 1, "QGH": 1, "QOC": 0.8, "QNC": 0.8, "QWU": 0.5, "QJ2": 0.3,
      "QK1": 0.2, "QPM": 0.2, "QT1": 0.2, "QJM": 0.1, "QR1": 0.2}),
    ("RQ3", "Birmingham Women's and Children's NHS Foundation Trust", "NEOCC PICU HSS",
     {"QHL": 1, "QUA": 1, "QGH": 1, "QOC": 1, "QNC": 0.8, "QWU": 0.6, "QJ2": 0.2,
      "QK1": 0.2, "QPM": 0.2, "QT1": 0.1, "QJM": 0.1}),
    ("RKB", "University Hospitals Coventry and Warwickshire NHS Trust",
     "RENTX RENDI CHEMO RADIO CARDS NEURO SPINE VASC",
     {"QWU": 1, "QPM": 0.4, "QK1": 0.3, "QHL": 0.2, "QUA": 0.2, "QGH": 0.1, "QNC": 0.1}),
    ("RX1", "Nottingham University Hospitals NHS Trust",
     "RENTX RENDI CHEMO RADIO NEOCC PICU CARDS NEURO SPINE RESP VASC CF BMT",
     {"QT1": 1, "QJ2": 0.8, "QJM": 0.8, "QK1": 0.6, "QPM": 0.4, "QF7": 0.1, "QOQ": 0.05}),
    ("RGT", "Cambridge University Hospitals NHS Foundation Trust",
     "RENTX RENDI CHEMO RADIO NEOCC PICU NEURO SPINE VASC BMT HSS",
     {"Y61": 1, "QJM": 0.2, "QPM": 0.2, "QMJ": 0.05, "QMF": 0.05}),
    ("RGM", "Royal Papworth Hospital NHS Foundation Trust", "CARDS RESP CF ECMO HSS",
     {"Y61": 1, "QJM": 0.2, "QPM": 0.2, "QK1": 0.1, "QMF": 0.05, "QMJ": 0.05}),
    ("RJ1", "Guy's and St Thomas' NHS Foundation Trust",
     "RENTX RENDI CHEMO RADIO NEOCC PICU CARDS RESP VASC CF ECMO HSS",
     {"Y56": 1, "QKS": 0.6, "QNX": 0.3, "QXU": 0.3, "QH8": 0.2, "QM7": 0.1, "QNQ": 0.1}),
    ("RJZ", "King's College Hospital NHS Foundation Trust",
     "RENDI NEOCC PICU NEURO SPINE BMT HSS",
     {"Y56": 0.8, "QKK": 1, "QKS": 0.6, "QNX": 0.3, "QXU": 0.2, "QH8": 0.1}),
    ("RP4", "Great Ormond Street Hospital for Children NHS Foundation Trust",
     "PICU NEURO BMT HSS", {"Y56": 1, "Y61": 0.3, "Y59": 0.3}),
    ("RTH", "Oxford University Hospitals NHS Foundation Trust",
     "RENTX RENDI CHEMO RADIO NEOCC PICU CARDS NEURO SPINE VASC CF BMT HSS",
     {"QU9": 1, "QNQ": 0.6, "QXU": 0.3, "QRL": 0.2, "QPM": 0.3, "QOX": 0.4, "QR1": 0.3,
      "QHG": 0.4, "QWU": 0.05, "QM7": 0.05, "Y58": 0.1}),
    ("RHM", "University Hospital Southampton NHS Foundation Trust",
     "CHEMO RADIO NEOCC PICU CARDS NEURO SPINE RESP CF BMT",
     {"QRL": 1, "QVV": 0.8, "QNX": 0.4, "QXU": 0.3, "QNQ": 0.3, "QOX": 0.3, "QU9": 0.1,
      "QT6": 0.05}),
    ("RA7", "University Hospitals Bristol and Weston NHS Foundation Trust",
     "CHEMO RADIO NEOCC PICU CARDS RESP CF BMT",
     {"Y58": 1, "QOX": 0.8, "QR1": 1, "QGH": 0.1}),
]
TRUSTS_BY_CODE = {t[0]: t for t in TRUSTS}
ACTIVITY_PAIRS = 4     # ICB-specialist pairs paid on activity
NHSE_ACTIVITY = 3      # NHSE contracts paid on activity
API_OVERRIDES = 2      # API contracts with the 2022/23-style 75% / 50% rates
TRICKLE_PROBABILITY = 0.6  # chance of a low-volume relationship with a nearby trust


# Joint committees' mental health provider collaboratives (stand-ins, one per committee, led
# from the committee's most populous ICB), coded "MH" + these letters.
COLLABORATIVES = {"North West": "NW", "North East and North Cumbria": "NE",
                  "Yorkshire and the Humber": "YH", "West Midlands": "WM", "East Midlands": "EM",
                  "East of England": "EE", "London": "LO", "South East": "SE",
                  "South West": "SW"}
MH_SEED = SEED + 1  # the collaboratives draw from their own stream: the others' draws stay put


def read_csv(name):
    with open(os.path.join(FACTS, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")  # QUOTE_MINIMAL: RFC 4180 quoting
        w.writerow(header)
        w.writerows(rows)


def pounds(x):
    """A pound amount with at most two decimals and no trailing '.00'."""
    s = f"{round(x, 2):.2f}"
    return s[:-3] if s.endswith(".00") else s


def main():
    rng = random.Random(SEED)
    region_code = {name: code for code, name in REGIONS}
    icbs = read_csv("icbs.csv")
    committees = read_csv("joint_committees.csv")
    facts_trusts = {t["trust_name"]: t for t in read_csv("specialist_trusts.csv")}
    icb_region = {i["icb_code"]: region_code[i["nhs_region"]] for i in icbs}
    price = {ln[0]: ln[3] for ln in LINES}
    nhse_line = {ln[0]: ln[2] in ("not_ready", "retained") for ln in LINES}

    # Activity weight of an ICB: population x need x (1 + DfT/100).
    weight = {i["icb_code"]: int(i["registered_population_2024_25"])
              * float(i["core_need_index_2024_25"]) * (1 + float(i["dft_2023_24_pct"]) / 100)
              for i in icbs}
    total_weight = math.fsum(weight.values())
    cal = calibrate(icbs, weight, committees)

    # Providers: specialist trusts (name and home ICB from the facts), one local acute per ICB,
    # then one mental health provider collaborative per joint committee.
    providers, offers, home = [], {}, {}
    for code, name, lines, _ in TRUSTS:
        t = facts_trusts[name]
        providers.append((code, name, t["home_icb_code"], "specialist"))
        offers[code], home[code] = lines.split(), t["home_icb_code"]
    for i in icbs:
        code = "A" + i["icb_code"]
        providers.append((code, "Local acute provider, " + i["icb_name"], i["icb_code"], "acute"))
        offers[code], home[code] = list(COMMON), i["icb_code"]
    collaborative = {}
    for c in committees:
        jc = c["joint_committee"]
        lead = max((i for i in icbs if i["joint_committee_2023_24"] == jc),
                   key=lambda i: int(i["registered_population_2024_25"]))
        code = "MH" + COLLABORATIVES[jc]
        providers.append((code, "Mental health provider collaborative, " + jc,
                          lead["icb_code"], "specialist"))
        offers[code], home[code] = ["MHLDA"], lead["icb_code"]
        collaborative[jc] = code
    kind_of = {p[0]: p[3] for p in providers}
    order = {p[0]: n for n, p in enumerate(providers)}

    def catchment(trust, icb, line):
        c = TRUSTS_BY_CODE[trust][3]
        w = c.get(icb, c.get(icb_region[icb], 0.0))
        if icb == home[trust]:
            w *= 2
        if line in NATIONAL_LINES:
            w += NATIONAL_FLOOR.get(trust, 0.05)
        return w

    # Flows before scaling: {(icb, provider, line): lambda}; `trickle` holds the low-volume ones.
    raw, trickle = {}, set()
    for i in icbs:
        icb = i["icb_code"]
        for line, _, _, _, national, local_share in LINES:
            if line == "MHLDA":  # each ICB's patients with its committee's collaborative
                raw[(icb, collaborative[cal["committee_of"][icb]], line)] = (
                    weight[icb] / total_weight)
                continue
            cases = national * weight[icb] / total_weight
            cand = {t[0]: catchment(t[0], icb, line) for t in TRUSTS if line in offers[t[0]]}
            cand = {t: w for t, w in cand.items() if w > 0}
            shares = {}
            if local_share is not None:  # common line: local acute keeps what specialists don't
                total = math.fsum(cand.values())
                spec = (1 - local_share) * min(1.0, total)
                shares = {t: spec * w / total for t, w in cand.items()}
                shares["A" + icb] = 1 - spec
            else:
                if not cand:  # nobody in the catchment: trusts in neighbouring regions
                    cand = {t[0]: 0.5 for t in TRUSTS if line in offers[t[0]]
                            and icb_region[home[t[0]]] in NEIGHBOURS[icb_region[icb]]}
                assert cand, (icb, line)
                total = math.fsum(cand.values())
                shares = {t: w / total for t, w in cand.items()}
            for prov in sorted(shares, key=order.get):
                raw[(icb, prov, line)] = cases * shares[prov] * rng.uniform(0.85, 1.15)
        # Low-volume relationships (patient choice, people living near a border): some trusts
        # of this and neighbouring regions outside the catchment get one to four lines' worth
        # of GBP 30k-450k a year in all. These are what LVA contracts pay for.
        for t in TRUSTS:
            if rng.random() >= TRICKLE_PROBABILITY:
                continue
            near = icb_region[home[t[0]]] in [icb_region[icb]] + NEIGHBOURS[icb_region[icb]]
            lines = [ln for ln in offers[t[0]] if not nhse_line[ln]]
            if not near or any(catchment(t[0], icb, ln) > 0 for ln in lines):
                continue
            lines.sort(key=lambda ln: rng.random())
            picked = lines[:1 + int(rng.random() * 4)]
            pair_value = rng.uniform(30000, 450000)
            for line in picked:
                raw[(icb, t[0], line)] = pair_value / len(picked) / price[line]
                trickle.add((icb, t[0], line))
    flows, factor = scale_to_money(raw, trickle, price, nhse_line, cal)
    # What each (ICB, provider) pair would be worth at the national volumes' shares, before the
    # scaling: contract kinds are dealt on these, so that calibrating the scale does not re-deal
    # them (the LVA rule then applies to the values as scaled).
    unscaled = {}
    for k, lam in raw.items():
        if not nhse_line[k[2]] and round(lam, 3) >= MIN_CASES:
            unscaled[(k[0], k[1])] = unscaled.get((k[0], k[1]), 0.0) + round(lam, 3) * price[k[2]]
    icb_order = {i["icb_code"]: n for n, i in enumerate(icbs)}
    line_order = {ln[0]: n for n, ln in enumerate(LINES)}
    flow_keys = sorted(flows, key=lambda k: (icb_order[k[0]], order[k[1]], line_order[k[2]]))

    def value(keys):
        return math.fsum(flows[k] * price[k[2]] for k in keys)

    # Contracts: NHSE per provider for its NHSE lines; one per (ICB, provider) for delegable.
    # The collaboratives' contracts are blocks and draw no random numbers.
    groups = {}
    for k in flow_keys:
        payer = "NHSE" if nhse_line[k[2]] else k[0]
        groups.setdefault((payer, k[1]), []).append(k)
    contracts = []  # dicts
    for (payer, prov), keys in groups.items():
        lines = sorted({k[2] for k in keys}, key=line_order.get)
        nhse_offered = any(nhse_line[ln] for ln in offers[prov])
        spec = "*" if payer != "NHSE" and not nhse_offered else ";".join(lines)
        mental_health = prov.startswith("MH")
        contracts.append({"payer": payer, "provider": prov, "lines": spec, "keys": keys,
                          "planned": value(keys), "kind": "block" if mental_health else None,
                          "value": None, "above": "", "below": "",
                          "r": 0.0 if mental_health else rng.random()})
    contracts.sort(key=lambda c: (c["payer"] != "NHSE",
                                  icb_order.get(c["payer"], -1), order[c["provider"]]))
    nhse = [c for c in contracts if c["payer"] == "NHSE"]
    for n, c in enumerate(sorted((c for c in nhse if c["kind"] is None), key=lambda c: c["r"])):
        c["kind"] = "activity" if n < NHSE_ACTIVITY else "block"
    icb_pairs = [c for c in contracts if c["payer"] != "NHSE"]
    for c in icb_pairs:
        if c["planned"] < LVA_THRESHOLD:
            c["kind"] = "lva"
        elif kind_of[c["provider"]] == "acute":
            c["kind"] = "block"
    spec_pairs = sorted((c for c in icb_pairs if kind_of[c["provider"]] != "acute"
                         and unscaled.get((c["payer"], c["provider"]), 0.0) >= LVA_THRESHOLD),
                        key=lambda c: c["r"])
    n_api = 0
    for n, c in enumerate(spec_pairs):
        kind = "activity" if n < ACTIVITY_PAIRS else "api" if rng.random() < 0.5 else "block"
        if c["kind"] is None:  # not scaled below the LVA threshold
            c["kind"] = kind
        if c["kind"] == "api":
            n_api += 1
            if n_api <= API_OVERRIDES:
                c["above"], c["below"] = "75", "50"
    mh_rng = random.Random(MH_SEED)
    for c in contracts:
        if c["kind"] == "lva":
            c["value"] = round(c["planned"])
        elif c["kind"] == "api":
            c["value"] = round(c["planned"], -3)
        elif c["kind"] in ("block", None):  # None: scaled above the LVA threshold; a block
            c["kind"] = "block"
            draw = mh_rng if c["provider"].startswith("MH") else rng
            c["value"] = round(c["planned"] * draw.uniform(0.98, 1.02), -3)
        else:
            c["value"] = 0
        c["spend"] = c["planned"] if c["kind"] == "activity" else c["value"]
        c["code"] = f"C-{c['payer']}-{c['provider']}"

    # Costs: cost at planned activity = income x (provider factor x line jitter), 30-50% fixed
    # (mental health beds: 60-80%).
    income, cases = {}, {}
    for k in flow_keys:
        pl = (k[1], k[2])
        income[pl] = income.get(pl, 0.0) + flows[k] * price[k[2]]
        cases[pl] = cases.get(pl, 0.0) + flows[k]
    cost_factor = {p[0]: rng.uniform(0.970, 1.010) for p in providers
                   if not p[0].startswith("MH")}  # ~1 in 4 in deficit
    cost_factor.update({p[0]: mh_rng.uniform(0.970, 1.010) for p in providers
                        if p[0].startswith("MH")})
    cost_rows, cost_total, income_total = [], {}, {}
    for prov in (p[0] for p in providers):
        draw = mh_rng if prov.startswith("MH") else rng
        fixed_range = (0.60, 0.80) if prov.startswith("MH") else (0.30, 0.50)
        for line in offers[prov]:
            if (prov, line) not in income:
                print(f"note: {prov} offers {line} but no flow reaches it; no cost row")
                continue
            f = min(1.03, max(0.97, cost_factor[prov] * draw.uniform(0.995, 1.005)))
            target = income[(prov, line)] * f
            fixed = round(target * draw.uniform(*fixed_range))
            marginal = round((target - fixed) / cases[(prov, line)], 2)
            cost_rows.append((prov, line, pounds(fixed), pounds(marginal)))
            cost_total[prov] = cost_total.get(prov, 0.0) + fixed + marginal * cases[(prov, line)]
            income_total[prov] = income_total.get(prov, 0.0) + income[(prov, line)]

    # High-cost drugs and devices: 99.5% of the 2024/25 HCDD money, by provider and line. The
    # delegable lines' drugs come to the headline GBP 13bn less the committees' sum (x 1.04);
    # the other lines' rows carry the rest, the drugs, devices and national programmes that
    # NHS England holds for the services it keeps.
    drug_weight = {pl: v * DRUG_INTENSITY[pl[1]] for pl, v in income.items()
                   if pl[1] in DRUG_INTENSITY}
    delegable_line = {ln[0]: ln[2] == "delegable" for ln in LINES}
    drug_money = {True: cal["delegable_drugs_money"],
                  False: cal["hcdd_money"] * DRUGS_SHARE_OF_HCDD - cal["delegable_drugs_money"]}
    drug_scale = {d: drug_money[d] / math.fsum(w for pl, w in drug_weight.items()
                                                if delegable_line[pl[1]] == d)
                  for d in (True, False)}
    drug_rows = [(pl[0], pl[1], pounds(round(w * drug_scale[delegable_line[pl[1]]])),
                  f"{DRUG_GROWTH[pl[1]]:g}")
                 for pl, w in sorted(drug_weight.items(),
                                     key=lambda item: (order[item[0][0]], line_order[item[0][1]]))]

    # Write the tables.
    write_csv("regions.csv", ["region_code", "region_name"], REGIONS)
    write_csv("icbs.csv", ["icb_code", "icb_name", "region_code", "registered_population",
                           "need_index", "dft_pct", "delegation", "ringfenced", "hcdd_share_pct"],
              [(i["icb_code"], i["icb_name"], icb_region[i["icb_code"]],
                i["registered_population_2024_25"], i["core_need_index_2024_25"],
                i["dft_2023_24_pct"], "delegated" if i["delegation_2024_25"] == "full" else "joint",
                "yes" if i["icb_code"] in RINGFENCED else "no",
                f"{cal['hcdd_pct'][cal['committee_of'][i['icb_code']]]:.2f}")
               for i in icbs])
    write_csv("providers.csv", ["provider_code", "provider_name", "home_icb_code",
                                "provider_kind"], providers)
    write_csv("service_lines.csv", ["service_line_code", "service_line_name", "category",
                                    "unit_price_pounds", "demand_trend_pct"] + VARIATION_COLUMNS,
              [(ln[0], ln[1], ln[2], pounds(ln[3]), f"{DEMAND_TREND[ln[0]]:g}")
               + variation_cells(ln[0]) for ln in LINES])
    write_csv("costs.csv", ["provider_code", "service_line_code", "fixed_cost_pounds_per_year",
                            "marginal_cost_pounds_per_case"], cost_rows)
    write_csv("drugs.csv", ["provider_code", "service_line_code", "annual_cost_pounds",
                            "growth_pct"], drug_rows)
    write_csv("flows.csv", ["icb_code", "provider_code", "service_line_code",
                            "expected_cases_per_year"],
              [(k[0], k[1], k[2], f"{flows[k]:.3f}") for k in flow_keys])
    write_csv("contracts.csv", ["contract_code", "payer", "provider_code", "kind",
                                "annual_value_pounds", "service_lines", "api_rate_above_pct",
                                "api_rate_below_pct"],
              [(c["code"], c["payer"], c["provider"], c["kind"],
                "" if c["kind"] == "activity" else pounds(c["value"]), c["lines"],
                c["above"], c["below"]) for c in contracts])
    for name, (header, rows) in reconfiguration_tables(icbs, region_code).items():
        write_csv(name, header, rows)
    shares = cal["shares"]
    with open(os.path.join(HERE, "scenario.toml"), "w", encoding="utf-8") as f:
        f.write(TOML.format(seed=SEED, lva=LVA_THRESHOLD, baseline=pounds(TOTAL_2023),
                            delegable=f"{shares[0]:g}",
                            not_ready=f"{shares[1]:g}", retained=f"{shares[2]:g}",
                            profile=", ".join(str(w) for w in MONTHLY_PROFILE),
                            years=years_toml(YEARS), reconfiguration=RECONFIGURATION_START))
    summarise(providers, flows, flow_keys, contracts, cost_total, income_total, cost_rows,
              drug_rows, cal, factor, price, home)


def summarise(providers, flows, flow_keys, contracts, cost_total, income_total, cost_rows,
              drug_rows, cal, factor, price, home):
    """What generate.py made, for README.md's "In numbers"."""
    kinds = {}
    for p in providers:
        kinds[p[3]] = kinds.get(p[3], 0) + 1
    out_of_area = sum(1 for k in flow_keys if home[k[1]] != k[0])
    monthly = sorted(flows[k] / 12 for k in flow_keys)
    print(f"providers: {len(providers)} {kinds}")
    print(f"flows: {len(flow_keys)}, out of area: {out_of_area}; monthly cases median "
          f"{monthly[len(monthly) // 2]:.1f}, largest {monthly[-1]:.1f}; "
          f"cost rows: {len(cost_rows)}")
    deficit = sum(1 for p in cost_total if cost_total[p] > income_total[p])
    print(f"providers whose cost at planned activity exceeds planned income: {deficit}")
    for payer in ("ICB", "NHSE"):
        cs = [c for c in contracts if (c["payer"] == "NHSE") == (payer == "NHSE")]
        by_kind = {k: sum(1 for c in cs if c["kind"] == k)
                   for k in ("block", "api", "lva", "activity")}
        spend = math.fsum(c["spend"] for c in cs)
        print(f"{payer} contracts: {len(cs)} {by_kind}, planned spend GBP {spend / 1e9:.3f}bn")
    print(f"drugs: {len(drug_rows)} rows, GBP "
          f"{math.fsum(float(r[2]) for r in drug_rows) / 1e9:.3f}bn")
    category = {ln[0]: ln[2] for ln in LINES}
    by_line = {}
    for r in drug_rows:
        by_line[r[1]] = by_line.get(r[1], 0.0) + float(r[2])
    on_delegable = math.fsum(v for line, v in by_line.items() if category[line] == "delegable")
    print(f"  on delegable lines GBP {on_delegable / 1e9:.3f}bn (headline less the committees x "
          f"{1 + GROWTH_2024 / 100:g}: GBP {cal['delegable_drugs_money'] / 1e9:.3f}bn); on the "
          f"others GBP {(math.fsum(by_line.values()) - on_delegable) / 1e9:.3f}bn")
    cases = {}
    for k in flow_keys:
        cases[k[2]] = cases.get(k[2], 0.0) + flows[k]
    print("  drugs a case by line: " + "; ".join(
        f"{line} GBP {v / cases[line]:,.0f}" for line, v in by_line.items()))
    print(f"shares after HCDD: delegable {cal['shares'][0]}%, not ready {cal['shares'][1]}%, "
          f"retained {cal['shares'][2]}%")
    print("committee: HCDD share, published 2023/24 allocation, delegable money at average "
          "growth 2024/25")
    growth = 1 + GROWTH_2024 / 100
    for jc, pct in cal["hcdd_pct"].items():
        money = math.fsum(m for i, m in cal["icb_money"].items() if cal["committee_of"][i] == jc)
        print(f"  {jc:30s} {pct:6.2f}%  GBP {cal['delegable_2023'][jc] / 1e6:7.0f}m  "
              f"GBP {money / 1e6:7.1f}m (published x {growth:g}: "
              f"{cal['delegable_2023'][jc] * growth / 1e6:.1f}m)")
    print(f"2024/25 at average growth: delegable GBP "
          f"{math.fsum(cal['icb_money'].values()) / 1e9:.3f}bn, not ready GBP "
          f"{cal['not_ready_money'] / 1e9:.3f}bn, retained GBP "
          f"{cal['retained_money'] / 1e9:.3f}bn, HCDD GBP {cal['hcdd_money'] / 1e9:.3f}bn")
    icb_factors = sorted(f for g, f in factor.items() if g[0] != "NHSE" and g[1] is False)
    print(f"delegable volume scale per ICB: {icb_factors[0]:.3f} to {icb_factors[-1]:.3f}; "
          f"HSS x {factor[('NHSE', 'HSS')]:.3f}")
    national = {}
    for k in flow_keys:
        national[k[2]] = national.get(k[2], 0.0) + flows[k]
    print("national cases a year and value by line: " + "; ".join(
        f"{line} {n:,.0f} (GBP {n * price[line] / 1e6:,.0f}m)" for line, n in national.items()))


def years_toml(years):
    """[[allocation.years]] entries, one per FY."""
    def value(v):
        if isinstance(v, str):
            return f'"{v}"'
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return str(v) if isinstance(v, int) else f"{v:g}"
    return "\n".join("[[allocation.years]]\n" + "".join(
        f"{key} = {value(v)}{YEAR_COMMENTS.get(key, '')}\n" for key, v in year.items())
        for year in years)


if __name__ == "__main__":
    main()
