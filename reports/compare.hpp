#pragma once

#include "reports/store.hpp"

#include <filesystem>
#include <string>

namespace specflow::reports {

// Two stored runs side by side, per provider (income, cost, pressure) and per ICB (spend,
// variance) and financial year: the expected values for Monte Carlo runs, the run's own for
// single replications. Prints the differences that are not zero, largest first, and writes every
// row to `csv_path`. Runs of the same seed share their random numbers, so differences are the
// scenarios' doing, not chance.
[[nodiscard]] std::string compare_runs(RunStore& store, std::int64_t run_a, std::int64_t run_b,
                                       const std::filesystem::path& csv_path);

} // namespace specflow::reports
