#pragma once

// Keeping a run in the results store.

#include "reports/store.hpp"
#include "sim/runners/allocation_plan.hpp"
#include "sim/runners/replication.hpp"
#include "tools/command.hpp"
#include "tools/options.hpp"
#include "tools/prepare.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace specflow::tools {

// The time now in UTC, ISO 8601 ("2024-04-01T09:30:00Z"), for a run's record.
[[nodiscard]] std::string now_utc();

// The allocations of the years that have them (none when the scenario has no [allocation]).
[[nodiscard]] std::vector<sim::YearAllocation> allocations_of(const sim::RunModel& model);

// A finished run: how it was asked for, what it ran, when it started and what it gave (the
// tables of one replication or a Monte Carlo summary).
struct FinishedRun {
    const RunOptions& options;
    const Prepared& prepared;
    std::string started_at;
    reports::RunResults results;
    std::string kind = "run";       // or "stress"
    std::string provider_code = {}; // a stress run's provider
};

// Keeps the run in `store` (opened with open_store before the run) with its record (the command
// line, the scenario's files and their hash, seed, replications, years, times), every flow's plan,
// each ICB × line against its fair share (granular) and the years' allocations. Returns the run's
// id. Throws StoreError. The run's outputs are written only after this returns, so a store that
// fails leaves none.
[[nodiscard]] std::int64_t store_run(reports::RunStore& store, const Context& context,
                                     const FinishedRun& run);
// Keeps several runs in `store`, in one transaction: all or none.
[[nodiscard]] std::vector<std::int64_t> store_runs(reports::RunStore& store, const Context& context,
                                                   std::span<const FinishedRun> runs);

} // namespace specflow::tools
