#pragma once

#include "sim/kernel/random_stream.hpp"
#include "sim/observation.hpp"
#include "sim/runners/model.hpp"
#include "sim/runners/year_plan.hpp"

#include <memory>
#include <vector>

namespace specflow::sim {

// The compiled financial years of a run, shared read-only by every replication.
class RunModel {
public:
    RunModel(std::vector<YearPlan> plans, Sampling sampling);

    [[nodiscard]] std::size_t year_count() const noexcept { return models_.size(); }
    [[nodiscard]] const Model& year(std::size_t index) const { return *models_.at(index); }
    [[nodiscard]] const YearPlan& plan(std::size_t index) const { return plans_.at(index); }

private:
    std::vector<YearPlan> plans_;
    std::vector<std::unique_ptr<Model>> models_; // each refers to its plan's scenario
};

struct ReplicationOptions {
    // Flows whose yearly activity is reported (FlowYear); empty: none.
    std::vector<std::size_t> watched_flows = {};
};

// Runs one replication over every year of the run model.
void run_replication(const RunModel& model, StreamKey key, ObservationSink& sink,
                     const ReplicationOptions& options = {});

// Runs one replication of the monthly cycle (DESIGN.md §8) over one financial year and
// emits its observations to the sink. Replication 0 is the expected-value run (each flow's
// planned cases are its activity); replications 1.. draw Poisson activity from the stream
// keyed by (seed, replication). Throws LedgerImbalance if the books ever fail to balance.
void run_replication(const Model& model, StreamKey key, ObservationSink& sink);

} // namespace specflow::sim
