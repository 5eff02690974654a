#!/usr/bin/env python3
"""Times the whole `specflow run --replications` beside the peers, in one sitting.

The peers (a limit loop in C++ and a SimPy model) are not part of specflow: --peers names the
directory that holds limit_loop.cpp, simpy_model.py and simpy-4.1.2/. The limit loop is built
into build/peers/ and run before and after every specflow run, so that each run is divided by
the limit loop's speed of its own minutes (this machine's speed drifts by tens of per cent
within minutes); a run whose two limit-loop runs differ by more than --agree is marked, as its
ratio says little. Two specflow runs alternate, each round: the scenario as it is, and the same
with every dispersion and common factor 0 (plain Poisson activity). The SimPy peer runs at the
end of each round, so that each round's specflow runs are set beside a SimPy run of their own
minutes (on one machine its speed moved from about 1,900 to 3,600 ns a flow-month between
sittings).

    tools/bench/side_by_side.py --peers DIR [--rounds 3] [--replications 2000] [--years 5]
                                [--threads 2] [--simpy-replications 10] [--scenario england-2024-25]

Needs what tools/setup installs, with python3-numpy for the SimPy peer.
"""

import argparse
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# The activity model's parameters that make a line vary beyond Poisson (service_lines.csv).
VARIATION = ("monthly_cv_pct", "national_cv_pct", "provider_cv_pct", "demand_trend_sd_pct")


def fail(message):
    print(f"side_by_side: error: {message}", file=sys.stderr)
    sys.exit(2)


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        fail(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return result.stdout


def plain_scenario(source, into):
    """A copy of `source`'s folder with every line's variation beyond Poisson set to 0."""
    folder = os.path.join(into, "plain")
    shutil.copytree(os.path.dirname(source), folder)
    lines = os.path.join(folder, "service_lines.csv")
    with open(lines, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or any(column not in rows[0] for column in VARIATION):
        fail(f"{lines} has no columns {', '.join(VARIATION)}")
    with open(lines, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, **{column: "0" for column in VARIATION}})
    return os.path.join(folder, os.path.basename(source))


def limit_loop(binary, flows, years, replications, threads):
    out = run([binary, "--flows", flows, "--years", str(years), "--reps", str(replications),
               "--threads", str(threads), "--batch"])
    found = re.search(r"([0-9.]+) ns per flow-month \(wall\)", out)
    if not found:
        fail(f"the limit loop printed no 'ns per flow-month (wall)':\n{out}")
    return float(found.group(1))


def timed(command):
    """Wall seconds and the peak memory (MB) of one run of `command`."""
    with tempfile.TemporaryFile(mode="w+") as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            fail(f"{' '.join(command)} failed ({child.returncode}):\n{errors.read()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peers", required=True, help="directory of limit_loop.cpp, "
                        "simpy_model.py and simpy-4.1.2/")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--replications", type=int, default=2000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--simpy-replications", type=int, default=10,
                        help="0 leaves the SimPy peer out")
    parser.add_argument("--scenario", default="england-2024-25",
                        help="a built-in's name or a scenario TOML file")
    parser.add_argument("--agree", type=float, default=0.10,
                        help="how far (a fraction) the limit loop's runs either side of a run "
                        "may differ for its ratio to count (default 0.10)")
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--python", default="/usr/bin/python3" if os.path.exists(
        "/usr/bin/python3") else sys.executable, help="the Python with numpy that runs the "
        "SimPy peer (default: Debian's)")
    args = parser.parse_args()

    for name in ("limit_loop.cpp", "simpy_model.py"):
        if not os.path.isfile(os.path.join(args.peers, name)):
            fail(f"--peers {args.peers}: no {name} there (the peers' directory holds "
                 "limit_loop.cpp, simpy_model.py and simpy-4.1.2/)")
    specflow = os.path.join(args.build, "tools", "specflow")
    bench = os.path.join(args.build, "tools", "specflow_bench")
    for binary in (specflow, bench):
        if not os.access(binary, os.X_OK):
            fail(f"no {binary}: build first (tools/setup --no-run)")
    scenario = args.scenario
    if not scenario.endswith(".toml"):
        scenario = os.path.join(ROOT, "scenarios", scenario, "scenario.toml")
    if not os.path.isfile(scenario):
        fail(f"--scenario {args.scenario}: no {scenario}")

    os.makedirs(os.path.join(args.build, "peers"), exist_ok=True)
    loop = os.path.join(args.build, "peers", "limit_loop")
    run(["g++", "-std=c++20", "-O3", "-march=native", "-pthread",
         os.path.join(args.peers, "limit_loop.cpp"), "-o", loop])
    simpy_env = {**os.environ, "PYTHONPATH": os.path.join(args.peers, "simpy-4.1.2")}
    work = tempfile.mkdtemp(prefix="specflow-side-by-side-")
    try:
        flows = os.path.join(work, "flows.csv")
        run([args.python, os.path.join(args.peers, "simpy_model.py"), "--dump-flows", flows],
            env=simpy_env)
        found = re.search(r"\((\d+) a replication\)",
                          run([bench, "--replications", "1", "--years", str(args.years),
                               "--threads", "1", "--", scenario]))
        if not found:
            fail("specflow_bench printed no flow-months a replication")
        flow_months = int(found.group(1)) * args.replications
        kinds = {"as set": scenario, "plain Poisson": plain_scenario(scenario, work)}

        def loop_ns():
            return limit_loop(loop, flows, args.years, args.replications, args.threads)

        def simpy_ns():
            out = run([args.python, os.path.join(args.peers, "simpy_model.py"), "--years",
                       str(args.years), "--reps", str(args.simpy_replications)], env=simpy_env)
            found = re.search(r"\((\d+) ns per flow-month\)", out)
            if not found:
                fail(f"the SimPy peer printed no 'ns per flow-month':\n{out[-2000:]}")
            return float(found.group(1))

        print(f"{flow_months:,} flow-months a run ({args.years} years x {args.replications:,} "
              f"replications), {args.threads} threads; limit loop before and after each run")
        rows = {kind: [] for kind in kinds}
        loops = [loop_ns()]
        simpy = []  # each round's SimPy peer, ns a flow-month on one core
        for round_number in range(args.rounds):
            for kind, path in kinds.items():
                store = os.path.join(work, "run.db")
                seconds, peak = timed([specflow, "run", path, "--years", str(args.years),
                                       "--replications", str(args.replications), "--threads",
                                       str(args.threads), "--db", store, "--out",
                                       os.path.join(work, "out")])
                os.remove(store)
                loops.append(loop_ns())
                before, after = loops[-2], loops[-1]
                ns = seconds * 1e9 / flow_months
                agree = abs(before - after) <= args.agree * min(before, after)
                rows[kind].append((ns / statistics.mean((before, after)), ns, seconds, agree))
                print(f"  {kind:14} {seconds:6.2f} s  {ns:6.2f} ns a flow-month  limit loop "
                      f"{before:.2f} / {after:.2f} ns  ratio {rows[kind][-1][0]:.2f}x"
                      f"{'' if agree else '  (limit loop runs disagree)'}  {peak:.0f} MB peak")
            if args.simpy_replications > 0:
                simpy.append(simpy_ns())
                if round_number + 1 < args.rounds:
                    loops.append(loop_ns())  # the next run's limit loop before it, after SimPy
                per_core = {kind: rows[kind][-1][1] * args.threads for kind in kinds}
                print(f"  SimPy peer     {simpy[-1]:,.0f} ns a flow-month on one core: "
                      + ", ".join(f"{kind} {simpy[-1] / ns:.0f}x" for kind, ns in per_core.items())
                      + " slower per core")
        print("\nratio to the limit loop (ns a flow-month over the mean of the limit loop's "
              "runs either side), runs whose limit loops agree:")
        for kind, results in rows.items():
            counted = sorted(r[0] for r in results if r[3])
            text = (f"{counted[0]:.2f}x to {counted[-1]:.2f}x, median "
                    f"{statistics.median(counted):.2f}x" if counted else "none")
            print(f"  {kind:14} {text}")
        if simpy:
            print(f"\nSimPy peer, one core: {min(simpy):,.0f} to {max(simpy):,.0f} ns a flow-month; "
                  "how many times slower than specflow per core, round by round:")
            for kind, results in rows.items():
                ratios = sorted(peer / (r[1] * args.threads) for peer, r in zip(simpy, results))
                print(f"  {kind:14} {ratios[0]:.0f}x to {ratios[-1]:.0f}x, median "
                      f"{statistics.median(ratios):.0f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
