#pragma once

#include "sim/kernel/random_stream.hpp"
#include "sim/observation.hpp"
#include "sim/runners/model.hpp"

namespace specflow::sim {

// Runs one replication of the monthly cycle (DESIGN.md §8) over the model's financial year and
// emits its observations to the sink. Replication 0 is the expected-value run (each flow's
// planned cases are its activity); replications 1.. draw Poisson activity from the stream
// keyed by (seed, replication). Throws LedgerImbalance if the books ever fail to balance.
void run_replication(const Model& model, StreamKey key, ObservationSink& sink);

} // namespace specflow::sim
