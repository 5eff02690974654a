#!/usr/bin/env bash
# A report of a real stored run (England, two years, Monte Carlo), opened in headless Chromium:
# every chart must render, with no console error and no network request; the screenshot is kept
# in the build tree (report_england.png).
#   report_test.sh SPECFLOW NODE BROWSER_TEST_MJS OUTPUT_DIR
set -euo pipefail
specflow=$1 node=$2 browser_test=$3 out=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$specflow" run --years 2 --replications 200 --db "$work/store.db" --out "$work/out" >/dev/null
"$specflow" report 1 --db "$work/store.db" --out "$out/report_england.html"
"$node" "$browser_test" "$out/report_england.html" "$out/report_england.png"
