#!/usr/bin/env python3
"""The built-in England's risk is as wide as its common factors make it (DESIGN.md section 7).

  risk_spread_test.py SPECFLOW SOURCE_DIR

Runs `specflow run england-2024-25 --years 1 --replications 500` as England sets it, and a copy
with the common factors and the trend's uncertainty set to 0 (national_cv_pct, provider_cv_pct and
demand_trend_sd_pct in service_lines.csv; the monthly overdispersion kept), and reads
summary_provider_year.csv of each. With Poisson activity alone a trust's hundreds of flows
average the risk away: the probability of a loss was 0% or 100% for nearly every trust and The
Christie's income P5 to P95 spanned 1.4% of its income. The defaults must not fall back there:

  - as set, at least half the specialist providers (providers.csv's provider_kind) have a
    probability of a loss (pressure above £0) strictly between 5% and 95%: 18 of 26 when this
    test was written, against 8 of 26 with the factors at 0;
  - The Christie's (RBV) P5 to P95 is at least 3 times as wide as set as with the factors at 0
    for its income excluding drugs (12.2% of the mean against 2.1% when written), and at least
    twice as wide for its income with the drugs passed through (26.5% against 9.0%).

Prints "N passed, M failed" and exits non-zero on any failure.
"""
import csv
import os
import shutil
import subprocess
import sys
import tempfile

FACTORS = ("national_cv_pct", "provider_cv_pct", "demand_trend_sd_pct")


def without_factors(source, into):
    """A copy of the scenario folder `source` with every line's common factors set to 0."""
    folder = os.path.join(into, "no-factors")
    shutil.copytree(source, folder)
    lines = os.path.join(folder, "service_lines.csv")
    with open(lines, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(lines, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, **{column: "0" for column in FACTORS}})
    return os.path.join(folder, "scenario.toml")


def summaries(specflow, scenario, work):
    """summary_provider_year.csv of one run, keyed by (provider, measure)."""
    out = os.path.join(work, "out")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([specflow, "run", scenario, "--years", "1", "--replications", "500",
                    "--db", os.path.join(work, "s.db"), "--out", out],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "summary_provider_year.csv"), newline="", encoding="utf-8") as f:
        return {(row["provider_code"], row["measure"]): row for row in csv.DictReader(f)}


def width(row):
    """P5 to P95 as a share of the mean."""
    return (float(row["p95"]) - float(row["p5"])) / float(row["mean"])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    specflow, source_dir = os.path.abspath(sys.argv[1]), sys.argv[2]
    folder = os.path.join(source_dir, "scenarios", "england-2024-25")
    with open(os.path.join(folder, "providers.csv"), newline="", encoding="utf-8") as f:
        specialists = [row["provider_code"] for row in csv.DictReader(f)
                       if row["provider_kind"] == "specialist"]
    passed = failed = 0

    def check(ok, line):
        nonlocal passed, failed
        passed, failed = passed + ok, failed + (not ok)
        print("ok:" if ok else "FAIL:", line)

    with tempfile.TemporaryDirectory() as work:
        as_set = summaries(specflow, "england-2024-25", work)
        plain = summaries(specflow, without_factors(folder, work), work)
    uncertain = [code for code in specialists
                 if 0.05 < float(as_set[code, "pressure"]["probability_pressure_above_threshold"])
                 < 0.95]
    check(len(specialists) > 0 and 2 * len(uncertain) >= len(specialists),
          f"{len(uncertain)} of {len(specialists)} specialist providers have a probability of a "
          "loss between 5% and 95%")
    for measure, times in (("income_excl_drugs", 3.0), ("income", 2.0)):
        wide, narrow = width(as_set["RBV", measure]), width(plain["RBV", measure])
        check(wide >= times * narrow,
              f"The Christie's {measure} P5-P95: {wide:.1%} of the mean as set, {narrow:.1%} with "
              f"the common factors at 0 (at least {times:.0f} times as wide)")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
