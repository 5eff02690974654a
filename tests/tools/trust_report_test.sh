#!/usr/bin/env bash
# One trust's page of a stored stress run (The Christie, England 2026/27, two years) opened in
# headless Chromium: every chart must render, with no console error and no network request;
# the screenshot is kept in the build tree (report_christie.png).
#   trust_report_test.sh SPECFLOW NODE BROWSER_TEST_MJS OUTPUT_DIR
set -euo pipefail
specflow=$1 node=$2 browser_test=$3 out=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$specflow" stress --provider christie --years 2 --replications 200 --threshold 2000000 \
  --db "$work/store.db" >/dev/null
"$specflow" report 1 --provider christie --db "$work/store.db" --out "$out/report_christie.html"
"$node" "$browser_test" "$out/report_christie.html" "$out/report_christie.png"
