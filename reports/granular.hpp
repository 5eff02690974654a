#pragma once

// The granular view a moderation panel asks for: each ICB's planned spend on each service line
// against its fair share of the national spend on that line.

#include "entities/money.hpp"
#include "entities/scenario.hpp"
#include "sim/runners/run_model.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace specflow::reports {

// One ICB × service line in one FY. Spend is the plan of the ICB's patients on the line,
// wherever they are treated: every flow's planned cases at the year's price (sim::flow_plans),
// high-cost drugs left out (they are funded centrally, outside the ICB's fair share). The fair
// share is the national spend on the line shared as targets are, by population × need index
// that FY (or the ICB's target weight), largest remainder: the fair shares of a line sum to
// its national spend to the penny, so the gaps of a line sum to zero.
struct GranularRow {
    std::string fy;
    std::string icb_code;
    std::string icb_name;
    std::string region_name;
    std::string service_line_code;
    std::string service_line_name;
    entities::PortfolioCategory category = entities::PortfolioCategory::delegable;
    entities::Money spend;
    entities::Money fair_share;

    // Positive: the ICB's patients are planned more than their fair share of the line.
    [[nodiscard]] entities::Money gap() const { return spend - fair_share; }
    // The gap as a percentage of the fair share; none when the fair share is zero.
    [[nodiscard]] std::optional<double> gap_pct() const;
};

// The rows of one FY: each ICB that exists in `year_scenario`'s first FY × each service line
// with a national spend, in the scenario's ICB then line order. `planned_value` gives each of
// the scenario's flows its planned value in the FY, in flow order.
[[nodiscard]] std::vector<GranularRow>
granular_rows(const entities::Scenario& year_scenario,
              const std::vector<entities::Money>& planned_value);

// Every FY of a run, from its compiled plan (the expected values, the same for every
// replication).
[[nodiscard]] std::vector<GranularRow> granular_rows(const sim::RunModel& model);

// granular.csv: one row per FY × ICB × service line, pounds with two decimals, RFC 4180.
[[nodiscard]] std::string granular_csv(const std::vector<GranularRow>& rows);
void write_granular_csv(const std::vector<GranularRow>& rows,
                        const std::filesystem::path& directory);

// Which pairs the terminal summary shows.
struct GranularSummaryOptions {
    // Pairs furthest below and furthest above fair share, per region. Illustrative: three is
    // what a panel reads at a glance; granular.csv has every pair.
    std::size_t top = 3;
    std::string region_name = {}; // one region's name; empty: every region
};

// For each FY and region: the ICB × line pairs furthest below and furthest above fair share,
// ranked by the gap in pounds (the money a panel could move; a small line's percentage can be
// large on little money), shown in £m and as % of fair share.
[[nodiscard]] std::string granular_text(const std::vector<GranularRow>& rows,
                                        const GranularSummaryOptions& options);

} // namespace specflow::reports
