#!/usr/bin/env python3
"""Tests of `specflow export` against the results store, read back independently.

  export_test.py csv SPECFLOW SOURCE_DIR    export csv and json write pounds by default and the
                                            store's pence with --pence
Prints "N passed, M failed" and exits non-zero on any failure.
"""
import csv
import io
import json
import sqlite3
import subprocess
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

QUANTILES = ("mean", "p5", "p10", "p50", "p90", "p95")


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, condition, message):
        if condition:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL:", message)
        return condition


def specflow(binary, *arguments, cwd=None):
    return subprocess.run([binary, *arguments], capture_output=True, text=True, cwd=cwd)


def store_rows(db, table, run):
    with sqlite3.connect(db) as connection:
        cursor = connection.execute(f"SELECT * FROM {table} WHERE run_id = ? ORDER BY rowid", (run,))
        header = [d[0] for d in cursor.description]
        return header, cursor.fetchall()


def pounds_text(pence):
    return f"{'-' if pence < 0 else ''}{abs(pence) // 100}.{abs(pence) % 100:02d}"


def in_pence(value, kind):
    """Whole pence; pounds estimates rounded half away from zero on their decimal form, as
    `specflow run`'s CSV files round them."""
    if kind == "pence":
        return int(value)
    return int(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)


def csv_and_json(binary, source_dir):
    checks = Checks()
    mini = str(Path(source_dir) / "tests" / "tools" / "mini" / "scenario.toml")
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "store.db"
        for arguments in (["run", mini, "--replication", "1"], ["run", mini, "--replications", "20"]):
            if specflow(binary, *arguments, "--db", str(db), cwd=work).returncode != 0:
                print("FAIL:", *arguments)
                return 0, 1
        header, stored = store_rows(db, "provider_month", 1)
        income = header.index("income")
        pounds = list(csv.reader(io.StringIO(specflow(binary, "export", "1", "provider_month", "--db", str(db)).stdout)))
        pence = list(csv.reader(io.StringIO(
            specflow(binary, "export", "1", "provider_month", "--pence", "--db", str(db)).stdout)))
        checks.check(pounds[0] == header and pence[0] == header, "csv headers are the store's columns")
        checks.check([r[income] for r in pounds[1:]] == [pounds_text(r[income]) for r in stored],
                     f"csv income in pounds with two decimals: {pounds[1][income]} from {stored[0][income]} pence")
        checks.check([r[income] for r in pence[1:]] == [str(r[income]) for r in stored],
                     f"csv --pence: the store's pence, {pence[1][income]}")
        checks.check([r[1] for r in pounds[1:]] == [r[1] for r in stored], "csv text columns unchanged")
        records = json.loads(specflow(binary, "export", "2", "provider_summary", "--format", "json", "--db", str(db)).stdout)
        columns, summary = store_rows(db, "provider_summary", 2)
        p50 = columns.index("p50")
        checks.check(len(records) == len(summary) > 0 and
                     [r["p50"] for r in records] == [pounds_text(in_pence(s[p50], "pounds")) for s in summary],
                     f"json Monte Carlo p50 in pounds to the penny: {records[0]['p50']} from {summary[0][p50]}")
        whole_pence = json.loads(specflow(binary, "export", "2", "provider_summary", "--format", "json", "--pence",
                                       "--db", str(db)).stdout)
        checks.check([r["p50"] for r in whole_pence] == [str(in_pence(s[p50], "pounds")) for s in summary],
                     f"json --pence: whole pence, {whole_pence[0]['p50']}")
        # The same figures as the run's own summary CSV, to the penny.
        with open(Path(work) / "specflow-out" / "summary_provider_year.csv", newline="") as f:
            written = {(r["provider_code"], r["fy"], r["measure"]): [r[q] for q in QUANTILES] for r in csv.DictReader(f)}
        exported = {(r["provider_code"], r["fy"], r["measure"]): [r[q] for q in QUANTILES] for r in records}
        checks.check(exported == written, "export's Monte Carlo summary in pounds is the run's summary_provider_year.csv")
        help_text = specflow(binary, "export", "--help").stdout
        checks.check("pounds" in help_text and "--pence" in help_text, "export --help says pounds and --pence")
        out = Path(work) / "table.csv"
        written = specflow(binary, "export", "1", "provider_month", "--out", str(out), "--db", str(db))
        checks.check(written.returncode == 0 and list(csv.reader(out.open(newline=""))) == pounds,
                     "csv --out writes the file stdout would show")
    return checks.passed, checks.failed


def main():
    mode, binary, source_dir = sys.argv[1:4]
    passed, failed = {"csv": csv_and_json}[mode](binary, source_dir)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
