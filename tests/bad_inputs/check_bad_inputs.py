#!/usr/bin/env python3
"""Runs every case of the bad-input catalogue (tests/bad_inputs, README.md there) against the
specflow executable and checks, for each: the exit status, exactly one line on stderr matching
the expected error, nothing on stdout, and that nothing was written (the case's scratch folder,
store included, and the case's own folder are as they were).

    check_bad_inputs.py --specflow build/tools/specflow [--root .] [--jobs 2] [NAME_PART ...]
"""

import argparse
import concurrent.futures
import hashlib
import os
import re
import resource
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent

# How long a writer waits for a locked store in the "locked" case (the default is 30 s).
LOCKED_BUSY_TIMEOUT_MS = "300"
# The largest file the "disk-full" case may write: a mini run's rows do not fit.
DISK_FULL_BYTES = 48 * 1024
# A case that takes longer has hung.
CASE_SECONDS_MAX = 120
# The "read-only" case runs as this user when run as root (root writes any file).
NOBODY = 65534
STORE_KINDS = ("run", "random-bytes", "foreign", "newer-schema", "corrupt-page", "directory",
               "read-only", "read-only-folder", "locked", "disk-full")


class Case:
    def __init__(self, name, folder, spec):
        self.name = name
        self.folder = folder
        self.args = spec["args"]
        self.status = spec["status"]
        self.error = spec.get("error")
        self.error_contains = spec.get("error_contains", [])
        self.error_regex = spec.get("error_regex")
        self.store = spec.get("store")
        self.setup = spec.get("setup", [])
        self.files = spec.get("files", {})
        self.edits = spec.get("edits", [])
        self.environment = spec.get("environment", {})
        self.why = spec.get("why", "")
        if self.store is not None and self.store not in STORE_KINDS:
            raise ValueError(f"{name}: unknown store kind {self.store!r}; valid: {STORE_KINDS}")
        if self.error is None and not self.error_contains and self.error_regex is None:
            raise ValueError(f"{name}: give error, error_contains or error_regex")


def load_cases(root):
    """Every case: a folder's case.toml is one case; a cases.toml holds [[case]] entries."""
    cases = []
    for path in sorted(root.rglob("*.toml")):
        if path.name not in ("case.toml", "cases.toml"):
            continue
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        relative = path.parent.relative_to(root).as_posix()
        if path.name == "case.toml":
            cases.append(Case(relative, path.parent, spec))
        else:
            for entry in spec["case"]:
                cases.append(Case(f"{relative}/{entry['name']}", path.parent, entry))
    return cases


def substitute(text, places):
    for key, value in places.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def raw_bytes(text):
    """The text in UTF-8, with {byte:FF} written as that byte (for text that is not UTF-8)."""
    return re.sub(rb"\{byte:([0-9A-Fa-f]{2})\}", lambda m: bytes([int(m.group(1), 16)]),
                  text.encode("utf-8"))


def snapshot(folder):
    """Every file under `folder` (SQLite's -wal and -shm aside) and its SHA-256."""
    files = {}
    if not folder.exists():
        return files
    for path in sorted(folder.rglob("*")):
        if path.name.endswith(("-wal", "-shm")):
            continue
        relative = path.relative_to(folder).as_posix()
        if path.is_dir():
            files[relative + "/"] = "folder"
        else:
            files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def store_rows(db):
    """What a specflow store holds, for comparison: its runs and its tables."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
        runs = connection.execute("SELECT run_id FROM runs").fetchall()
    connection.close()
    return tables, runs


class Fixtures:
    """Stores made once and copied into each case that needs one."""

    def __init__(self, specflow, root, work):
        self.specflow = specflow
        self.root = root
        self.work = work
        self.run_store = None

    def stored_run(self):
        if self.run_store is None:
            folder = self.work / "fixture"
            folder.mkdir()
            made = subprocess.run([self.specflow, "run", str(self.root / "tests/tools/mini/scenario.toml"),
                                   "--db", "store.db", "--out", "out"],
                                  cwd=folder, capture_output=True, text=True)
            if made.returncode != 0:
                raise RuntimeError(f"the fixture store could not be made: {made.stderr}")
            self.run_store = folder / "store.db"
        return self.run_store

    def make(self, kind, db):
        """Puts a store of `kind` at `db`."""
        if kind == "directory":
            db.mkdir()
            return
        if kind == "read-only-folder":
            # The case names locked-up/store.db: a store in a folder that cannot be written.
            (db.parent / "locked-up").mkdir()
            (db.parent / "locked-up").chmod(0o555)
            return
        if kind == "random-bytes":
            db.write_bytes(bytes((i * 7919 + 13) % 251 for i in range(8192)))
            return
        if kind == "foreign":
            with sqlite3.connect(db) as connection:
                connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
                connection.execute("INSERT INTO customers (name) VALUES ('Ada')")
            connection.close()
            return
        shutil.copyfile(self.stored_run(), db)
        if kind == "newer-schema":
            with sqlite3.connect(db) as connection:
                connection.execute("INSERT INTO schema_version VALUES (99)")
            connection.close()
        elif kind == "corrupt-page":
            data = bytearray(db.read_bytes())
            page = int.from_bytes(data[16:18], "big") or 65536
            for offset in range(page, len(data)):
                data[offset] = (offset * 31 + 7) % 256
            db.write_bytes(bytes(data))
        elif kind == "read-only":
            db.chmod(0o444)


def nobody_copies(specflow, root, work):
    """Copies of the binary and of the mini scenario that the user nobody can reach, for the
    cases that run as nobody (when the suite runs as root, which may write anything)."""
    folder = work / "nobody"
    folder.mkdir()
    shutil.copy2(specflow, folder / "specflow")
    (folder / "specflow").chmod(0o755)
    shutil.copytree(root / "tests/tools/mini", folder / "mini")
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() or path.name == "specflow" else 0o644)


def run_case(case, specflow, root, fixtures, work):
    scratch = work / case.name.replace("/", "__")
    scratch.mkdir(parents=True)
    places = {"here": case.folder, "mini": root / "tests/tools/mini", "root": root,
              "scratch": scratch, "db": scratch / "store.db", "long": "x" * 5000}
    for name, text in case.files.items():
        target = scratch / substitute(name, places)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw_bytes(substitute(text, places)))
    for edit in case.edits:
        # A copy of a file (a built-in's table, say) with one piece of text replaced.
        text = Path(substitute(edit["source"], places)).read_bytes()
        old, new = raw_bytes(substitute(edit["old"], places)), raw_bytes(substitute(edit["new"], places))
        if old not in text:
            return [f"edit: {edit['old']!r} is not in {edit['source']}"]
        (scratch / edit["target"]).write_bytes(text.replace(old, new, 1))
    if case.store is not None:
        fixtures.make(case.store, scratch / "store.db")
    for command in case.setup:
        arguments = [substitute(a, places) for a in command]
        made = subprocess.run([specflow] + arguments, cwd=scratch, capture_output=True, text=True)
        if made.returncode != 0:
            return [f"setup `{shlex.join(arguments)}` failed: {made.stderr.strip()}"]
    arguments = [substitute(a, places) for a in case.args]
    before, own_before = snapshot(scratch), snapshot(case.folder)
    sqlite_store = case.store in ("run", "locked", "disk-full", "read-only")
    rows_before = store_rows(scratch / "store.db") if sqlite_store else None
    environment = dict(os.environ)
    environment.update(case.environment)
    preexec = None
    holder = None
    as_nobody = case.store in ("read-only", "read-only-folder") and os.geteuid() == 0
    if as_nobody:
        scratch.chmod(0o777)  # the store file, or its folder, is what cannot be written
        preexec = lambda: (os.setgroups([]), os.setgid(NOBODY), os.setuid(NOBODY))
        # The build may lie where nobody cannot reach (a clone in /root): the copies that
        # nobody_copies made in the work folder instead.
        specflow = str(work / "nobody" / "specflow")
        arguments = [a.replace(str(root / "tests/tools/mini"), str(work / "nobody" / "mini"))
                     for a in arguments]
    if case.store == "locked":
        environment["SPECFLOW_STORE_BUSY_TIMEOUT_MS"] = LOCKED_BUSY_TIMEOUT_MS
        holder = sqlite3.connect(scratch / "store.db", isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO schema_version VALUES (7)")
    if case.store == "disk-full":
        def preexec():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (DISK_FULL_BYTES, DISK_FULL_BYTES))
    try:
        result = subprocess.run([specflow] + arguments, cwd=scratch, capture_output=True,
                                env=environment, preexec_fn=preexec, timeout=CASE_SECONDS_MAX)
    except subprocess.TimeoutExpired:
        return [f"no answer within {CASE_SECONDS_MAX} s"]
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
        if as_nobody:
            scratch.chmod(0o755)
            for left in scratch.glob("store.db-*"):
                left.unlink()  # SQLite's -wal and -shm, if the reader made them
        if case.store == "read-only-folder":
            (scratch / "locked-up").chmod(0o755)
    err = result.stderr.decode("utf-8", "replace")
    out = result.stdout.decode("utf-8", "replace")
    problems = []
    if result.returncode != case.status:
        problems.append(f"exit status {result.returncode}, expected {case.status}")
    lines = err.split("\n")
    if len(lines) != 2 or lines[1] != "":
        problems.append(f"stderr is not one line: {err!r}")
    line = lines[0]
    if case.error is not None and line != substitute(case.error, places):
        problems.append(f"stderr {line!r}\n      expected {substitute(case.error, places)!r}")
    for part in case.error_contains:
        if substitute(part, places) not in line:
            problems.append(f"stderr {line!r} lacks {substitute(part, places)!r}")
    if case.error_regex is not None and not re.search(substitute(case.error_regex, places), line):
        problems.append(f"stderr {line!r} does not match /{case.error_regex}/")
    if out:
        problems.append(f"stdout is not empty: {out[:200]!r}")
    after = snapshot(scratch)
    if after != before:
        added = sorted(set(after) - set(before))
        changed = sorted(k for k in before if k in after and before[k] != after[k])
        removed = sorted(set(before) - set(after))
        problems.append(f"something was written: added {added}, changed {changed}, removed {removed}")
    if rows_before is not None and store_rows(scratch / "store.db") != rows_before:
        problems.append("the store's runs or tables changed")
    if snapshot(case.folder) != own_before:
        problems.append("the case's own folder changed")
    if SHOW:
        print(f"{case.name}: [{result.returncode}] {line}")
    return problems


SHOW = False


def main():
    global SHOW
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specflow", required=True)
    parser.add_argument("--root", default=str(HERE.parent.parent))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print every case's error line")
    parser.add_argument("only", nargs="*", help="run only the cases whose name holds one of these")
    arguments = parser.parse_args()
    SHOW = arguments.show
    specflow = str(Path(arguments.specflow).resolve())
    root = Path(arguments.root).resolve()
    cases = load_cases(HERE)
    if arguments.only:
        cases = [c for c in cases if any(part in c.name for part in arguments.only)]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="specflow-bad-inputs-") as folder:
        work = Path(folder)
        os.chmod(work, 0o755)
        if os.geteuid() == 0:
            nobody_copies(specflow, root, work)
        fixtures = Fixtures(specflow, root, work)
        fixtures.stored_run()
        failed = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=arguments.jobs) as pool:
            results = list(pool.map(lambda c: (c, run_case(c, specflow, root, fixtures, work)), cases))
        for case, problems in results:
            if problems:
                failed += 1
                print(f"FAIL {case.name}")
                for problem in problems:
                    print(f"    {problem}")
    seconds = time.monotonic() - started
    print(f"bad inputs: {len(cases) - failed} of {len(cases)} cases passed in {seconds:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
