#pragma once

#include "reports/option_set_data.hpp"
#include "reports/scenario_parameters.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace specflow::reports {

// Everything a scenario report shows, already in the units a panel reads: £m as doubles, names
// in full, months as "2024/25 M01". Filled from a stored run; turned into one self-contained
// HTML file by html_report().
struct ReportData {
    // Run metadata and the question.
    std::string title;    // the scenario's title
    std::string question; // what the scenario asks (its description), may be empty
    std::string scenario_name;
    std::string scenario_hash; // SHA-256 of the scenario text, hex
    std::string version;       // specflow version
    std::uint32_t seed = 0;
    std::uint32_t replications = 0; // 0: a single replication
    std::string started_at;         // ISO 8601, UTC
    std::string finished_at;
    std::string command; // the command line that made the run
    // Every parameter the scenario sets, each marked published (with its source) or illustrative.
    std::vector<ScenarioParameter> assumptions;
    // P(pressure > this) is what the providers' probability column holds (the run's
    // --threshold; 0: a loss); absent for a single replication or when none is stored.
    std::optional<std::int64_t> threshold_pence;

    // DfT trajectories: one series per ICB, one value (percent) per financial year.
    std::vector<std::string> years; // "2024/25", …
    struct DftSeries {
        std::string icb_name;
        std::string region_name;
        std::vector<double> dft_pct;
    };
    std::vector<DftSeries> dft;

    // The first FY's money from the allocations to provider income and back to nothing, in
    // pence (Monte Carlo: means over the replications): steps are added in order to a running
    // total that starts at 0; a step with `total` set is drawn as a full bar and equals the
    // running total there, to the penny.
    struct WaterfallStep {
        std::string label;
        std::int64_t pence = 0;
        bool total = false;
        std::string note; // what the step is, for the tooltip and the table beneath
    };
    std::vector<WaterfallStep> waterfall;
    std::string waterfall_fy;

    // Monthly fan charts of income and pressure for chosen providers, £m per month.
    struct Band {
        std::vector<double> p5, p10, p50, p90, p95;
    };
    struct Fan {
        std::string provider_name;
        std::vector<std::string> months; // "2024/25 M01", …
        Band income;
        Band pressure;
    };
    std::vector<Fan> fans;

    // ICB × provider flow heat map (first FY, planned activity value, £m); out-of-area cells
    // (the provider's home ICB is not the patients' ICB) are marked.
    std::vector<std::string> heat_icbs;
    std::vector<std::string> heat_providers;
    struct HeatCell {
        std::size_t icb = 0;      // index into heat_icbs
        std::size_t provider = 0; // index into heat_providers
        double millions = 0;
        bool out_of_area = false;
    };
    std::vector<HeatCell> heat;

    // Per provider (first FY), £m. Monte Carlo: income P50 and P5 (excluding pass-through drugs
    // when the run stored it, risk_excludes_drugs), the gap between them (income at risk), pressure
    // P50 and P90 and P(pressure > threshold_pence); a single replication: its income, cost and
    // pressure (P5 = P50 = income, no probability).
    struct RiskRow {
        std::string provider_name;
        double income_p50 = 0;
        double income_p5 = 0;
        double income_at_risk = 0;
        double pressure_p50 = 0;
        double pressure_p90 = 0;
        double cost = 0;                         // a single replication's
        std::optional<double> probability_above; // 0..1; Monte Carlo only
    };
    std::vector<RiskRow> income_at_risk;
    bool risk_excludes_drugs = false; // runs stored before income_excl_drugs: all income
    std::size_t providers_total = 0;  // how many providers the run has (the table shows 15)

    // ICB over/underspend per FY, £m (variance = budget − spend; + is an underspend); Monte
    // Carlo: spend and variance are means over the replications, with the variance's P5 and P95.
    struct IcbRow {
        std::string icb_name;
        std::string region_name;
        std::string year;
        std::string status;  // delegated, joint, retained (from the allocations)
        std::string held_by; // who holds the budget: the ICB, or "NHS England <region>"
        double budget = 0;
        double spend = 0;
        double variance = 0;
        std::optional<double> variance_p5; // Monte Carlo only
        std::optional<double> variance_p95;
    };
    std::vector<IcbRow> icb_outturn; // by FY, region, then ICB name

    // The granular view (first FY): each ICB × service line's planned spend against its fair
    // share, £m, by region.
    struct GranularCell {
        std::string region_name;
        std::string icb_name;
        std::string line_name;
        double spend = 0;
        double fair_share = 0;
        double gap = 0;                // spend − fair share
        std::optional<double> gap_pct; // of fair share; none when it is zero
    };
    std::vector<GranularCell> granular;
    std::string granular_fy;

    // A single replication's forecast outturn at the forecast month (M09 unless the scenario
    // says otherwise) against the year's outturn, first FY, £m: each region's ICBs' variance
    // (England last) and the providers' pressure.
    struct ForecastRow {
        std::string name;
        double forecast = 0;
        double outturn = 0;
    };
    int forecast_month = 0; // 0: no forecast (a Monte Carlo run keeps none but a trust's)
    std::string forecast_fy;
    std::vector<ForecastRow> forecast_regions;
    std::vector<ForecastRow> forecast_providers;

    // What a reconfiguration carried from each old ICB into each new one (£m).
    struct ReconfigurationRow {
        std::string fy;
        std::string old_icb;
        std::string new_icb;
        double population_share = 0; // 0..1
        double allocation_carried = 0;
        double contract_value_carried = 0;
    };
    std::vector<ReconfigurationRow> reconfigurations;

    // The options of `specflow options` side by side, when the run is one of them.
    OptionSetData options;
};

} // namespace specflow::reports
