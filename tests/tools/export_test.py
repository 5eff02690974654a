#!/usr/bin/env python3
"""Tests of `specflow export` against the results store, read back independently.

  export_test.py xlsx SPECFLOW SOURCE_DIR   stored runs (mini: one replication, Monte Carlo,
                                            stress; England over three years) exported as xlsx,
                                            opened with zipfile and xml.etree: one sheet per
                                            table with rows, money columns totalling the
                                            store's in pounds, a £ format, bold frozen headers,
                                            a first sheet about the run; refusals and failures
                                            leave no file
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
import zipfile
from decimal import ROUND_HALF_UP, Decimal
import xml.etree.ElementTree as ET
from pathlib import Path

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Money columns by table, from docs/store.md, written here again on purpose: the test checks the
# program's own table (reports/column_kind.cpp) against the documentation. "pence": integer pence
# in the store; "pounds": the Monte Carlo estimates, real pounds.
QUANTILES = ("mean", "p5", "p10", "p50", "p90", "p95")
MONEY = {
    "provider_month": dict.fromkeys(("income", "cost", "pressure", "unfunded_activity", "forecast_income",
                                     "forecast_cost", "forecast_pressure"), "pence"),
    "income_by_source": {"amount": "pence"},
    "icb_month": dict.fromkeys(("budget", "spend", "variance", "risk_pool", "local_investment", "reserve",
                                "released", "forecast_spend", "forecast_variance"), "pence"),
    "nhse_month": dict.fromkeys(("budget", "spend", "variance"), "pence"),
    "allocations": dict.fromkeys(("baseline", "target", "allocation", "hcdd", "delegated", "retained",
                                            "held_for_icb"), "pence"),
    "reconfigurations": dict.fromkeys(("allocation_carried", "contract_value_carried"), "pence"),
    "flows": {"planned_value": "pence"},
    "granular": dict.fromkeys(("spend", "fair_share", "gap"), "pence"),
    "settlements": dict.fromkeys(("amount", "withheld", "outstanding"), "pence"),
    "provider_summary": {**dict.fromkeys(QUANTILES, "pounds"), "threshold": "pence"},
    "icb_summary": dict.fromkeys(QUANTILES, "pounds"),
    "national_summary": dict.fromkeys(QUANTILES, "pounds"),
    "provider_fan": dict.fromkeys(QUANTILES, "pounds"),
    "provider_exposure": {"amount": "pence"},
    "tornado": {},
    "provider_forecast_summary": dict.fromkeys(QUANTILES, "pounds"),
    "options_summary": {},
}
PERCENT = {"provider_summary": {"probability_above"}, "provider_exposure": {"share"},
           "reconfigurations": {"population_share"}, "tornado": {"variance_share", "standard_error"},
           "allocations": {"dft_before_pct", "dft_after_pct", "growth_pct"}, "granular": {"gap_pct"}}
POUNDS_FORMAT = "£#,##0.00;-£#,##0.00"


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


def column_letters(reference):
    letters = "".join(c for c in reference if c.isalpha())
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


class Workbook:
    """An xlsx file read with the standard library: sheets in order, cells with their formats."""

    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        shared = ET.fromstring(self.zip.read("xl/sharedStrings.xml"))
        self.strings = ["".join(t.text or "" for t in si.iter(MAIN + "t")) for si in shared.findall(MAIN + "si")]
        styles = ET.fromstring(self.zip.read("xl/styles.xml"))
        formats = {f.get("numFmtId"): f.get("formatCode") for f in styles.iter(MAIN + "numFmt")}
        fonts = [font.find(MAIN + "b") is not None for font in styles.find(MAIN + "fonts")]
        self.styles = [(formats.get(xf.get("numFmtId"), xf.get("numFmtId")), fonts[int(xf.get("fontId", "0"))])
                       for xf in styles.find(MAIN + "cellXfs")]
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(PACKAGE_RELATIONSHIP + "Relationship")}
        book = ET.fromstring(self.zip.read("xl/workbook.xml"))
        self.sheets = [(s.get("name"), "xl/" + targets[s.get(RELATIONSHIP)]) for s in book.iter(MAIN + "sheet")]

    def sheet(self, name):
        """Rows of (value, number format, bold) cells, and whether the first row is frozen."""
        path = dict(self.sheets)[name]
        root = ET.fromstring(self.zip.read(path))
        rows = []
        for row in root.iter(MAIN + "row"):
            cells = {}
            for cell in row.findall(MAIN + "c"):
                v = cell.find(MAIN + "v")
                if v is None:
                    continue
                if cell.get("t") == "s":
                    value = self.strings[int(v.text)]
                elif cell.get("t") == "str":
                    value = v.text
                else:
                    value = float(v.text)
                number_format, bold = self.styles[int(cell.get("s", "0"))]
                cells[column_letters(cell.get("r"))] = (value, number_format, bold)
            index = int(row.get("r")) - 1
            rows.extend([{}] * (index - len(rows)))
            rows.append(cells)
        pane = root.find(f"{MAIN}sheetViews/{MAIN}sheetView/{MAIN}pane")
        frozen = pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "1" \
            and pane.get("topLeftCell") == "A2"
        return rows, frozen


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


def check_table(checks, book, db, run, table):
    header, stored = store_rows(db, table, run)
    rows, frozen = book.sheet(table)
    where = f"run {run} {table}"
    checks.check(frozen, f"{where}: header row frozen")
    checks.check([rows[0].get(c, (None,))[0] for c in range(len(header))] == header, f"{where}: header")
    checks.check(all(cell[2] for cell in rows[0].values()), f"{where}: header bold")
    checks.check(len(rows) == len(stored) + 1, f"{where}: {len(rows) - 1} rows, the store {len(stored)}")
    for c, column in enumerate(header):
        kind = MONEY.get(table, {}).get(column)
        cells = [row.get(c) for row in rows[1:]]
        if kind:
            pence = sum(in_pence(r[c], kind) for r in stored if r[c] is not None)
            pounds = sum(cell[0] for cell in cells if cell is not None)
            checks.check(round(pounds * 100) == pence,
                         f"{where}.{column}: sheet total £{pounds:,.2f}, store {pence} pence")
            checks.check(all(cell is None or cell[1] == POUNDS_FORMAT for cell in cells),
                         f"{where}.{column}: a £ format")
        elif column in PERCENT.get(table, ()):
            checks.check(all(cell is None or cell[1] == "0.00%" for cell in cells), f"{where}.{column}: a % format")
        else:
            checks.check(all(cell is None or cell[1] == "0" or not cell[1] for cell in cells)
                         or column in ("planned_cases", "expected_cases_carried", "value"),
                         f"{where}.{column}: not money, no money format")


def check_about(checks, book, db, run):
    rows, frozen = book.sheet("About this run")
    text = {cell[0] for row in rows for cell in row.values() if isinstance(cell[0], str)}
    items = {row[0][0]: row[1][0] for row in rows if 0 in row and 1 in row}
    with sqlite3.connect(db) as connection:
        name, question, seed = connection.execute(
            "SELECT scenario_name, scenario_question, seed FROM runs WHERE run_id = ?", (run,)).fetchone()
    checks.check(frozen, f"run {run} About: header row frozen")
    checks.check(items.get("scenario") == name, f"run {run} About names the scenario {name}")
    checks.check(items.get("seed") == str(seed), f"run {run} About gives the seed {seed}: {items.get('seed')}")
    checks.check(not question or items.get("question") == question, f"run {run} About asks the question")
    checks.check("policy.api_rate_above_plan_pct" in text, f"run {run} About lists the [policy] parameters")
    return rows


def check_workbook(checks, binary, db, run, work):
    out = Path(work) / f"run{run}.xlsx"
    result = specflow(binary, "export", str(run), "--format", "xlsx", "--out", str(out), "--db", str(db))
    if not checks.check(result.returncode == 0 and out.exists(), f"export {run} xlsx: {result.stderr}"):
        return None
    book = Workbook(out)
    names = [name for name, _ in book.sheets]
    with sqlite3.connect(db) as connection:
        with_rows = [t for t in MONEY if connection.execute(f"SELECT 1 FROM {t} WHERE run_id = ? LIMIT 1",
                                                            (run,)).fetchone()]
    checks.check(names == ["About this run", "runs", *with_rows, "scenario_text"],
                 f"run {run}: sheets {names}, expected every table with rows, {with_rows}")
    checks.check(not list(Path(work).glob("*.partial")), f"run {run}: no partial file left")
    check_about(checks, book, db, run)
    runs_rows, frozen = book.sheet("runs")
    header, _ = store_rows(db, "runs", run)
    checks.check(frozen and [runs_rows[0][c][0] for c in range(len(header))] == header,
                 f"run {run}: runs sheet has the store's columns, frozen")
    for table in with_rows:
        check_table(checks, book, db, run, table)
    return book


def xlsx(binary, source_dir):
    checks = Checks()
    mini = str(Path(source_dir) / "tests" / "tools" / "mini" / "scenario.toml")
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "store.db"
        for arguments in (["run", mini, "--replication", "1"], ["run", mini, "--replications", "20"],
                          ["stress", mini, "--provider", "cambridge", "--replications", "20"],
                          ["run", "england-2024-25", "--years", "3", "--replication", "0"]):
            result = specflow(binary, *arguments, "--db", str(db), cwd=work)
            if result.returncode != 0:
                print("FAIL:", *arguments, result.stderr)
                return 0, 1
        for run in (1, 2, 3):
            check_workbook(checks, binary, db, run, work)
        book = check_workbook(checks, binary, db, 4, work)
        if book:
            rows, _ = book.sheet("About this run")
            marks = {row[0][0]: row[3][0] for row in rows if 0 in row and 3 in row}
            checks.check(marks.get("policy.lva_threshold_pounds") == "published",
                         "England: the LVA threshold is published")
            checks.check(marks.get("policy.monthly_profile") == "illustrative",
                         "England: the monthly profile is illustrative")

        # Refused without --out (a binary on the terminal): one positioned line, nothing written.
        refused = specflow(binary, "export", "1", "--format", "xlsx", "--db", str(db), cwd=work)
        checks.check(refused.returncode == 2 and refused.stdout == "" and
                     refused.stderr.startswith("error: field '--out': ") and refused.stderr.count("\n") == 1,
                     f"xlsx without --out refused: {refused.returncode} {refused.stderr!r}")
        with_table = specflow(binary, "export", "1", "provider_month", "--format", "xlsx", "--out",
                              str(Path(work) / "t.xlsx"), "--db", str(db))
        checks.check(with_table.returncode == 2 and not (Path(work) / "t.xlsx").exists(),
                     f"xlsx with a table refused: {with_table.stderr!r}")
        # A file cannot be written: status 1, and neither it nor a partial file is left.
        blocker = Path(work) / "blocker"
        blocker.write_text("a file, not a folder")
        failed = specflow(binary, "export", "1", "--format", "xlsx", "--out", str(blocker / "x.xlsx"), "--db", str(db))
        checks.check(failed.returncode == 1 and failed.stderr.startswith("error: "),
                     f"an output folder that is a file: {failed.returncode} {failed.stderr!r}")
        folder = Path(work) / "folder.xlsx"
        folder.mkdir()
        failed = specflow(binary, "export", "1", "--format", "xlsx", "--out", str(folder), "--db", str(db))
        checks.check(failed.returncode == 1 and folder.is_dir() and not list(Path(work).glob("*.partial")),
                     f"a rename that fails leaves no partial file: {failed.returncode} {failed.stderr!r}")
    return checks.passed, checks.failed


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
                     all(isinstance(r["p50"], float) for r in records) and
                     [f"{r['p50']:.2f}" for r in records] == [pounds_text(in_pence(s[p50], "pounds")) for s in summary],
                     f"json Monte Carlo p50 a number in pounds to the penny: {records[0]['p50']} from {summary[0][p50]}")
        checks.check(all(isinstance(r["run_id"], int) and isinstance(r["fy"], str) for r in records) and
                     all(r["probability_above"] is None and r["threshold"] is None
                         for r in records if r["measure"] != "pressure") and
                     all(isinstance(r["probability_above"], float) and r["threshold"] == 0
                         for r in records if r["measure"] == "pressure"),
                     f"json numbers are numbers, text is text and an empty number is null: {records[0]}")
        whole_pence = json.loads(specflow(binary, "export", "2", "provider_summary", "--format", "json", "--pence",
                                       "--db", str(db)).stdout)
        checks.check([r["p50"] for r in whole_pence] == [in_pence(s[p50], "pounds") for s in summary],
                     f"json --pence: whole pence as whole numbers, {whole_pence[0]['p50']}")
        # The same figures as the run's own summary CSV, to the penny.
        with open(Path(work) / "specflow-out" / "summary_provider_year.csv", newline="") as f:
            written = {(r["provider_code"], r["fy"], r["measure"]): [r[q] for q in QUANTILES] for r in csv.DictReader(f)}
        exported = {(r["provider_code"], r["fy"], r["measure"]): [f"{r[q]:.2f}" for q in QUANTILES] for r in records}
        checks.check(exported == written, "export's Monte Carlo summary in pounds is the run's summary_provider_year.csv")
        help_text = specflow(binary, "export", "--help").stdout
        checks.check("pounds" in help_text and "--pence" in help_text, "export --help says pounds and --pence")
        out = Path(work) / "table.csv"
        written = specflow(binary, "export", "1", "provider_month", "--out", str(out), "--db", str(db))
        checks.check(written.returncode == 0 and list(csv.reader(out.open(newline=""))) == pounds,
                     "csv --out writes the file stdout would show")
        no_table = specflow(binary, "export", "1", "--db", str(db))
        checks.check(no_table.returncode == 2 and "error: field 'table'" in no_table.stderr,
                     f"csv without a table refused: {no_table.stderr!r}")
        check_stray_bytes(checks, binary, db, work)
    return checks.passed, checks.failed


def check_stray_bytes(checks, binary, db, work):
    """A store written before names had to be UTF-8 may hold one that is not (here a provider's
    name made 'R' and the byte 0xFF): every output shows the byte as U+FFFD and stays readable
    (before, the workbook's XML was not well-formed and the CSV and HTML not UTF-8)."""
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE provider_month SET provider_name = CAST(X'52FF' AS TEXT) "
                           "WHERE run_id = 1 AND rowid = (SELECT MIN(rowid) FROM provider_month)")
    outputs = {}
    for name, arguments in (("csv", ["export", "1", "provider_month"]),
                            ("json", ["export", "1", "provider_month", "--format", "json"])):
        result = subprocess.run([binary, *arguments, "--db", str(db)], capture_output=True)
        checks.check(result.returncode == 0, f"{name} export of a stray byte: exit {result.returncode}")
        outputs[name] = result.stdout
    workbook = Path(work) / "stray.xlsx"
    report = Path(work) / "stray.html"
    for path, arguments in ((workbook, ["export", "1", "--format", "xlsx"]), (report, ["report", "1"])):
        result = subprocess.run([binary, *arguments, "--out", str(path), "--db", str(db)], capture_output=True)
        checks.check(result.returncode == 0 and path.exists(), f"{path.name} of a stray byte: exit {result.returncode}")
        outputs[path.name] = path.read_bytes() if path.exists() else b""
    texts = {}
    try:
        with zipfile.ZipFile(io.BytesIO(outputs.pop("stray.xlsx"))) as book:
            for member in book.namelist():
                if member.endswith(".xml"):
                    ET.fromstring(book.read(member))  # refuses XML that is not well-formed
            texts["stray.xlsx"] = book.read("xl/sharedStrings.xml").decode("utf-8")
    except (KeyError, zipfile.BadZipFile, ET.ParseError, UnicodeDecodeError) as error:
        checks.check(False, f"the workbook's XML is well-formed: {error}")
    for name, data in outputs.items():
        try:
            texts[name] = data.decode("utf-8")
        except UnicodeDecodeError as error:
            checks.check(False, f"{name} is UTF-8: {error}")
    for name, text in texts.items():
        checks.check("R\ufffd" in text, f"{name} shows the stray byte as U+FFFD")


def main():
    mode, binary, source_dir = sys.argv[1:4]
    passed, failed = {"xlsx": xlsx, "csv": csv_and_json}[mode](binary, source_dir)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
