#!/usr/bin/env python3
"""Tests of the results store that use the real programs.

  store_test.py queries SPECFLOW SOURCE_DIR   every example query in docs/store.md runs as
                                              written in the sqlite3 shell against a fresh store
  store_test.py kill SPECFLOW                 a writer killed with SIGKILL half-way through its
                                              transaction leaves a store that passes
                                              PRAGMA integrity_check and holds no partial run
Prints "N passed, M failed" and exits non-zero on any failure.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def sqlite(db, sql):
    return subprocess.run(["sqlite3", "-bail", str(db), sql], capture_output=True, text=True)


def run(specflow, db, out, *arguments, env=None):
    return subprocess.run([specflow, "run", *arguments, "--db", str(db), "--out", str(out)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)


def queries(specflow, source_dir):
    text = (Path(source_dir) / "docs" / "store.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, re.S)
    passed, failed = 0, 0
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "specflow.db"
        for arguments in (["--replication", "0"], ["england-2024-25", "--years", "3", "--replication", "0"],
                          ["--years", "2", "--replications", "200"]):
            result = run(specflow, db, Path(work) / "out", *arguments)
            if result.returncode != 0:
                print("FAIL: specflow run", *arguments, result.stderr)
                return 0, 1
        stress = subprocess.run([specflow, "stress", "--provider", "christie", "--replications", "50",
                                 "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, cwd=work)
        if stress.returncode != 0:
            print("FAIL: specflow stress", stress.stderr)
            return 0, 1
        for sql in blocks:
            result = sqlite(db, sql)
            rows = [line for line in result.stdout.splitlines() if line.strip()]
            if result.returncode == 0 and rows:
                passed += 1
            else:
                failed += 1
                print("FAIL:", sql.strip().splitlines()[0], "...", result.stderr.strip() or "no rows")
    if len(blocks) < 5:
        print(f"FAIL: expected the documented queries, found {len(blocks)}")
        failed += 1
    return passed, failed


def kill(specflow):
    passed, failed = 0, 0

    def check(condition, message):
        nonlocal passed, failed
        if condition:
            passed += 1
        else:
            failed += 1
            print("FAIL:", message)

    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "specflow.db"
        check(run(specflow, db, Path(work) / "out").returncode == 0, "a first run is stored")
        for arguments in ([], ["--replications", "100"]):
            marker = Path(work) / "paused"
            marker.unlink(missing_ok=True)
            env = dict(os.environ, SPECFLOW_STORE_PAUSE_MARKER=str(marker))
            process = subprocess.Popen([specflow, "run", *arguments, "--db", str(db), "--out", str(Path(work) / "out2")],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            deadline = time.time() + 120
            while not marker.exists() and time.time() < deadline and process.poll() is None:
                time.sleep(0.05)
            check(marker.exists(), f"the writer {arguments} reached the middle of its transaction")
            process.send_signal(signal.SIGKILL)
            process.wait()
            check(process.returncode == -signal.SIGKILL, "the writer was killed")
            integrity = sqlite(db, "PRAGMA integrity_check;")
            check(integrity.stdout.strip() == "ok", f"integrity_check: {integrity.stdout.strip()} {integrity.stderr}")
            runs = sqlite(db, "SELECT COUNT(*) FROM runs;").stdout.strip()
            check(runs == "1", f"only the first run is stored, found {runs}")
            # Every table that has a run_id column (views and the runs table itself aside).
            tables = sqlite(db, "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c "
                                "WHERE m.type = 'table' AND c.name = 'run_id' AND m.name <> 'runs';")
            names = tables.stdout.split()
            check(len(names) >= 10, f"the store's tables with a run_id: {names}")
            for name in names:
                left = sqlite(db, f"SELECT COUNT(*) FROM {name} WHERE run_id <> 1;").stdout.strip()
                check(left == "0", f"no rows of the killed run in {name}, found {left}")
        # The store still works after the kills.
        check(run(specflow, db, Path(work) / "out").returncode == 0, "a run after the kills is stored")
        check(sqlite(db, "SELECT COUNT(*) FROM runs;").stdout.strip() == "2", "two complete runs")
    return passed, failed


def migrate(specflow, source_dir):
    """A version-1 store is migrated when opened: its run is kept and new runs are added."""
    passed, failed = 0, 0
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "old.db"
        created = subprocess.run(["sqlite3", str(db)], input=(Path(source_dir) / "tests/tools/store_v1.sql").read_text(),
                                 capture_output=True, text=True)
        listed = subprocess.run([specflow, "runs", "--db", str(db)], capture_output=True, text=True)
        stored = run(specflow, db, Path(work) / "out", "--replication", "0")
        checks = [
            (created.returncode == 0, f"the version-1 store was made: {created.stderr}"),
            (listed.returncode == 0 and " old " in listed.stdout, f"its run is listed: {listed.stdout} {listed.stderr}"),
            (stored.returncode == 0, f"a new run is stored: {stored.stderr}"),
            (sqlite(db, "SELECT MAX(version) FROM schema_version;").stdout.strip() == "8", "migrated to version 8"),
            (sqlite(db, "SELECT COUNT(*) FROM icb_month WHERE run_id = 2 AND (month < 9) = (forecast_spend IS NULL);").stdout.strip()
             == sqlite(db, "SELECT COUNT(*) FROM icb_month WHERE run_id = 2;").stdout.strip(),
             "the new run's ICB forecasts are NULL before month 9 and there from it"),
            (sqlite(db, "SELECT scenario_question FROM runs WHERE run_id = 2;").stdout.strip().startswith("Where do the 36 ICBs"),
             "the new run keeps its question"),
        ]
        for ok, message in checks:
            passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
            if not ok:
                print("FAIL:", message)
    return passed, failed


def main():
    mode = sys.argv[1]
    if mode == "queries":
        passed, failed = queries(sys.argv[2], sys.argv[3])
    elif mode == "migrate":
        passed, failed = migrate(sys.argv[2], sys.argv[3])
    else:
        passed, failed = kill(sys.argv[2])
    print(f"{mode}: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
