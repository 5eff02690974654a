#pragma once

#include "sim/kernel/random_stream.hpp"
#include "sim/runners/model.hpp"

#include <cstdint>
#include <vector>

namespace specflow::sim {

// One replication's year-level multipliers of expected activity (DESIGN.md §7), each of mean 1:
// national demand per service line, the provider's own per provider × service line, and the
// replication's demand trend per line compounded to this year. Replication 0 has them all at 1.
// Every value is a pure function of (seed, replication, year index, line, provider): drawn from
// the key's stream with its own StreamKind, so no thread or order changes it. Only the factors
// some flow of the year is multiplied by are drawn: a provider's line with no flow keeps 1.
class CommonFactors {
public:
    // The factors of year `year_index` (0 for the run's first FY) of `model`'s scenario.
    CommonFactors(const Model& model, const RandomStream& stream, std::uint32_t year_index);
    // All 1: the expected-value run.
    explicit CommonFactors(const Model& model);

    [[nodiscard]] double national(std::size_t line) const { return national_[line]; }
    [[nodiscard]] double trend(std::size_t line) const { return trend_[line]; }
    [[nodiscard]] double provider(std::size_t provider, std::size_t line) const {
        return provider_[provider * lines_ + line];
    }
    // The product of a flow's three factors: what its expected activity is multiplied by.
    [[nodiscard]] double of_flow(std::size_t flow) const { return flow_[flow]; }

private:
    std::size_t lines_ = 0;
    std::vector<double> national_;
    std::vector<double> trend_;
    std::vector<double> provider_;
    std::vector<double> flow_;
};

} // namespace specflow::sim
