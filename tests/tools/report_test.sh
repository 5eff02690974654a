#!/usr/bin/env bash
# The reports of two real stored runs of England (a single replication and a Monte Carlo run,
# two years each), opened in headless Chromium: every chart must render, with no console error
# and no network request, and the figures the page draws must be the store's. The store's side
# comes from SQL here (expected_*.json); the page's from its data and its charts. Screenshots
# are kept in the build tree (report_england_single.png, report_england.png).
#   report_test.sh SPECFLOW NODE BROWSER_TEST_MJS OUTPUT_DIR
set -euo pipefail
specflow=$1 node=$2 browser_test=$3 out=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/store.db
"$specflow" run --years 2 --db "$db" --out "$work/single" >/dev/null
"$specflow" run --years 2 --replications 200 --threshold 1000000 --db "$db" --out "$work/mc" >/dev/null

# What the store holds, for run $1: the first FY's allocations and provider income (a single
# replication's routes, or the Monte Carlo means as the report rounds them to the penny), the
# ICBs' budget, spend and variance summed by FY and region, the first FY's ICB variances summed
# (what the waterfall's ICBs' step must be: a penny allowed for each rounded mean on either side
# of a Monte Carlo run), and the granular rows.
expected() {
  local run=$1 income_sql icb_sql icb_variance_sql tolerance_sql
  local first_fy="(SELECT MIN(fy) FROM allocations WHERE run_id = $run)"
  if [ "$run" = 1 ]; then
    icb_variance_sql="SELECT SUM(variance) FROM icb_month WHERE run_id = 1 AND fy = $first_fy"
    tolerance_sql="SELECT 0"
    income_sql="SELECT SUM(amount) FROM income_by_source WHERE run_id = 1 AND fy = (SELECT MIN(fy) FROM income_by_source WHERE run_id = 1)"
    icb_sql="SELECT y.fy, a.region, SUM(y.budget) / 1e6 AS budget, SUM(y.spend) / 1e6 AS spend, SUM(y.variance) / 1e6 AS variance FROM icb_year_pounds y JOIN allocations a ON a.run_id = y.run_id AND a.icb_code = y.icb_code AND a.fy = y.fy WHERE y.run_id = 1 GROUP BY 1, 2"
  else
    icb_variance_sql="SELECT SUM(ROUND(mean * 100)) FROM icb_summary WHERE run_id = $run AND measure = 'variance' AND fy = $first_fy"
    tolerance_sql="SELECT (SELECT COUNT(*) FROM icb_summary WHERE run_id = $run AND measure = 'variance' AND fy = $first_fy) + (SELECT COUNT(*) FROM national_summary WHERE run_id = $run AND fy = $first_fy)"
    income_sql="SELECT SUM(ROUND(mean * 100)) FROM national_summary WHERE run_id = $run AND measure = 'paid_to_providers' AND fy = (SELECT MIN(fy) FROM national_summary WHERE run_id = $run)"
    icb_sql="SELECT a.fy, a.region, SUM(a.delegated + a.held_for_icb) / 1e8 AS budget, SUM((a.delegated + a.held_for_icb) / 100.0 - s.mean) / 1e6 AS spend, SUM(s.mean) / 1e6 AS variance FROM allocations a JOIN icb_summary s ON s.run_id = a.run_id AND s.icb_code = a.icb_code AND s.fy = a.fy AND s.measure = 'variance' WHERE a.run_id = $run GROUP BY 1, 2"
  fi
  sqlite3 "$db" "SELECT json_object(
    'allocation_pence', (SELECT SUM(allocation) FROM allocations WHERE run_id = $run AND fy = (SELECT MIN(fy) FROM allocations WHERE run_id = $run)),
    'income_pence', ($income_sql),
    'icb_regions', (SELECT json_group_array(json_object('fy', fy, 'region', region, 'budget', budget, 'spend', spend, 'variance', variance)) FROM ($icb_sql)),
    'icb_variance_pence', ($icb_variance_sql),
    'icb_variance_tolerance_pence', ($tolerance_sql),
    'granular_rows', (SELECT COUNT(*) FROM granular WHERE run_id = $run AND fy = (SELECT MIN(fy) FROM granular WHERE run_id = $run)),
    'regions', (SELECT COUNT(DISTINCT region) FROM allocations WHERE run_id = $run),
    'replications', (SELECT replications FROM runs WHERE run_id = $run))"
}
expected 1 >"$work/expected_single.json"
expected 2 >"$work/expected_mc.json"

"$specflow" report 1 --db "$db" --out "$out/report_england_single.html"
"$specflow" report 2 --db "$db" --out "$out/report_england.html"
"$node" "$browser_test" "$out/report_england_single.html" "$out/report_england_single.png" \
  "$work/expected_single.json"
"$node" "$browser_test" "$out/report_england.html" "$out/report_england.png" "$work/expected_mc.json"
