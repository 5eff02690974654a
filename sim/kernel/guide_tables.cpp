#include "sim/kernel/guide_tables.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <set>
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
struct Sums {
    std::int64_t first = 0;   // the count of sums[0]
    std::vector<double> sums; // D(first), D(first + 1), …
};

template <typename Sampler>
Sums central_sums(const Sampler& sampler) {
    const PoissonSampler::Walk walk = sampler.walk();
    std::vector<double> down; // D(mode − 1), D(mode − 2), …
    double cdf = walk.cdf_mode;
    double pmf = walk.pmf_mode;
    for (std::int64_t k = walk.mode; k > walk.first && cdf > k_tail && down.size() < k_entries_max;
         --k) {
        cdf -= pmf;
        pmf = sampler.pmf_below(pmf, k);
        down.push_back(cdf);
    }
    Sums result{.first = walk.mode - static_cast<std::int64_t>(down.size()),
                .sums = {down.rbegin(), down.rend()}};
    cdf = walk.cdf_mode;
    pmf = walk.pmf_mode;
    result.sums.push_back(cdf);
    for (std::int64_t k = walk.mode;
         cdf < 1.0 - k_tail && k < walk.last && result.sums.size() < 2 * k_entries_max; ++k) {
        const double next_pmf = sampler.pmf_above(pmf, k);
        const double next_cdf = cdf + next_pmf;
        if (next_cdf == cdf && next_pmf < pmf) {
            break;
        }
        pmf = next_pmf;
        cdf = next_cdf;
        result.sums.push_back(cdf);
    }
    return result;
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

template <typename Sampler>
std::size_t GuideTables<Sampler>::add(const Sampler& sampler) {
    const auto key = parameters(sampler);
    const auto seen = index_of_distribution_.find(key);
    if (seen != index_of_distribution_.end()) {
        const Bounds shared = bounds_[seen->second];
        bounds_.push_back(shared);
    } else {
        add_table(Table(sampler));
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
    std::set<std::pair<std::uint64_t, std::uint64_t>> new_distributions;
    std::size_t bytes = 0;
    for (const auto& sampler : samplers) {
        const auto key = parameters(sampler);
        if (!index_of_distribution_.contains(key) && new_distributions.insert(key).second) {
            bytes += Table(sampler).bytes();
        }
    }
    if (bytes_.size() + bytes > k_bytes_max) {
        throw std::length_error("GuideTables: the tables would pass 4 GiB");
    }
    bounds_.reserve(bounds_.size() + samplers.size());
    walks_.reserve(walks_.size() + samplers.size());
    bytes_.reserve(bytes_.size() + bytes);
    for (const auto& sampler : samplers) {
        add(sampler); // into the room reserved: nothing grows or is copied
    }
    return first;
}

template <typename Sampler>
std::size_t GuideTables<Sampler>::memory_bytes() const noexcept {
    return bounds_.capacity() * sizeof(Bounds) + bytes_.capacity() +
           walks_.capacity() * sizeof(Sampler);
}

// The central sums from the first above 2⁻¹⁴ to the first at or above 1 − 2⁻¹⁴, between the
// sum before them (or −∞ at the window's first count) and the sentinel; then the guide. G is
// the smallest power of two not below the number of entries (at most 2¹⁶, so that entry
// indices fit 16 bits): with as many guide entries as entries or more, a draw rarely steps more
// than once (half as many made draws at means 50 to 500 twice as slow, from branches
// mispredicted). As G is a power of two, floor(u G) = j means u ≥ j / G exactly: the search may
// start at the first entry whose sum is above j / G, as no earlier one can be the draw. A
// distribution whose central sums would pass 65,534 entries (only a very overdispersed negative
// binomial: Poisson up to 1e7 needs 25,000) gets the table {−∞, sentinel}, which hands every draw
// to the walk.
template <typename Sampler>
GuideTables<Sampler>::Table::Table(const Sampler& sampler) {
    const Sums central = central_sums(sampler);
    const std::vector<double>& sums = central.sums;
    const auto above_tail = [](double sum) { return sum > k_tail; };
    const auto lo = static_cast<std::size_t>(
        std::min<std::ptrdiff_t>(std::find_if(sums.begin(), sums.end(), above_tail) - sums.begin(),
                                 static_cast<std::ptrdiff_t>(sums.size()) - 1));
    std::size_t hi = lo;
    while (hi + 1 < sums.size() && sums[hi] < 1.0 - k_tail) {
        ++hi;
    }
    // Entry 0, the central sums, the sentinel: exact, for the guide, then as entries.
    constexpr double k_infinity = std::numeric_limits<double>::infinity();
    std::vector<double> exact{lo == 0 ? -k_infinity : sums[lo - 1]};
    exact.insert(exact.end(), sums.begin() + static_cast<std::ptrdiff_t>(lo),
                 sums.begin() + static_cast<std::ptrdiff_t>(hi) + 1);
    exact.push_back(k_infinity);
    if (exact.size() > k_entries_max) {
        exact = {-k_infinity, k_infinity};
    }
    for (const double sum : exact) {
        entries.push_back(entry_of(sum));
    }
    const std::uint32_t guide_size =
        std::min(std::bit_ceil(static_cast<std::uint32_t>(exact.size())), k_guide_max);
    std::uint32_t i = 0;
    for (std::uint32_t j = 0; j < guide_size; ++j) {
        const double threshold = static_cast<double>(j) / static_cast<double>(guide_size);
        while (exact[i] <= threshold) {
            ++i;
        }
        guide.push_back(static_cast<std::uint16_t>(i));
    }
    first = static_cast<std::uint32_t>(central.first + static_cast<std::int64_t>(lo));
}

template <typename Sampler>
void GuideTables<Sampler>::add_table(const Table& table) {
    const std::size_t block = table.bytes();
    if (bytes_.size() + block > k_bytes_max) {
        throw std::length_error("GuideTables: the tables would pass 4 GiB");
    }
    const auto offset = static_cast<std::uint32_t>(bytes_.size());
    append(bytes_, table.entries.data(), 4 * table.entries.size());
    append(bytes_, table.guide.data(), 2 * table.guide.size());
    bytes_.resize(offset + block); // keeps the next table's entries 4-byte aligned
    bounds_.push_back({.offset = offset,
                       .lo = table.first,
                       .sentinel = static_cast<std::uint16_t>(table.entries.size() - 1),
                       .guide_shift = static_cast<std::uint16_t>(
                           32 - std::countr_zero(static_cast<std::uint32_t>(table.guide.size())))});
}

template class GuideTables<PoissonSampler>;
template class GuideTables<NegativeBinomialSampler>;

} // namespace specflow::sim
