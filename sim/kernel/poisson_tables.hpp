#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace specflow::sim {

// Poisson samplers for many fixed means — typically every flow-month of a year — drawing by
// table inversion with a guide table (Chen and Asau's indexed search): the same k for the same u
// as PoissonSampler, in O(1) expected steps instead of about 0.8 √mean.
//
// What: for each mean, the running sums P(X ≤ k) that PoissonSampler's walk computes, over the
// walk's window max(0, mean − 12 √mean − 10) .. mean + 12 √mean + 10, cut short where the sum
// reaches 1 or stops growing (a double u < 1 never looks further). A draw is the smallest k with
// u < P(X ≤ k). The guide table, G entries with G a power of two between half and all of the
// sums, holds for each j the smallest k with P(X ≤ k) > j / G; a draw starts there, at
// floor(u G), and steps on while u ≥ P(X ≤ k): a single comparison on average (at most 1.3
// expected steps where the mass is, more only in the far tails).
//
// Why: PoissonSampler's walk is a branchy loop of about 0.8 √mean steps (2 for mean 5, 18 for
// mean 500); the monthly loop draws one count per flow-month. All samplers' sums live in one
// array, their guides in another and their bounds in a third (32 bytes each), not a vector per
// sampler, so a year's tables are a few contiguous blocks.
//
// Cost: 8 bytes per sum and at most 4 per guide entry: about 12 (24 √mean + 21) bytes for a mean
// above 20 (9 KiB for mean 800, 900 KiB at the largest, 1e7) and a few hundred bytes for a small
// one. Building a table takes one pass over its window besides PoissonSampler's own set-up.
//
// Contract: sample(i, u) == PoissonSampler(mean(i)).sample(u) for every u in [0, 1).
class PoissonTables {
public:
    PoissonTables() = default;
    // One sampler per mean, numbered from 0 in order. Throws as add does.
    explicit PoissonTables(std::span<const double> means);

    // Adds a sampler for `mean` and returns its number. Throws std::invalid_argument unless
    // 0 ≤ mean ≤ 1e7 (as PoissonSampler), std::length_error if the sums of all samplers would
    // pass 2³² − 1 entries (32 GiB).
    std::size_t add(double mean);

    // Gives back the spare capacity that adding one by one leaves (up to half the memory); the
    // constructor from a span of means does it itself.
    void shrink_to_fit();

    [[nodiscard]] std::size_t size() const noexcept { return bounds_.size(); }
    [[nodiscard]] double mean(std::size_t sampler) const { return means_.at(sampler); }
    // Bytes held by the tables (sums, guides, bounds and means), spare capacity included.
    [[nodiscard]] std::size_t memory_bytes() const noexcept;

    // Sampler number `sampler`'s draw for a uniform u in [0, 1): the smallest k with
    // u < P(X ≤ k). `sampler` < size() is the caller's to keep.
    [[nodiscard]] std::int64_t sample(std::size_t sampler, double u) const noexcept {
        const Bounds& b = bounds_[sampler];
        const double* cdf = cdf_.data() + b.cdf_offset;
        auto k = guide_[b.guide_offset + static_cast<std::uint32_t>(u * b.guide_size)];
        k += static_cast<std::uint32_t>(u >= cdf[k]); // the usual step, without a branch
        while (u >= cdf[k]) {
            ++k;
        }
        // Past the sums (the sentinel, +∞) the walk would have stopped at its window's end.
        return k == b.sentinel ? b.last : static_cast<std::int64_t>(b.first) + k;
    }

private:
    // Where a sampler's sums and guide lie and what they stand for.
    struct Bounds {
        double guide_size = 1.0;      // G, a power of two
        std::uint32_t cdf_offset = 0; // P(X ≤ first) … and then the sentinel +∞
        std::uint32_t guide_offset = 0;
        std::uint32_t sentinel = 0; // the sentinel's index, from cdf_offset
        std::uint32_t first = 0;    // the count at cdf_offset
        std::uint32_t last = 0;     // the draw for u at or past every sum
    };

    void add_sums(double mean);
    void add_guide(std::uint32_t cdf_offset, std::uint32_t sums);

    std::vector<Bounds> bounds_;
    std::vector<double> cdf_;
    std::vector<std::uint32_t> guide_;
    std::vector<double> means_;
};

} // namespace specflow::sim
