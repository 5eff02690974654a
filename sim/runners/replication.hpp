#pragma once

#include "sim/kernel/random_stream.hpp"
#include "sim/observation.hpp"
#include "sim/runners/run_model.hpp"

#include <vector>

namespace specflow::sim {

struct ReplicationOptions {
    // Flows of the first FY whose activity in that FY is reported (FlowYear); empty: none.
    std::vector<std::size_t> watched_flows = {};
    // Whether the ICB and provider months carry the forecast outturn (worked out at each FY
    // start); Monte Carlo summaries do not read it, so their replications skip it.
    bool forecast = true;
};

class ActivityDraws;

// Runs one replication over every year of the run model. `draws`: a block of drawn activity
// that holds the replication (a Monte Carlo worker's), or null for it to draw its own.
void run_replication(const RunModel& model, StreamKey key, ObservationSink& sink,
                     const ReplicationOptions& options = {}, const ActivityDraws* draws = nullptr);

// Runs one replication of the monthly cycle (DESIGN.md §8) over one financial year and
// emits its observations to the sink. Replication 0 is the expected-value run (each flow's
// planned cases are its activity); replications 1.. draw Poisson activity from the stream
// keyed by (seed, replication). Throws LedgerImbalance if the books ever fail to balance.
void run_replication(const Model& model, StreamKey key, ObservationSink& sink);

} // namespace specflow::sim
