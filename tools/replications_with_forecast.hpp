#pragma once

// Monte Carlo replications that keep the forecast outturn.
//
// sim::run_monte_carlo leaves the forecast out of every replication, since the summaries of
// `run --replications` never read it; `stress` summarises the provider's forecast at the forecast
// month, so it runs its replications here, on the same kind of Boost.Asio pool and with the same
// guarantee: a replication's numbers depend only on (seed, replication, flow, month, draw), so
// order-independent sinks merge to the same result on any number of threads. (When sim's runner
// takes the forecast as an option, this file goes.)

#include "sim/observation.hpp"
#include "sim/runners/monte_carlo.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace specflow::tools {

[[nodiscard]] std::vector<std::unique_ptr<sim::ObservationSink>>
run_monte_carlo_with_forecast(const sim::RunModel& model, std::uint32_t seed,
                              const sim::MonteCarloOptions& options,
                              const std::function<std::unique_ptr<sim::ObservationSink>()>& make);

} // namespace specflow::tools
