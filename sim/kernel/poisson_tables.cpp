#include "sim/kernel/poisson_tables.hpp"

#include "sim/kernel/poisson_sampler.hpp"

#include <bit>
#include <cassert>
#include <limits>
#include <stdexcept>

namespace specflow::sim {

namespace {
constexpr std::size_t k_offset_max = std::numeric_limits<std::uint32_t>::max();
} // namespace

PoissonTables::PoissonTables(std::span<const double> means) {
    means_.reserve(means.size());
    bounds_.reserve(means.size());
    for (const double mean : means) {
        add(mean);
    }
    shrink_to_fit();
}

void PoissonTables::shrink_to_fit() {
    bounds_.shrink_to_fit();
    cdf_.shrink_to_fit();
    guide_.shrink_to_fit();
    means_.shrink_to_fit();
}

// A refused mean leaves the tables as they were: add_sums checks before it changes anything.
std::size_t PoissonTables::add(double mean) {
    add_sums(mean);
    means_.push_back(mean);
    return bounds_.size() - 1;
}

std::size_t PoissonTables::memory_bytes() const noexcept {
    return bounds_.capacity() * sizeof(Bounds) + cdf_.capacity() * sizeof(double) +
           guide_.capacity() * sizeof(std::uint32_t) + means_.capacity() * sizeof(double);
}

// The running sums of PoissonSampler's walk, D(k), computed as it computes them: down from the
// mode D(k − 1) = D(k) − P(k), up from it D(k + 1) = D(k) + P(k + 1), each P from the one before
// by pmf_below or pmf_above. Rounding keeps D non-decreasing in k (x − p ≤ x and x + p ≥ x for
// p ≥ 0 however they round), so the walk's draw is the smallest k in the window with u < D(k),
// and the window's last count if there is none: what the guided search finds. Upwards the sums
// stop at the first D(k) ≥ 1, past which no u < 1 looks, or where D(k + 1) = D(k): above the
// mode P falls (mean / (k + 1) < 1), so every later D(k + 1) + P rounds back to D(k) as well,
// and a u at or past D(k) is drawn as the window's last count, which the sentinel stands for.
void PoissonTables::add_sums(double mean) {
    const PoissonSampler sampler(mean); // throws for a mean outside [0, 1e7]
    const PoissonSampler::Walk walk = sampler.walk();
    const auto below = static_cast<std::size_t>(walk.mode - walk.first);
    const std::size_t offset = cdf_.size();
    // Below the mode at most `below` sums; above it at most the window's rest, and a sentinel.
    const auto window = static_cast<std::size_t>(walk.last - walk.first) + 2;
    if (offset + window > k_offset_max) {
        throw std::length_error("PoissonTables: the tables would pass 2^32 - 1 sums");
    }
    cdf_.resize(offset + below + 1);
    double cdf = walk.cdf_mode;
    double pmf = walk.pmf_mode;
    cdf_[offset + below] = cdf;
    for (std::int64_t k = walk.mode; k > walk.first; --k) {
        cdf -= pmf;
        pmf = sampler.pmf_below(pmf, k);
        cdf_[offset + static_cast<std::size_t>(k - 1 - walk.first)] = cdf;
    }
    cdf = walk.cdf_mode;
    pmf = walk.pmf_mode;
    for (std::int64_t k = walk.mode; cdf < 1.0 && k < walk.last; ++k) {
        const double next_pmf = sampler.pmf_above(pmf, k);
        const double next_cdf = cdf + next_pmf;
        if (next_cdf == cdf) {
            break;
        }
        pmf = next_pmf;
        cdf = next_cdf;
        cdf_.push_back(cdf);
    }
    const auto sums = static_cast<std::uint32_t>(cdf_.size() - offset);
    cdf_.push_back(std::numeric_limits<double>::infinity());
    const auto guide_offset = static_cast<std::uint32_t>(guide_.size());
    add_guide(static_cast<std::uint32_t>(offset), sums);
    bounds_.push_back({.guide_size = static_cast<double>(guide_.size() - guide_offset),
                       .cdf_offset = static_cast<std::uint32_t>(offset),
                       .guide_offset = guide_offset,
                       .sentinel = sums,
                       .first = static_cast<std::uint32_t>(walk.first),
                       .last = static_cast<std::uint32_t>(walk.last)});
}

// G = the largest power of two not above the number of sums, so that u · G is exact and
// floor(u · G) = j means u ≥ j / G exactly: the search may start at the smallest k with
// D(k) > j / G, as no smaller k can be the draw.
void PoissonTables::add_guide(std::uint32_t cdf_offset, std::uint32_t sums) {
    assert(sums >= 1 && "PoissonTables: every table has the sum at its mode");
    const std::uint32_t size = std::bit_floor(sums);
    const double* cdf = cdf_.data() + cdf_offset;
    std::uint32_t k = 0;
    for (std::uint32_t j = 0; j < size; ++j) {
        const double threshold = static_cast<double>(j) / static_cast<double>(size);
        while (k < sums && cdf[k] <= threshold) {
            ++k;
        }
        guide_.push_back(k);
    }
}

} // namespace specflow::sim
