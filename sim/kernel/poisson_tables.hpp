#pragma once

#include "sim/kernel/guide_tables.hpp"
#include "sim/kernel/poisson_sampler.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace specflow::sim {

// Poisson samplers for many fixed means — typically every flow-month of a year — in
// guide tables (guide_tables.hpp): the same draws as PoissonSampler in O(1) expected steps, a
// year of England's flow-months in 7.4 MiB.
class PoissonTables : public GuideTables<PoissonSampler> {
public:
    PoissonTables() = default;
    // One sampler per mean, numbered from 0 in order, then shrink_to_fit. Throws as add does.
    explicit PoissonTables(std::span<const double> means) {
        std::vector<PoissonSampler> samplers;
        samplers.reserve(means.size());
        for (const double mean : means) {
            samplers.emplace_back(mean);
        }
        add_all(samplers);
        shrink_to_fit();
    }

    using GuideTables::add;
    // Adds a sampler of `mean` and returns its number. Throws std::invalid_argument unless
    // 0 ≤ mean ≤ 1e7 (PoissonSampler's constructor), std::length_error as GuideTables::add.
    std::size_t add(double mean) { return add(PoissonSampler(mean)); }

    [[nodiscard]] double mean(std::size_t index) const { return sampler(index).mean(); }
};

} // namespace specflow::sim
