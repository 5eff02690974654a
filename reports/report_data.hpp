#pragma once

#include "reports/option_set_data.hpp"

#include <cstdint>
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
    // Every parameter the scenario sets (illustrative ones included), as (name, value).
    std::vector<std::pair<std::string, std::string>> assumptions;

    // DfT trajectories: one series per ICB, one value (percent) per financial year.
    std::vector<std::string> years; // "2024/25", …
    struct DftSeries {
        std::string icb_name;
        std::string region_name;
        std::vector<double> dft_pct;
    };
    std::vector<DftSeries> dft;

    // A waterfall from allocation through contract kinds to provider income (first FY), £m:
    // steps are added in order; a step with `total` set is drawn as a full bar.
    struct WaterfallStep {
        std::string label;
        double millions = 0;
        bool total = false;
    };
    std::vector<WaterfallStep> waterfall;

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

    // Income at risk per provider (first FY), £m: P50 and P5 of income, the gap between them,
    // P90 pressure and the probability of a loss. For a single replication P5 = P50 = the run's.
    struct RiskRow {
        std::string provider_name;
        double income_p50 = 0;
        double income_p5 = 0;
        double income_at_risk = 0;
        double pressure_p90 = 0;
        double probability_of_loss = 0; // 0..1
    };
    std::vector<RiskRow> income_at_risk;

    // ICB over/underspend per FY, £m (variance = budget − spend; + is an underspend).
    struct IcbRow {
        std::string icb_name;
        std::string year;
        double budget = 0;
        double spend = 0;
        double variance = 0;
    };
    std::vector<IcbRow> icb_outturn;

    // The options of `specflow options` side by side, when the run is one of them.
    OptionSetData options;
};

} // namespace specflow::reports
