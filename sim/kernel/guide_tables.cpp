#include "sim/kernel/guide_tables.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
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

// What makes two samplers the same distribution: their parameters, bit for bit.
std::pair<std::uint64_t, std::uint64_t> parameters(const PoissonSampler& sampler) {
    return {std::bit_cast<std::uint64_t>(sampler.mean()), 0};
}
std::pair<std::uint64_t, std::uint64_t> parameters(const NegativeBinomialSampler& sampler) {
    return {std::bit_cast<std::uint64_t>(sampler.mean()),
            std::bit_cast<std::uint64_t>(sampler.dispersion())};
}

// The running sums of the sampler's walk, D(k), computed as it computes them: down from the mode
// D(k − 1) = D(k) − P(k), up from it D(k + 1) = D(k) + P(k + 1), each P from the one before by
// pmf_below or pmf_above. Rounding keeps D non-decreasing in k (x − p ≤ x and x + p ≥ x for
// p ≥ 0 however they round), so the walk's draw is the smallest k in its window with u < D(k),
// or the window's last count if there is none.
//
// Only the central sums are kept: downwards to the first D(k) ≤ 2⁻¹⁴ (or the window's first
// count), upwards to the first D(k) ≥ 1 − 2⁻¹⁴, and no more than a table can hold. Upwards they
// also stop where D(k + 1) = D(k) with P(k + 1) < P(k): from there on P keeps falling — the
// ratio of successive probabilities is mean / (k + 1) for Poisson, and (k + r) p / (k + 1) for
// the negative binomial, which moves monotonically towards p < 1 — so every later sum rounds
// back to D(k) as well, and a u at or past it is drawn as the window's last count.
template <typename Sampler, typename Sums>
void central_sums(const Sampler& sampler, Sums& out) {
    const PoissonSampler::Walk walk = sampler.walk();
    out.down.clear(); // D(mode − 1), D(mode − 2), …
    double cdf = walk.cdf_mode;
    double pmf = walk.pmf_mode;
    for (std::int64_t k = walk.mode;
         k > walk.first && cdf > k_tail && out.down.size() < k_entries_max; --k) {
        cdf -= pmf;
        pmf = sampler.pmf_below(pmf, k);
        out.down.push_back(cdf);
    }
    out.first = walk.mode - static_cast<std::int64_t>(out.down.size());
    out.sums.assign(out.down.rbegin(), out.down.rend());
    cdf = walk.cdf_mode;
    pmf = walk.pmf_mode;
    out.sums.push_back(cdf);
    for (std::int64_t k = walk.mode;
         cdf < 1.0 - k_tail && k < walk.last && out.sums.size() < 2 * k_entries_max; ++k) {
        const double next_pmf = sampler.pmf_above(pmf, k);
        const double next_cdf = cdf + next_pmf;
        if (next_cdf == cdf && next_pmf < pmf) {
            break;
        }
        pmf = next_pmf;
        cdf = next_cdf;
        out.sums.push_back(cdf);
    }
}

// A table's shape, from the central sums: its window of them, sums[lo] to sums[hi] (from the
// first above 2⁻¹⁴ to the first at or above 1 − 2⁻¹⁴), and its entries — entry 0, the window,
// the sentinel — and guide entries G, the smallest power of two not below the entries (at most
// 2¹⁶, so that entry indices fit 16 bits). A window that would pass 65,534 entries (only a very
// overdispersed negative binomial: Poisson up to 1e7 needs 25,000) gets the table {−∞,
// sentinel}, which hands every draw to the walk.
struct Shape {
    std::size_t lo = 0;
    std::size_t hi = 0;
    bool walk_only = false;
    std::uint32_t entries = 0;
    std::uint32_t guide = 0;

    explicit Shape(const std::vector<double>& sums) {
        const auto above_tail = [](double sum) { return sum > k_tail; };
        lo = static_cast<std::size_t>(std::min<std::ptrdiff_t>(
            std::find_if(sums.begin(), sums.end(), above_tail) - sums.begin(),
            static_cast<std::ptrdiff_t>(sums.size()) - 1));
        hi = lo;
        while (hi + 1 < sums.size() && sums[hi] < 1.0 - k_tail) {
            ++hi;
        }
        walk_only = hi - lo + 3 > k_entries_max;
        entries = walk_only ? 2 : static_cast<std::uint32_t>(hi - lo + 3);
        guide = std::min(std::bit_ceil(entries), k_guide_max);
    }
    // Entries, guide, and padding to keep the next table's entries 4-byte aligned.
    [[nodiscard]] std::size_t bytes() const noexcept {
        return 4 * std::size_t{entries} + 4 * ((2 * std::size_t{guide} + 3) / 4);
    }
};

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

} // namespace

template <typename Sampler>
std::size_t GuideTables<Sampler>::add(const Sampler& sampler) {
    Sums scratch;
    return add_with(sampler, scratch);
}

template <typename Sampler>
std::size_t GuideTables<Sampler>::add_with(const Sampler& sampler, Sums& scratch) {
    const auto key = parameters(sampler);
    const auto seen = index_of_distribution_.find(key);
    if (seen != index_of_distribution_.end()) {
        const Bounds shared = bounds_[seen->second];
        bounds_.push_back(shared);
    } else {
        central_sums(sampler, scratch);
        lay_down(scratch);
        index_of_distribution_.emplace(key, bounds_.size() - 1);
    }
    walks_.push_back(sampler);
    return bounds_.size() - 1;
}

template <typename Sampler>
void GuideTables<Sampler>::shrink_to_fit() {
    index_of_distribution_.clear();
    bounds_.shrink_to_fit();
    bytes_.shrink_to_fit();
    walks_.shrink_to_fit();
}

template <typename Sampler>
std::size_t GuideTables<Sampler>::add_all(std::span<const Sampler> samplers) {
    const std::size_t first = bounds_.size();
    // The bytes the tables of distributions not yet in take, each worked out and dropped: held
    // until they were laid down, they took as much memory again as the tables themselves.
    Sums scratch;
    DistributionIndex new_distributions;
    std::size_t bytes = 0;
    for (const auto& sampler : samplers) {
        const auto key = parameters(sampler);
        if (!index_of_distribution_.contains(key) && new_distributions.emplace(key, 0).second) {
            central_sums(sampler, scratch);
            bytes += Shape(scratch.sums).bytes();
        }
    }
    if (bytes_.size() + bytes > k_bytes_max) {
        throw std::length_error("GuideTables: the tables would pass 4 GiB");
    }
    bounds_.reserve(bounds_.size() + samplers.size());
    walks_.reserve(walks_.size() + samplers.size());
    bytes_.reserve(bytes_.size() + bytes);
    for (const auto& sampler : samplers) {
        add_with(sampler, scratch); // into the room reserved: nothing grows or is copied
    }
    return first;
}

template <typename Sampler>
std::size_t GuideTables<Sampler>::memory_bytes() const noexcept {
    return bounds_.capacity() * sizeof(Bounds) + bytes_.capacity() +
           walks_.capacity() * sizeof(Sampler);
}

// The table's entries: entry 0 (the sum before the window, or −∞ at the window's first count),
// the window's sums, the sentinel, each as entry_of; then the guide. As G is a power of two,
// floor(u G) = j means u ≥ j / G exactly: the search may start at the first entry whose sum is
// above j / G, as no earlier one can be the draw. With as many guide entries as entries or
// more, a draw rarely steps more than once (half as many made draws at means 50 to 500 twice as
// slow, from branches mispredicted).
template <typename Sampler>
void GuideTables<Sampler>::lay_down(const Sums& central) {
    const std::vector<double>& sums = central.sums;
    const Shape shape(sums);
    const std::size_t block = shape.bytes();
    if (bytes_.size() + block > k_bytes_max) {
        throw std::length_error("GuideTables: the tables would pass 4 GiB");
    }
    constexpr double k_infinity = std::numeric_limits<double>::infinity();
    const auto exact = [&](std::uint32_t i) {
        if (i + 1 == shape.entries) {
            return k_infinity;
        }
        if (i == 0) {
            return shape.lo == 0 || shape.walk_only ? -k_infinity : sums[shape.lo - 1];
        }
        return sums[shape.lo + i - 1];
    };
    const auto offset = static_cast<std::uint32_t>(bytes_.size());
    bytes_.resize(offset + block); // zeros the padding that keeps the next table 4-byte aligned
    unsigned char* table = bytes_.data() + offset;
    for (std::uint32_t i = 0; i < shape.entries; ++i) {
        const std::uint32_t entry = entry_of(exact(i));
        std::memcpy(table + 4 * std::size_t{i}, &entry, sizeof entry);
    }
    unsigned char* guide = table + 4 * std::size_t{shape.entries};
    std::uint32_t i = 0;
    for (std::uint32_t j = 0; j < shape.guide; ++j) {
        const double threshold = static_cast<double>(j) / static_cast<double>(shape.guide);
        while (exact(i) <= threshold) {
            ++i;
        }
        const auto first = static_cast<std::uint16_t>(i);
        std::memcpy(guide + 2 * std::size_t{j}, &first, sizeof first);
    }
    bounds_.push_back(
        {.offset = offset,
         .lo = static_cast<std::uint32_t>(central.first + static_cast<std::int64_t>(shape.lo)),
         .sentinel = static_cast<std::uint16_t>(shape.entries - 1),
         .guide_shift = static_cast<std::uint16_t>(32 - std::countr_zero(shape.guide))});
}

template class GuideTables<PoissonSampler>;
template class GuideTables<NegativeBinomialSampler>;

} // namespace specflow::sim
