#pragma once

#include "sim/kernel/poisson_sampler.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <unordered_map>
#include <vector>

namespace specflow::sim {

// Poisson samplers for many fixed means — typically every flow-month of a year — drawing by
// table inversion with a guide table (Chen and Asau's indexed search): the same k for the same u
// as PoissonSampler, in O(1) expected steps instead of about 0.8 √mean.
//
// What: PoissonSampler's walk returns the smallest k with u < D(k), D(k) the running sums of
// probabilities it computes. For each mean the table holds those sums over the central counts
// lo .. hi where they pass from 2⁻¹⁴ to 1 − 2⁻¹⁴ (about mean ± 3.9 √mean, and all of a small
// mean's counts), each as the 32-bit integer floor(D(k) · 2³²), and a guide: for j below G, a
// power of two, the first entry with D > j / G. A draw takes the top 32 bits of u, starts at the
// guide's entry for its top log₂ G bits and steps on while they exceed the entry (one step on
// average, as G is at least half the entries). It hands over to the mean's PoissonSampler, kept
// alongside, when u lies outside the central sums (at most 2⁻¹³ of draws) or its top 32 bits
// equal an entry, where 32 bits cannot tell u from D(k) (about 2⁻³² of draws).
//
// Why: the walk is a branchy loop of about 0.8 √mean steps (2 for mean 5, 18 for mean 500), and
// the monthly loop draws one count per flow-month. The table of a flow-month is small (4 bytes
// an entry, 2 per guide entry) so that a year of them stays near the cache, and all of them live
// in one array, with 12 bytes of bounds each in another: not a vector per sampler.
//
// Cost: a draw is about 2 ns when its table is in cache, against 1 to 15 for the walk at means
// 0.5 to 500 (tools/bench/kernel_bench.cpp). Memory: 12 bytes of bounds and a 56-byte
// PoissonSampler per sampler, and a table per distinct mean (equal means added before
// shrink_to_fit share one) of 4 bytes an entry, about 7.7 √mean + 4 of them, and 2 per guide
// entry: 0.1 KiB for mean 5, 1.1 KiB for mean 800. England's 29,460 flow-months of a year take
// 6.3 MiB, its five years 29.5 MiB (14,500 distinct means a year). Building a table takes one
// pass over PoissonSampler's window, 24 √mean + 21 counts, besides PoissonSampler's own set-up.
//
// Contract: sample(i, u) == PoissonSampler(mean(i)).sample(u) for every u in [0, 1).
class PoissonTables {
public:
    PoissonTables() = default;
    // One sampler per mean, numbered from 0 in order. Throws as add does.
    explicit PoissonTables(std::span<const double> means);

    // Adds a sampler for `mean` and returns its number. Throws std::invalid_argument unless
    // 0 ≤ mean ≤ 1e7 (as PoissonSampler), std::length_error if the tables would pass 4 GiB. A
    // refused mean leaves the tables as they were.
    std::size_t add(double mean);
    // Gives back the spare capacity that adding one by one leaves (up to half the memory), and
    // the index of the means added so far, so that later means no longer share their tables;
    // the constructor from a span of means does it itself.
    void shrink_to_fit();

    [[nodiscard]] std::size_t size() const noexcept { return bounds_.size(); }
    [[nodiscard]] double mean(std::size_t sampler) const { return walks_.at(sampler).mean(); }
    // Bytes held: tables, bounds and the PoissonSamplers, spare capacity included (not the index
    // of means while adding).
    [[nodiscard]] std::size_t memory_bytes() const noexcept;

    // Sampler number `sampler`'s draw for a uniform u in [0, 1): the smallest k with
    // u < P(X ≤ k). `sampler` < size() is the caller's to keep.
    [[nodiscard]] std::int64_t sample(std::size_t sampler, double u) const noexcept {
        const Bounds& b = bounds_[sampler];
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
            return walks_[sampler].sample(u);
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
    void add_table(const PoissonSampler& walk);

    std::vector<Bounds> bounds_;
    std::vector<unsigned char> bytes_;
    std::vector<PoissonSampler> walks_; // each mean's own sampler, for the draws handed over
    // The first sampler of each mean (by its bits) while adding: equal means share a table.
    std::unordered_map<std::uint64_t, std::size_t> sampler_of_mean_;
};

} // namespace specflow::sim
