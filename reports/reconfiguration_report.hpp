#pragma once

#include "entities/scenario.hpp"
#include "sim/runners/allocation_plan.hpp"
#include "sim/runners/run_model.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace specflow::reports {

// What one old ICB carries into one new ICB at a reconfiguration (one mapping row).
struct ReconfigurationRow {
    entities::FinancialYear year{2026};
    entities::IcbId from;
    entities::IcbId to;
    std::int64_t share_micro = 0;
    entities::Money allocation;     // its part of the old ICB's allocation: the new baseline's
    entities::Money contract_value; // of the old ICB's ICB-paid contract values
    std::int64_t cases_milli = 0;   // of its patients' expected cases
};

// Every reconfiguration row of a run's FYs, in FY and mapping order (empty without one).
[[nodiscard]] std::vector<ReconfigurationRow> reconfiguration_rows(const sim::RunModel& model);

// reconfiguration.csv, for a run whose FYs include a reconfiguration (DESIGN.md §8a): what each
// ICB of the year before carries into each ICB of the change year — its population share, the
// part of its allocation that becomes the new ICB's baseline, of its ICB-paid contract values
// and of its patients' expected cases — one row per mapping row. Amounts in pounds. Returns
// whether it wrote the file (not when no reconfiguration falls within the run).
bool write_reconfiguration_csv(const entities::Scenario& scenario,
                               const std::vector<ReconfigurationRow>& rows,
                               const std::filesystem::path& directory);

// For the terminal: each reconfiguration's FY, the old ICBs with the new ICBs their allocations
// go to, and each new ICB's baseline as the sum of what it takes. Empty without one.
[[nodiscard]] std::string reconfiguration_text(const entities::Scenario& scenario,
                                               const std::vector<sim::YearAllocation>& years);

} // namespace specflow::reports
