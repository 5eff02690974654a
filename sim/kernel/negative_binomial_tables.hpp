#pragma once

#include "sim/kernel/guide_tables.hpp"
#include "sim/kernel/negative_binomial_sampler.hpp"

#include <cstddef>

namespace specflow::sim {

// Negative binomial samplers for many fixed (mean, dispersion) pairs — typically every
// flow-month of a year with overdispersed activity — in guide tables (guide_tables.hpp): the
// same draws as NegativeBinomialSampler in O(1) expected steps. Its walk takes as many steps as
// the draw lies from the mode — about 0.8 sd, and the mean itself when r ≤ 1 — so the tables
// gain more the more overdispersed the counts. A pair whose central 1 − 2⁻¹³ of mass spans more
// than 65,534 counts (for a dispersion of 1, a mean above about 6,700) keeps only its walk.
class NegativeBinomialTables : public GuideTables<NegativeBinomialSampler> {
public:
    using GuideTables::add;
    // Adds a sampler and returns its number. Throws std::invalid_argument as
    // NegativeBinomialSampler's constructor, std::length_error as GuideTables::add.
    std::size_t add(double mean, double dispersion) {
        return add(NegativeBinomialSampler(mean, dispersion));
    }
};

} // namespace specflow::sim
