#!/usr/bin/env python3
"""Every output of every built-in and example scenario, pinned by SHA-256.

  digests.py SPECFLOW SOURCE_DIR            compare against tests/tools/digests.txt
  digests.py SPECFLOW SOURCE_DIR --record   write tests/tools/digests.txt anew

For each scenario it runs, over all the financial years it defines (repatriation: two, since
its shock names an ICB that April 2026's reconfiguration ends): replication 0 (expected values),
replication 1, a 200-replication Monte Carlo on two threads, `allocate`, and `stress` on one
trust; then `options` on the East of England's three arrangement options and `granular` on the
North West (COMMANDS); and it digests every CSV file written, every result table of the store
(the run's record without its times, command and version) and the terminal output (with its
timings masked). A changed digest means changed behaviour: record new digests only in a commit that
says which behaviour changed and why.

Prints "N passed, M failed" and exits non-zero on any difference.
"""
import hashlib
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

# Each scenario and the financial years it is run over.
SCENARIOS = {"england-2026-27": "3", "england-2024-25": "5", "east-of-england-hub": "5",
             "midlands-risk-pool": "5", "repatriation": "2", "lva-transplant-spike": "5",
             "spinal-pathway": "5"}
MODES = {
    "replication-0": ["run", "--replication", "0"],
    "replication-1": ["run", "--replication", "1"],
    "monte-carlo-200": ["run", "--replications", "200", "--threads", "2"],
    "allocate": ["allocate"],
    "stress-RBV-200": ["stress", "--provider", "RBV", "--replications", "200", "--threads", "2"],
}
# Commands beyond the modes above, each by its name in digests.txt: the East of England options
# side by side (the base, then the three option files under `{source}`, the source folder), and
# the granular view of one region.
COMMANDS = {
    "east-of-england-options/options-200": [
        "options", "england-2024-25", "{source}/scenarios/east-of-england-options/host-value.toml",
        "{source}/scenarios/east-of-england-options/host-plan.toml",
        "{source}/scenarios/east-of-england-options/host-pool.toml", "--replications", "200",
        "--years", "5", "--db", "specflow.db", "--out", "out"],
    "england-2024-25/granular-north-west": [
        "granular", "england-2024-25", "--region", "North West", "--years", "5", "--out", "out"],
}
# The run's record, less what differs between two runs of the same thing.
RUN_COLUMNS = "scenario_name, scenario_title, scenario_hash, scenario_text, seed, replications, " \
              "replication, years, status"
TIMINGS = [(re.compile(r"in \d+ ms"), "in # ms"), (re.compile(r"in \d+\.\d s"), "in # s")]


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def store_digests(db):
    digests = {}
    with sqlite3.connect(db) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in tables:
            if table == "schema_version":
                continue
            query = f"SELECT {RUN_COLUMNS} FROM runs" if table == "runs" else f"SELECT * FROM {table} ORDER BY rowid"
            rows = connection.execute(query).fetchall()
            digests[f"store/{table}"] = sha256(repr(rows).encode())
    return digests


def outputs(specflow, source_dir, scenario, mode, arguments):
    """The digests of one mode's outputs on one scenario, by output name."""
    path = Path(source_dir) / "scenarios" / scenario / "scenario.toml"
    command = [arguments[0], str(path), *arguments[1:]]
    if arguments[0] == "run":
        command += ["--db", "specflow.db", "--out", "out"]
    elif arguments[0] == "allocate":
        command += ["--out", "out"]
    return {f"{scenario}/{mode}/{name}": digest
            for name, digest in digests_of(specflow, command, {str(path): "SCENARIO"}).items()}


def digests_of(specflow, command, masks):
    """The digests of what `specflow command` writes (terminal, out/ and specflow.db), run in a
    fresh folder, by output name; each key of `masks` in the terminal output is replaced."""
    with tempfile.TemporaryDirectory() as work:
        command = [specflow, *command]
        result = subprocess.run(command, cwd=work, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} exited {result.returncode}: {result.stderr}")
        terminal = result.stdout
        for text, mask in masks.items():
            terminal = terminal.replace(text, mask)
        for pattern, replacement in TIMINGS:
            terminal = pattern.sub(replacement, terminal)
        digests = {"terminal": sha256(terminal.encode())}
        out = Path(work) / "out"
        if out.is_dir():
            for file in sorted(out.iterdir()):
                digests[f"csv/{file.name}"] = sha256(file.read_bytes())
        db = Path(work) / "specflow.db"
        if db.exists():
            digests.update(store_digests(db))
    return digests


def main():
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] != "--record"):
        print(__doc__, file=sys.stderr)
        return 2
    specflow, source_dir = str(Path(sys.argv[1]).resolve()), str(Path(sys.argv[2]).resolve())
    pinned = Path(source_dir) / "tests" / "tools" / "digests.txt"
    found = {}
    for scenario, years in SCENARIOS.items():
        for mode, arguments in MODES.items():
            found.update(outputs(specflow, source_dir, scenario, mode, [*arguments, "--years", years]))
    for name, arguments in COMMANDS.items():
        command = [argument.replace("{source}", source_dir) for argument in arguments]
        found.update({f"{name}/{output}": digest for output, digest in
                      digests_of(specflow, command, {source_dir: "SOURCE"}).items()})
    if len(sys.argv) == 4:
        pinned.write_text("".join(f"{digest}  {name}\n" for name, digest in sorted(found.items())))
        print(f"recorded {len(found)} digests in {pinned}")
        return 0
    expected = dict(reversed(line.split("  ", 1)) for line in pinned.read_text().splitlines())
    expected = {name: digest for name, digest in expected.items()}
    passed, failed = 0, 0
    for name in sorted(set(expected) | set(found)):
        if expected.get(name) == found.get(name):
            passed += 1
            continue
        failed += 1
        if name not in found:
            print(f"FAIL: {name}: no longer written")
        elif name not in expected:
            print(f"FAIL: {name}: new output, not pinned")
        else:
            print(f"FAIL: {name}: differs from the pinned digest")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
