#!/usr/bin/env python3
"""Peak memory does not grow with the number of replications (README, Performance).

  memory_test.py SPECFLOW

Runs two jobs on the built-in England, each at two sizes 32 times apart, and compares the peak
resident memory of each process (os.wait4's ru_maxrss):

  - `specflow run england-2024-25 --years 2 --replications N --threads 2`,
  - `specflow stress england-2024-25 --provider christie --replications N`,

for N = 300 and 9,600. Each worker keeps a block of 32 replications at a time and, of them, only
their summaries, histograms of a fixed number of bins (DESIGN.md section 9 would allow one annual
row per replication and entity; none is kept), so the larger run's peak must be within 8 MB of
the smaller's. Measured: the larger 0.3 MB less to 1.6 MB more, at 81 to 83 MB (run) and 62 to
63 MB (stress); with each replication made to keep 2 KB more, 16.6 and 17.8 MB more, and both
failed.
Prints "N passed, M failed" and exits non-zero on any failure.
"""
import os
import subprocess
import sys
import tempfile

SMALL, LARGE = 300, 9_600
ALLOWANCE_MB = 8.0


def peak_mb(command, work):
    """The peak resident memory of `command` run in `work`, in MB, and its exit status."""
    process = subprocess.Popen(command, cwd=work, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.stderr.close()
    return usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    specflow = os.path.abspath(sys.argv[1])
    jobs = {
        "run": ["run", "england-2024-25", "--years", "2", "--threads", "2", "--db", "s.db",
                "--out", "out"],
        "stress": ["stress", "england-2024-25", "--provider", "christie", "--db", "s.db"],
    }
    passed = failed = 0
    for name, arguments in jobs.items():
        peaks = {}
        for replications in (SMALL, LARGE):
            with tempfile.TemporaryDirectory() as work:
                peaks[replications], code = peak_mb(
                    [specflow, *arguments, "--replications", str(replications)], work)
            if code != 0:
                print(f"FAIL: specflow {name} --replications {replications} exited {code}")
                return 1
        growth = peaks[LARGE] - peaks[SMALL]
        line = (f"{name}: peak {peaks[SMALL]:.1f} MB at {SMALL:,} replications, "
                f"{peaks[LARGE]:.1f} MB at {LARGE:,} ({growth:+.1f} MB)")
        if growth <= ALLOWANCE_MB:
            passed += 1
            print("ok:", line)
        else:
            failed += 1
            print(f"FAIL: {line}: more than {ALLOWANCE_MB:.0f} MB more")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
