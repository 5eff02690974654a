#!/usr/bin/env python3
"""Checks specflow's CSV outputs against its inputs with Python's csv module.

Runs `specflow run SCENARIO --replication 0` into a temporary directory (every FY of the
scenario's [allocation], if it has one), then:
  * parses every output file with a real RFC 4180 reader and checks each row has the header's
    field count, that names (several hold commas) come back exactly as in the inputs, and that
    there is one row per provider or ICB per month;
  * checks income_by_source adds up to provider_month's income, provider by provider and month
    by month, and that pressure = cost − income on every row;
  * without [allocation] (budgets given, contracts paid as written): recomputes each provider's
    annual income from the input tables alone — block, API and LVA annual values, and activity
    contracts' Σ λ × price rounded to the penny (on replication 0 activity equals plan, so API
    variable elements are zero) — and compares it to the output;
  * with [allocation] (DESIGN.md §4-5): every FY, provider income from ICBs, NHS England and
    HCDD equals the national budget less what icb_month.csv and nhse_month.csv show as held
    back, to the penny; every ICB's annual variance is within ±0.5% of its budget (no scenario
    reserve) and each ICB spends its commissioning plan (commissioning.csv), which adds up and
    is its budget less its reserve; and each provider's first-year drugs income is its drugs.csv
    cost, to within the rounding of a cost per case to the penny;
  * granular.csv has one row per ICB of each FY per service line, gap = spend − fair share, and
    each line's fair shares add up to its national spend to the penny.
Exit status 0 when every check holds; otherwise it prints each failure.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import tomllib
from decimal import Decimal, ROUND_HALF_EVEN
from pathlib import Path

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    for n, row in enumerate(body, start=2):
        check(len(row) == len(header), f"{path.name} record {n}: {len(row)} fields, header has {len(header)}")
    return [dict(zip(header, row)) for row in body]


def milli(text):
    return int((Decimal(text) * 1000).to_integral_exact())


def pence(text):
    return int((Decimal(text or "0") * 100).to_integral_exact())


def covering_contract(flow, contracts):
    matches = [c for c in contracts
               if c["provider_code"] == flow["provider_code"]
               and (c["service_lines"] == "*" or flow["service_line_code"] in c["service_lines"].split(";"))
               and c["payer"] in (flow["icb_code"], "NHSE")]
    check(len(matches) == 1, f"flow {flow} is covered by {len(matches)} contracts")
    return matches[0]["contract_code"]


def expected_income(tables):
    """Annual income per provider in pence, from the input tables only."""
    price = {s["service_line_code"]: pence(s["unit_price_pounds"]) for s in tables["service_lines"]}
    contracts = tables["contracts"]
    activity_value = {}  # contract code -> milli-pence
    for flow in tables["flows"]:
        code = covering_contract(flow, contracts)
        activity_value[code] = activity_value.get(code, 0) + milli(flow["expected_cases_per_year"]) * price[flow["service_line_code"]]
    income = {}
    for c in contracts:
        if c["kind"] == "activity":
            amount = int((Decimal(activity_value.get(c["contract_code"], 0)) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
        else:
            amount = pence(c["annual_value_pounds"])
        income[c["provider_code"]] = income.get(c["provider_code"], 0) + amount
    return income


def check_waterfall(tables, outputs):
    """The chain allocation → provider income closes, FY by FY (DESIGN.md §4-5)."""
    fys = sorted({row["fy"] for row in outputs["icb_month"]})
    for fy in fys:
        budget = held = 0
        icb_budget, icb_variance = {}, {}
        for row in outputs["icb_month"]:
            if row["fy"] == fy:
                budget += pence(row["budget"])
                held += pence(row["variance"])  # local pathways are paid out of the underspend
                icb_budget[row["icb_code"]] = icb_budget.get(row["icb_code"], 0) + pence(row["budget"])
                icb_variance[row["icb_code"]] = icb_variance.get(row["icb_code"], 0) + pence(row["variance"])
        for row in outputs["nhse_month"]:
            if row["fy"] == fy:
                budget += pence(row["budget"])
                held += pence(row["variance"])
        income = sum(pence(row["income"]) for row in outputs["provider_month"] if row["fy"] == fy)
        check(income == budget - held,
              f"{fy}: provider income {income}p, national budget {budget}p less held back {held}p is {budget - held}p")
        for code, amount in icb_budget.items():
            check(abs(icb_variance[code]) * 200 <= amount,
                  f"{fy}: {code} variance {icb_variance[code]}p is more than 0.5% of its budget {amount}p")
    # Each holder's plan adds up, and the expected-value run spends it (a few pence of monthly
    # rounding aside): commissioning.csv against icb_month.csv.
    spend = {}
    for row in outputs["icb_month"]:
        key = (row["fy"], row["icb_code"])
        spend[key] = spend.get(key, 0) + pence(row["spend"])
    for row in outputs["commissioning"]:
        planned = pence(row["planned"])
        check(planned == pence(row["committed"]) + pence(row["rebased"]) + pence(row["investment"]),
              f"commissioning.csv: {row['fy']} {row['holder_code']}: the plan does not add up")
        check(planned == pence(row["budget"]) - pence(row["reserve"]),
              f"commissioning.csv: {row['fy']} {row['holder_code']}: planned is not budget less reserve")
        if row["holder_code"] != "NHSE":
            check(abs(spend[(row["fy"], row["holder_code"])] - planned) <= 12,
                  f"{row['fy']} {row['holder_code']}: spent {spend[(row['fy'], row['holder_code'])]}p, planned {planned}p")
    first = fys[0]
    drugs = {}
    for row in outputs["income_by_source"]:
        if row["fy"] == first and row["contract_kind"] == "drugs":
            drugs[row["provider_code"]] = drugs.get(row["provider_code"], 0) + pence(row["amount"])
    planned = {}
    for row in tables.get("drugs", []):
        planned[row["provider_code"]] = planned.get(row["provider_code"], 0) + pence(row["annual_cost_pounds"])
    cases = {}
    for flow in tables["flows"]:
        cases[flow["provider_code"]] = cases.get(flow["provider_code"], 0) + milli(flow["expected_cases_per_year"])
    for code, amount in planned.items():
        # A cost per case to the nearest penny is out by at most half a penny a case.
        check(abs(drugs.get(code, 0) - amount) * 2000 <= cases[code],
              f"{first}: {code} drugs income {drugs.get(code, 0)}p, drugs.csv {amount}p")
    check(not planned or drugs, "the scenario has drugs but no drugs income was paid")


def check_granular(rows, icbs, existing, fys):
    """granular.csv: names as in the inputs, gap = spend − fair share on every row, one row per
    ICB of the FY per line, and a line's fair shares summing to its national spend exactly."""
    lines = {}
    for row in rows:
        check(row["icb_code"] in existing[row["fy"]], f"granular: {row['icb_code']} does not exist in {row['fy']}")
        check(icbs.get(row["icb_code"]) == row["icb_name"], f"granular: ICB name changed: {row['icb_name']!r}")
        check(pence(row["gap"]) == pence(row["spend"]) - pence(row["fair_share"]), f"granular: gap != spend - fair share: {row}")
        totals = lines.setdefault((row["fy"], row["service_line_code"]), [0, 0, 0])
        totals[0] += pence(row["spend"])
        totals[1] += pence(row["fair_share"])
        totals[2] += 1
    for (fy, line), (spend, fair, count) in lines.items():
        check(spend == fair, f"granular: {fy} {line}: fair shares {fair}p, national spend {spend}p")
        check(count == len(existing[fy]), f"granular: {fy} {line}: {count} rows for {len(existing[fy])} ICBs")
    check({fy for fy, _ in lines} == set(fys), "granular: rows for every FY")


def first_fy(document, offset):
    """The label of the FY `offset` years after the scenario's first ("2024/25")."""
    start = int(document["scenario"]["financial_year"][:4]) + offset
    return f"{start}/{(start + 1) % 100:02d}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--specflow", required=True)
    parser.add_argument("--scenario", required=True)
    args = parser.parse_args()
    scenario = Path(args.scenario)
    with open(scenario, "rb") as f:
        table_names = tomllib.load(f)["tables"]
    tables = {name: read(scenario.parent / file) for name, file in table_names.items()}

    with open(scenario, "rb") as f:
        document = tomllib.load(f)
    allocation = document.get("allocation")
    years = len(allocation["years"]) if allocation else 1
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([args.specflow, "run", str(scenario), "--replication", "0", "--years", str(years),
                        "--out", out, "--db", str(Path(out) / "store.db")],
                       check=True, stdout=subprocess.DEVNULL)
        outputs = {name: read(Path(out) / f"{name}.csv")
                   for name in ("provider_month", "income_by_source", "icb_month", "nhse_month")}
        outputs["granular"] = read(Path(out) / "granular.csv")
        if allocation:
            outputs["commissioning"] = read(Path(out) / "commissioning.csv")

    providers = {p["provider_code"]: p["provider_name"] for p in tables["providers"]}
    icbs = {i["icb_code"]: i["icb_name"] for i in tables["icbs"]}
    # A reconfiguration's ICBs join the run's from its FY; those it does not list end.
    fys = [first_fy(document, y) for y in range(years)]
    existing = {fy: set(icbs) for fy in fys}
    for entry in document.get("reconfiguration", []):
        fy = entry["start"].split()[0]
        listed = {i["icb_code"]: i["icb_name"] for i in read(scenario.parent / entry["icbs"])}
        icbs.update({code: name for code, name in listed.items() if code not in icbs})
        for later in fys[fys.index(fy):] if fy in fys else []:
            existing[later] = set(listed)
    check(len(outputs["provider_month"]) == 12 * years * len(providers), "provider_month: one row per provider and month")
    check(len(outputs["icb_month"]) == 12 * sum(len(existing[fy]) for fy in fys),
          "icb_month: one row per ICB and month, for the ICBs of each FY")
    for row in outputs["icb_month"]:
        check(row["icb_code"] in existing[row["fy"]], f"{row['icb_code']} does not exist in {row['fy']}")
    for row in outputs["provider_month"]:
        check(providers.get(row["provider_code"]) == row["provider_name"], f"provider name changed: {row['provider_name']!r}")
        check(pence(row["pressure"]) == pence(row["cost"]) - pence(row["income"]), f"pressure != cost - income: {row}")
    for row in outputs["icb_month"]:
        check(icbs.get(row["icb_code"]) == row["icb_name"], f"ICB name changed: {row['icb_name']!r}")
        check(pence(row["variance"]) == pence(row["budget"]) - pence(row["spend"]), f"variance != budget - spend: {row}")
    check(any("," in name for name in icbs.values()), "the scenario should have an ICB name with a comma")

    check_granular(outputs["granular"], icbs, existing, fys)

    by_source = {}
    for row in outputs["income_by_source"]:
        key = (row["provider_code"], row["fy"], row["month"])
        by_source[key] = by_source.get(key, 0) + pence(row["amount"])
        if row["payer_code"] != "NHSE":
            check(icbs.get(row["payer_code"]) == row["payer_name"], f"payer name changed: {row['payer_name']!r}")
    annual = {}
    for row in outputs["provider_month"]:
        key = (row["provider_code"], row["fy"], row["month"])
        check(by_source.get(key, 0) == pence(row["income"]), f"income_by_source does not add up for {key}")
        annual[row["provider_code"]] = annual.get(row["provider_code"], 0) + pence(row["income"])

    if allocation:
        check_waterfall(tables, outputs)
        summary = (f"checked {len(providers)} providers, {len(icbs)} ICBs over {years} FYs; provider income "
                   f"is the national budget less what is held back, to the penny, every FY")
    else:
        expected = expected_income(tables)
        for code in providers:
            check(annual.get(code, 0) == expected.get(code, 0),
                  f"{code}: income {annual.get(code, 0)}p, recomputed from the inputs {expected.get(code, 0)}p")
        total = sum(annual.values())
        summary = (f"checked {len(providers)} providers, {len(icbs)} ICBs; total income £{Decimal(total) / 100:,.2f} "
                   f"equals the contract payments recomputed from the input tables")
    print(summary if not failures else "")
    for failure in failures[:20]:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
