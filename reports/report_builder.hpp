#pragma once

#include "reports/report_data.hpp"
#include "reports/store.hpp"

namespace specflow::reports {

// Everything a scenario report shows, read from a stored run: metadata and the scenario's
// parameters (from its stored text), DfT trajectories and the waterfall (from allocations and
// income), fan charts (Monte Carlo percentiles, or the single run's months), the flow heat map,
// income at risk, ICB outturn and, for an option of `specflow options`, the options side by side.
// Throws StoreError when there is no such run.
[[nodiscard]] ReportData report_data(RunStore& store, std::int64_t run);

} // namespace specflow::reports
