#pragma once

// Arrangement options side by side (`specflow options`): for each option — a variant of one
// base scenario, run on the same random numbers — the figures a regional hub weighs, per ICB
// concerned, host and provider, and FY (DESIGN.md §6).

#include "entities/money.hpp"
#include "entities/scenario.hpp"
#include "reports/monte_carlo_summary.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace specflow::reports {

// One figure of an option: ICBs (kind "icb"): outturn_p5, outturn_p50, outturn_p95 (after
// recharges and pool transfers, + = underspend), probability_overspend_above (the overspend
// above the threshold), recharges_mean (+ paid to a host), pool_transfer_mean (+ received);
// hosts ("host"): exposure_p50, exposure_p95 (the year's peak cash carried for the others);
// providers ("provider"): income_mean, income_p5, income_p95. Amounts in pence.
struct OptionFigure {
    std::string kind;
    std::string code;
    std::string name;
    std::string fy;
    std::string measure;
    double value = 0.0;
};

struct OptionSummary {
    std::size_t position = 0; // 0: the base
    std::string name;         // the option's scenario name
    std::vector<OptionFigure> figures;
};

struct OptionInput {
    std::string name;
    const entities::Scenario* scenario = nullptr;
    const SummarySink* summary = nullptr;
};

// Every option's figures, for the ICBs any option puts in an arrangement or a pool, the hosts
// of any option and the providers of any arrangement, so that each option shows the same rows.
// The options must have the same ICBs and providers (the caller checks); the summaries must
// track `-threshold` on the ICBs' outturns (SummarySink does when given a threshold).
[[nodiscard]] std::vector<OptionSummary> option_summaries(std::span<const OptionInput> options);

// The table for the terminal: each ICB's outturn by option, then hosts' exposure and
// providers' income, for one FY.
[[nodiscard]] std::string options_text(std::span<const OptionSummary> options,
                                       entities::Money threshold, const std::string& fy);

// options.csv: every figure of every option and FY, pounds for amounts.
[[nodiscard]] std::string options_csv(std::span<const OptionSummary> options);

} // namespace specflow::reports
