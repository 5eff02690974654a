#!/usr/bin/env bash
# The report of an option of `specflow options` (the East of England examples, few
# replications), opened in headless Chromium: the options' range chart draws with the others,
# with no console error and no network request; the screenshot is kept in the build tree
# (report_options.png).
#   options_report_test.sh SPECFLOW NODE BROWSER_TEST_MJS OUTPUT_DIR SOURCE_DIR
set -euo pipefail
specflow=$1 node=$2 browser_test=$3 out=$4 examples=$5/scenarios/east-of-england-options
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$specflow" options england-2024-25 "$examples/host-value.toml" "$examples/host-plan.toml" \
  "$examples/host-pool.toml" --replications 20 --db "$work/store.db" --out "$work/out" >/dev/null
"$specflow" report 2 --db "$work/store.db" --out "$out/report_options.html"
"$node" "$browser_test" "$out/report_options.html" "$out/report_options.png"
