#include "sim/kernel/poisson_tables.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace specflow::sim {

namespace {

constexpr std::size_t k_bytes_max = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t k_entries_max = std::numeric_limits<std::uint16_t>::max() + 1;
constexpr std::uint32_t k_guide_max = 1u << 16;
// The mass each side of the central sums, where draws are handed over to the walk: below
// D(lo − 1) ≤ 2⁻¹⁴ and from D(hi) ≥ 1 − 2⁻¹⁴, so at most 2⁻¹³ of draws.
constexpr double k_tail = 0x1.0p-14;

// The running sums of PoissonSampler's walk, D(k) for k = first, first + 1, …, computed as it
// computes them: down from the mode D(k − 1) = D(k) − P(k), up from it D(k + 1) = D(k) + P(k + 1),
// each P from the one before by pmf_below or pmf_above. Rounding keeps D non-decreasing in k
// (x − p ≤ x and x + p ≥ x for p ≥ 0 however they round), so the walk's draw is the smallest k
// in its window with u < D(k), or the window's last count if there is none. Upwards the sums
// stop at the first D(k) ≥ 1, past which no u < 1 looks, or where D(k + 1) = D(k): above the
// mode P falls (mean / (k + 1) < 1), so every later sum rounds back to D(k) as well.
std::vector<double> walk_sums(const PoissonSampler& sampler) {
    const PoissonSampler::Walk walk = sampler.walk();
    const auto below = static_cast<std::size_t>(walk.mode - walk.first);
    std::vector<double> sums(below + 1);
    double cdf = walk.cdf_mode;
    double pmf = walk.pmf_mode;
    sums[below] = cdf;
    for (std::int64_t k = walk.mode; k > walk.first; --k) {
        cdf -= pmf;
        pmf = sampler.pmf_below(pmf, k);
        sums[static_cast<std::size_t>(k - 1 - walk.first)] = cdf;
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
        sums.push_back(cdf);
    }
    return sums;
}

// floor(D · 2³²) within [0, 2³² − 1]: u < D when floor(u · 2³²) is smaller, u ≥ D when it is
// larger, and either when they are equal.
std::uint32_t entry_of(double sum) {
    if (sum <= 0.0) {
        return 0;
    }
    if (sum >= 1.0) {
        return std::numeric_limits<std::uint32_t>::max();
    }
    return static_cast<std::uint32_t>(std::floor(sum * 0x1.0p32));
}

void append(std::vector<unsigned char>& bytes, const void* data, std::size_t size) {
    const auto* begin = static_cast<const unsigned char*>(data);
    bytes.insert(bytes.end(), begin, begin + size);
}

} // namespace

PoissonTables::PoissonTables(std::span<const double> means) {
    bounds_.reserve(means.size());
    walks_.reserve(means.size());
    for (const double mean : means) {
        add(mean);
    }
    shrink_to_fit();
}

// A mean seen before shares its table: a year's flow-months often repeat a mean (the same
// flow in months of the same seasonal weight), and England's five years have about a third as
// many distinct means as flow-months.
std::size_t PoissonTables::add(double mean) {
    const PoissonSampler walk(mean); // throws for a mean outside [0, 1e7]
    const auto seen = sampler_of_mean_.find(std::bit_cast<std::uint64_t>(mean));
    if (seen != sampler_of_mean_.end()) {
        bounds_.push_back(bounds_[seen->second]);
    } else {
        add_table(walk);
        sampler_of_mean_.emplace(std::bit_cast<std::uint64_t>(mean), bounds_.size() - 1);
    }
    walks_.push_back(walk);
    return bounds_.size() - 1;
}

void PoissonTables::shrink_to_fit() {
    sampler_of_mean_ = {};
    bounds_.shrink_to_fit();
    bytes_.shrink_to_fit();
    walks_.shrink_to_fit();
}

std::size_t PoissonTables::memory_bytes() const noexcept {
    return bounds_.capacity() * sizeof(Bounds) + bytes_.capacity() +
           walks_.capacity() * sizeof(PoissonSampler);
}

// The central sums from the first above 2⁻¹⁴ to the first at or above 1 − 2⁻¹⁴, between the
// sum before them (or 0) and the sentinel; then the guide. G, a power of two, is the largest
// not above the number of entries (at most 2¹⁶), so that entry indices fit 16 bits and
// floor(u G) = j means u ≥ j / G exactly: the search may start at the first entry whose sum is
// above j / G, as no earlier one can be the draw.
void PoissonTables::add_table(const PoissonSampler& walk) {
    const std::vector<double> sums = walk_sums(walk);
    const auto above_tail = [](double sum) { return sum > k_tail; };
    const auto lo = static_cast<std::size_t>(
        std::min<std::ptrdiff_t>(std::find_if(sums.begin(), sums.end(), above_tail) - sums.begin(),
                                 static_cast<std::ptrdiff_t>(sums.size()) - 1));
    std::size_t hi = lo;
    while (hi + 1 < sums.size() && sums[hi] < 1.0 - k_tail) {
        ++hi;
    }
    // Entry 0, the central sums, the sentinel: exact, for the guide, then as entries.
    std::vector<double> exact;
    exact.push_back(lo == 0 ? -std::numeric_limits<double>::infinity() : sums[lo - 1]);
    exact.insert(exact.end(), sums.begin() + static_cast<std::ptrdiff_t>(lo),
                 sums.begin() + static_cast<std::ptrdiff_t>(hi) + 1);
    exact.push_back(std::numeric_limits<double>::infinity());
    if (exact.size() > k_entries_max) {
        throw std::length_error("PoissonTables: a table would pass 65,536 entries");
    }
    std::vector<std::uint32_t> entries;
    for (const double sum : exact) {
        entries.push_back(entry_of(sum));
    }
    const auto sentinel = static_cast<std::uint32_t>(exact.size() - 1);
    const std::uint32_t guide_size =
        std::min(std::bit_floor(static_cast<std::uint32_t>(exact.size())), k_guide_max);
    std::vector<std::uint16_t> guide;
    std::uint32_t i = 0;
    for (std::uint32_t j = 0; j < guide_size; ++j) {
        const double threshold = static_cast<double>(j) / static_cast<double>(guide_size);
        while (exact[i] <= threshold) {
            ++i;
        }
        guide.push_back(static_cast<std::uint16_t>(i));
    }
    const std::size_t block = 4 * entries.size() + 4 * ((2 * guide.size() + 3) / 4);
    if (bytes_.size() + block > k_bytes_max) {
        throw std::length_error("PoissonTables: the tables would pass 4 GiB");
    }
    const auto offset = static_cast<std::uint32_t>(bytes_.size());
    append(bytes_, entries.data(), 4 * entries.size());
    append(bytes_, guide.data(), 2 * guide.size());
    bytes_.resize(offset + block); // keeps the next table's entries 4-byte aligned
    bounds_.push_back(
        {.offset = offset,
         .lo = static_cast<std::uint32_t>(walk.walk().first + static_cast<std::int64_t>(lo)),
         .sentinel = static_cast<std::uint16_t>(sentinel),
         .guide_shift = static_cast<std::uint16_t>(32 - std::countr_zero(guide_size))});
}

} // namespace specflow::sim
