#pragma once

#include "tests/support/random_simulation.hpp"

#include <string>
#include <vector>

namespace specflow::simtest {

// How much of each check a case gets.
struct CaseCheckOptions {
    // Monte Carlo replications (from 1) run sequentially, then on one thread, on two, and split
    // in two shares as MPI ranks take them; every way must give the same observations.
    std::uint32_t replications = 2;
};

// Plans and runs a random case and checks every invariant: the books balance at every month
// close (run_replication throws LedgerImbalance otherwise), conservation, exact budgets,
// settlements and forecasts on the expected-value run and each Monte Carlo replication;
// replication 0 against a run of the expected values alone; and results independent of threads
// and of how replications are shared out. Returns one sentence per broken invariant.
[[nodiscard]] std::vector<std::string> check_case(const testing::SimulationCase& c,
                                                  const CaseCheckOptions& options = {});

} // namespace specflow::simtest
