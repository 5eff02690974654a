#pragma once

#include "entities/scenario.hpp"
#include "sim/runners/allocation_plan.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace specflow::reports {

// One line of an allocation table: an ICB, a region's ICBs added up, or England.
struct AllocationLine {
    enum class Level { icb, region, england };
    Level level = Level::icb;
    std::string code;
    std::string name;
    std::string region_name;
    std::string status; // ICBs only: delegated / joint / retained, "ringfenced" appended
    entities::Money baseline;
    double target_before = 0; // pence, the target the DfT before is measured against
    entities::Money target;
    entities::Money allocation;
    entities::Money hcdd;
    entities::Money delegated;    // the delegable part, held by a delegated ICB
    entities::Money held_for_icb; // the delegable part NHS England holds for a joint ICB
    entities::Money retained;     // service lines NHS England keeps: not ready, retained

    [[nodiscard]] double dft_before() const;
    [[nodiscard]] double dft_after() const;
    [[nodiscard]] double growth() const;
};

// The lines of one FY: each region's ICBs followed by the region's subtotal, then England.
// Regions and England are aggregated from the ICB rows (Σ baseline / Σ target − 1), never typed.
[[nodiscard]] std::vector<AllocationLine> allocation_lines(const entities::Scenario& scenario,
                                                           const sim::YearAllocation& year);

// The terminal tables of `specflow allocate`: per FY, every ICB with region subtotals and
// England; then a summary of how the spread of DfT moves year by year.
[[nodiscard]] std::string allocation_tables(const entities::Scenario& scenario,
                                            const std::vector<sim::YearAllocation>& years);

// The summary alone: per FY, the lowest and highest ICB DfT after convergence and the spread.
[[nodiscard]] std::string dft_spread_table(const std::vector<sim::YearAllocation>& years);

// allocations.csv: every line of every FY (column `level` says which kind), amounts in pounds.
void write_allocations_csv(const entities::Scenario& scenario,
                           const std::vector<sim::YearAllocation>& years,
                           const std::filesystem::path& directory);

} // namespace specflow::reports
