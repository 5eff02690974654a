#pragma once

#include "reports/store.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace specflow::reports {

// Two stored runs side by side, per provider (income, cost, pressure) and per ICB (spend,
// variance) and financial year: the expected values for Monte Carlo runs, the run's own for
// single replications. Prints the differences that are not zero, largest first, and writes every
// row to `csv_path`. Runs of the same seed share their random numbers, so differences are the
// scenarios' doing, not chance.
// Why two stored runs cannot be compared figure by figure, or none: their financial years, or
// their providers or ICBs in some FY, differ (a missing figure would read as zero). One line:
// "runs 3 and 7 cover different financial years: 2024/25 to 2025/26 against 2024/25 to 2028/29".
// A Monte Carlo run and a single one are compared by the Monte Carlo run's means, on the
// measures both have.
[[nodiscard]] std::optional<std::string> incomparable(RunStore& store, std::int64_t run_a,
                                                      std::int64_t run_b);

[[nodiscard]] std::string compare_runs(RunStore& store, std::int64_t run_a, std::int64_t run_b,
                                       const std::filesystem::path& csv_path);

} // namespace specflow::reports
