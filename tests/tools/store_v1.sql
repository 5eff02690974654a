-- A results store as version 1 of the schema left it, with one run, to check that a newer
-- specflow migrates it. Frozen: do not update it with the schema.
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (1);
CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    scenario_name TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    scenario_text TEXT NOT NULL,
    seed INTEGER NOT NULL,
    replications INTEGER NOT NULL,
    replication INTEGER NOT NULL,
    years INTEGER NOT NULL,
    program_version TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE TABLE provider_month (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), provider_code TEXT NOT NULL,
    provider_name TEXT NOT NULL, fy TEXT NOT NULL, month INTEGER NOT NULL,
    income INTEGER NOT NULL, cost INTEGER NOT NULL, pressure INTEGER NOT NULL,
    unfunded_activity INTEGER NOT NULL);
CREATE TABLE income_by_source (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), provider_code TEXT NOT NULL,
    fy TEXT NOT NULL, month INTEGER NOT NULL, payer_code TEXT NOT NULL,
    payer_name TEXT NOT NULL, contract_kind TEXT NOT NULL, amount INTEGER NOT NULL);
CREATE TABLE icb_month (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), icb_code TEXT NOT NULL, icb_name TEXT NOT NULL,
    fy TEXT NOT NULL, month INTEGER NOT NULL, budget INTEGER NOT NULL, spend INTEGER NOT NULL,
    variance INTEGER NOT NULL, held_by_icb INTEGER NOT NULL, risk_pool INTEGER NOT NULL,
    local_investment INTEGER NOT NULL, reserve INTEGER NOT NULL, released INTEGER NOT NULL);
CREATE TABLE allocations (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), fy TEXT NOT NULL, icb_code TEXT NOT NULL,
    icb_name TEXT NOT NULL, region TEXT NOT NULL, status TEXT NOT NULL, baseline INTEGER NOT NULL,
    target INTEGER NOT NULL, dft_before_pct REAL NOT NULL, dft_after_pct REAL NOT NULL,
    growth_pct REAL NOT NULL, allocation INTEGER NOT NULL, hcdd INTEGER NOT NULL,
    delegated INTEGER NOT NULL, retained INTEGER NOT NULL);
CREATE TABLE flows (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), fy TEXT NOT NULL, icb_code TEXT NOT NULL,
    provider_code TEXT NOT NULL, service_line_code TEXT NOT NULL,
    planned_cases REAL NOT NULL, planned_value INTEGER NOT NULL, out_of_area INTEGER NOT NULL);
CREATE TABLE settlements (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), kind TEXT NOT NULL, arrangement TEXT NOT NULL,
    fy TEXT NOT NULL, month INTEGER NOT NULL, icb_code TEXT NOT NULL, amount INTEGER NOT NULL,
    withheld INTEGER NOT NULL, outstanding INTEGER NOT NULL);
CREATE TABLE provider_summary (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), provider_code TEXT NOT NULL,
    provider_name TEXT NOT NULL, fy TEXT NOT NULL, measure TEXT NOT NULL, mean REAL NOT NULL,
    p5 REAL NOT NULL, p10 REAL NOT NULL, p50 REAL NOT NULL, p90 REAL NOT NULL, p95 REAL NOT NULL,
    probability_above REAL, threshold INTEGER);
CREATE TABLE icb_summary (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), icb_code TEXT NOT NULL, icb_name TEXT NOT NULL,
    fy TEXT NOT NULL, measure TEXT NOT NULL, mean REAL NOT NULL, p5 REAL NOT NULL, p10 REAL NOT NULL,
    p50 REAL NOT NULL, p90 REAL NOT NULL, p95 REAL NOT NULL);
CREATE TABLE provider_fan (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), provider_code TEXT NOT NULL, fy TEXT NOT NULL,
    month INTEGER NOT NULL, measure TEXT NOT NULL, mean REAL NOT NULL, p5 REAL NOT NULL,
    p10 REAL NOT NULL, p50 REAL NOT NULL, p90 REAL NOT NULL, p95 REAL NOT NULL);
CREATE INDEX provider_month_run ON provider_month(run_id, provider_code);
CREATE INDEX icb_month_run ON icb_month(run_id, icb_code);
CREATE INDEX income_by_source_run ON income_by_source(run_id, provider_code);
CREATE INDEX provider_summary_run ON provider_summary(run_id, provider_code);
CREATE VIEW provider_year_pounds AS
    SELECT run_id, provider_code, provider_name, fy, SUM(income) / 100.0 AS income,
           SUM(cost) / 100.0 AS cost, SUM(pressure) / 100.0 AS pressure
    FROM provider_month GROUP BY run_id, provider_code, fy;
CREATE VIEW icb_year_pounds AS
    SELECT run_id, icb_code, icb_name, fy, SUM(budget) / 100.0 AS budget,
           SUM(spend) / 100.0 AS spend, SUM(variance) / 100.0 AS variance
    FROM icb_month GROUP BY run_id, icb_code, fy;
INSERT INTO runs VALUES (1, 'specflow run', 'old', 'An old run', 'abc', '', 7, 0, 1, 1, '0.1.0',
    '2026-11-01T00:00:00Z', '2026-11-01T00:00:01Z', 'complete');
