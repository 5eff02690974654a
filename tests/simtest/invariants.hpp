#pragma once

#include "sim/runners/run_model.hpp"
#include "tests/sim/runners/recording_sink.hpp"

#include <string>
#include <vector>

namespace specflow::simtest {

// What one replication of a run must show, whatever the scenario (DESIGN.md §8, §10). Each
// check appends a sentence per broken invariant to `failures`.
struct ReplicationRecord {
    const sim::RunModel& model;
    const testing::RecordingSink& sink;
    std::uint32_t replication = 0;
};

// The ledger closed every month, and money entered only from the national budget: at each
// close, what has been issued is exactly the national budgets of the years so far.
void check_conservation(const ReplicationRecord& record, std::vector<std::string>& failures);

// Exact budgets: each year's budgets as reported add up to its national budget, which is what
// its allocation gave out; provider income is that budget less what the budget holders held
// back, to the penny; income by source adds up to provider income; pressure and variance are
// their differences.
void check_budgets(const ReplicationRecord& record, std::vector<std::string>& failures);

// Risk-pool settlements net to zero; lead-ICB recharges pay what was due less what was withheld.
void check_settlements(const ReplicationRecord& record, std::vector<std::string>& failures);

// The forecast outturn is there from the forecast month on, and in month 12 is the year's actual.
void check_forecasts(const ReplicationRecord& record, int from_month,
                     std::vector<std::string>& failures);

} // namespace specflow::simtest
