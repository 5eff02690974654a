#pragma once

#include "entities/scenario.hpp"
#include "reports/run_tables.hpp"

#include <string>

namespace specflow::reports {

// A short account of a run for the terminal: England totals, the ten providers with the
// largest pressure, and the ledger check.
[[nodiscard]] std::string terminal_summary(const entities::Scenario& scenario,
                                           const RunTables& tables);

} // namespace specflow::reports
