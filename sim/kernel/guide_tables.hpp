#pragma once

#include "sim/kernel/negative_binomial_sampler.hpp"
#include "sim/kernel/poisson_sampler.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace specflow::sim {

// Many samplers of fixed distributions — typically one per flow-month of a year — drawing by
// table inversion with a guide table (Chen and Asau's indexed search): the same k for the same u
// as the Sampler (PoissonSampler or NegativeBinomialSampler) itself, in O(1) expected steps
// instead of its walk's many. PoissonTables and NegativeBinomialTables name the two.
//
// What: a Sampler's walk returns the smallest k with u < D(k), D(k) the running sums of
// probabilities it computes. For each sampler the table holds those sums over the central counts
// lo .. hi where they pass from 2⁻¹⁴ to 1 − 2⁻¹⁴ (about mean ± 3.9 sd, and all of a small
// mean's counts), each as the 32-bit integer floor(D(k) · 2³²), and a guide: for j below G, a
// power of two, the first entry with D > j / G. A draw takes the top 32 bits of u, starts at the
// guide's entry for its top log₂ G bits and steps on while they exceed the entry (rarely more
// than once, as G is at least the number of entries). It hands over to the Sampler, kept alongside,
// when u lies outside the central sums (at most 2⁻¹³ of draws) or its top 32 bits equal an
// entry, where 32 bits cannot tell u from D(k) (about 2⁻³² of draws).
//
// Why: the walk is a branchy loop of about 0.8 sd steps (2 for Poisson mean 5, 18 for mean 500),
// and the monthly loop draws one count per flow-month. A flow-month's table is small (4 bytes an
// entry, 2 per guide entry) so that a year of them stays near the cache, and all of them live in
// one array, with 12 bytes of bounds each in another: not a vector per sampler.
//
// Cost: a draw is 2 to 4 ns when its table is in cache, against 7 to 70 for the Poisson walk at
// means 0.5 to 500 and 40 to 600 for the negative binomial at means 5 to 500 with dispersion 2,
// for fresh uniforms (tools/bench/kernel_bench.cpp). Memory: 12 bytes of bounds and the Sampler
// (56 or 120 bytes) per sampler, and a table per distinct distribution (equal ones added before
// shrink_to_fit share one) of 4 bytes an entry, about 7.7 sd + 4 of them, and 2 per guide entry,
// 1 to 2 guide entries an entry: 0.1 KiB for Poisson mean 5, 1.4 KiB for mean 800. England's
// 29,460 flow-months of a year take 7.4 MiB as PoissonTables, its five years 34.7 MiB (14,500
// distinct means a year). Building a table takes one pass over the walk's central counts
// besides the Sampler's own set-up.
//
// Contract: sample(i, u) == sampler(i).sample(u) for every u in [0, 1).
template <typename Sampler>
class GuideTables {
public:
    GuideTables() = default;

    // Adds a table for `sampler` and returns its number, counting from 0. Throws
    // std::length_error if the tables would pass 4 GiB, leaving them as they were.
    std::size_t add(const Sampler& sampler);
    // Adds each of `samplers` as add() would, one after another, and returns the number of the
    // first: the new tables' sizes are worked out first, then the tables laid down in memory of
    // their exact size, neither copied as they grow nor leaving spare capacity for
    // shrink_to_fit to copy away (copies, and the first touches of the copies, were most of the
    // time a year of England's tables took to build one by one; working out a table's central
    // sums twice costs less). Throws as add does, leaving the tables as they were.
    std::size_t add_all(std::span<const Sampler> samplers);
    // Gives back the spare capacity that adding one by one leaves (up to half the memory), and
    // the index of the distributions added so far, so that later ones no longer share tables.
    void shrink_to_fit();

    [[nodiscard]] std::size_t size() const noexcept { return bounds_.size(); }
    [[nodiscard]] const Sampler& sampler(std::size_t index) const { return walks_.at(index); }
    // Bytes held: tables, bounds and Samplers, spare capacity included (not the index of
    // distributions while adding).
    [[nodiscard]] std::size_t memory_bytes() const noexcept;

    // Asks for sampler `index`'s table, entries and guide, to be brought into cache, a line at a
    // time (a hint: it changes nothing else).
    void fetch(std::size_t index) const noexcept {
        const Bounds& b = bounds_[index];
        const unsigned char* table = bytes_.data() + b.offset;
        const std::size_t size =
            4 * (std::size_t{b.sentinel} + 1) + (std::size_t{2} << (32 - b.guide_shift));
        for (std::size_t at = 0; at < size; at += 64) {
            __builtin_prefetch(table + at);
        }
    }
    // Sampler number `index`'s draw for a uniform u in [0, 1): the smallest k with
    // u < P(X ≤ k). `index` < size() is the caller's to keep.
    [[nodiscard]] std::int64_t sample(std::size_t index, double u) const noexcept {
        const Bounds& b = bounds_[index];
        const unsigned char* table = bytes_.data() + b.offset;
        // u · 2³² is exact and below 2³², so `top` is floor(u · 2³²) and its top bits floor(u G).
        const auto top = static_cast<std::uint32_t>(static_cast<std::int64_t>(u * 0x1.0p32));
        std::uint32_t i = load_guide(table, b, top >> b.guide_shift);
        std::uint32_t entry = load_entry(table, i);
        i += static_cast<std::uint32_t>(top > entry); // the usual step, without a branch
        entry = load_entry(table, i);
        while (top > entry) {
            ++i;
            entry = load_entry(table, i);
        }
        if (i == 0 || i == b.sentinel || top == entry) [[unlikely]] {
            return walks_[index].sample(u);
        }
        return static_cast<std::int64_t>(b.lo) + i - 1;
    }

private:
    // Where a sampler's table lies and what it stands for. The table is entries 0 .. sentinel
    // (uint32), then the guide (G uint16). Entry 0 is D(lo − 1) (0 if lo is the window's first
    // count: u < D(lo − 1) is then impossible), entry i is D(lo + i − 1), and the sentinel is
    // 2³² − 1, past every u.
    struct Bounds {
        std::uint32_t offset = 0;      // in bytes_, a multiple of 4
        std::uint32_t lo = 0;          // the count of entry 1
        std::uint16_t sentinel = 0;    // the sentinel's entry number
        std::uint16_t guide_shift = 0; // 32 − log₂ G
    };

    [[nodiscard]] static std::uint32_t load_entry(const unsigned char* table,
                                                  std::uint32_t i) noexcept {
        std::uint32_t entry = 0;
        std::memcpy(&entry, table + 4 * static_cast<std::size_t>(i), sizeof entry);
        return entry;
    }
    [[nodiscard]] static std::uint32_t load_guide(const unsigned char* table, const Bounds& b,
                                                  std::uint32_t j) noexcept {
        std::uint16_t first = 0;
        std::memcpy(&first,
                    table + 4 * (static_cast<std::size_t>(b.sentinel) + 1) +
                        2 * static_cast<std::size_t>(j),
                    sizeof first);
        return first;
    }
    // The running sums of a sampler's walk around its mode (central_sums in the .cpp), kept
    // between tables so that working them out allocates nothing once they have grown.
    struct Sums {
        std::int64_t first = 0;   // the count of sums[0]
        std::vector<double> sums; // D(first), D(first + 1), …
        std::vector<double> down; // scratch: the sums below the mode, as they are worked out
    };
    std::size_t add_with(const Sampler& sampler, Sums& scratch);
    // Lays down the table of the sums in `central` after the tables already in bytes_, and its
    // bounds. Throws std::length_error, changing nothing, if it would pass 4 GiB.
    void lay_down(const Sums& central);

    // Parameters' bits → the first sampler of that distribution.
    struct ParameterHash {
        std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& p) const noexcept {
            return std::hash<std::uint64_t>{}(p.first ^ (p.second * 0x9E3779B97F4A7C15u));
        }
    };
    using DistributionIndex =
        std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, std::size_t, ParameterHash>;

    std::vector<Bounds> bounds_;
    std::vector<unsigned char> bytes_;
    std::vector<Sampler> walks_; // each sampler itself, for the draws handed over
    // The first sampler of each distribution (by its parameters' bits) while adding: equal
    // distributions share a table.
    DistributionIndex index_of_distribution_;
};

extern template class GuideTables<PoissonSampler>;
extern template class GuideTables<NegativeBinomialSampler>;

} // namespace specflow::sim
