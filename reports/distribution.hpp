#pragma once

// Mergeable summaries of Monte Carlo results. Everything kept is an integer count or an exact
// integer sum, so adding replications in any order, or merging partial results from threads
// and MPI ranks in any order, gives bit-identical state — and therefore bit-identical
// quantiles, means and variances. Memory is fixed when the Distribution is built and does not
// grow with the number of replications (its bins double in width once, past 65,535 values).

#include "entities/rounding.hpp"
#include "reports/bin_counts.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace specflow::reports {

// A fixed-size, mergeable summary of many amounts in pence: a histogram over [low, high) with
// underflow and overflow counts, the exact minimum and maximum, exact Σv and Σv², and exact
// "at or above" counts for thresholds registered before the first value.
class Distribution {
public:
    // Bins beyond this would cost more memory than a report is worth (2^24 bins = 128 MiB).
    static constexpr std::uint32_t k_bins_max = 1U << 24;
    // Thresholds are checked on every add(); a report needs a handful.
    static constexpr std::size_t k_thresholds_max = 64;
    // At most this many values (a run's replications are a 32-bit number), so that the bins
    // count in 32 bits at most, and in 16 while none can pass 65,535 (BinCounts): a summary's
    // thousands of Distributions stay more in cache. Adding or merging past it throws
    // std::length_error, changing nothing.
    static constexpr std::uint64_t k_values_max = 0xFFFF'FFFFu;

    // Empty and without a range: it can be merged with other empty, rangeless Distributions,
    // but values cannot be added.
    Distribution() = default;
    // Range [low, high) split into `bins` bins; bin i holds the values v with
    // floor((v − low) × bins / (high − low)) = i. Throws std::invalid_argument unless
    // high > low and 1 ≤ bins ≤ k_bins_max.
    Distribution(std::int64_t low, std::int64_t high, std::uint32_t bins);

    // Counts a value: below low into the underflow count, at or above high into the overflow
    // count. Throws entities::MoneyOverflow if Σv or Σv² would leave 128 bits.
    void add(std::int64_t value);
    // Counts several values, as add() for each but faster: the sums are checked once and the
    // bins counted in one pass. Throws entities::MoneyOverflow, leaving the state as it was.
    void add_all(std::span<const std::int64_t> values);
    // add_all in two steps, for a caller adding to many Distributions one after another, so
    // that it can fetch the bins of the next while it counts into this one: bins_of gives the
    // bins of up to k_binned_max values (each fetched from memory as soon as it is known), then
    // add_binned adds the values with those bins, as add_all would.
    static constexpr std::size_t k_binned_max = 16;
    void bins_of(std::span<const std::int64_t> values, std::uint32_t* bins) const;
    void add_binned(std::span<const std::int64_t> values, const std::uint32_t* bins);
    // Element-wise addition (min and max by min and max), so merging is order-independent.
    // Throws std::invalid_argument unless the range, bins and tracked thresholds are the same.
    void merge(const Distribution& other);

    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
    [[nodiscard]] entities::Int128 sum() const noexcept { return sum_; }
    [[nodiscard]] entities::Int128 sum_of_squares() const noexcept { return sum_of_squares_; }
    [[nodiscard]] std::uint64_t underflow_count() const noexcept { return underflow_; }
    [[nodiscard]] std::uint64_t overflow_count() const noexcept { return overflow_; }
    [[nodiscard]] std::int64_t low() const noexcept { return low_; }
    [[nodiscard]] std::int64_t high() const noexcept { return high_; }
    [[nodiscard]] std::uint32_t bins() const noexcept {
        return static_cast<std::uint32_t>(counts_.size());
    }

    // Σv / count; 0 when empty.
    [[nodiscard]] double mean() const;
    // Population variance (divides by count) from the exact sums, in long double; 0 when empty.
    [[nodiscard]] double variance() const;
    // Exact smallest and largest value added; throw std::logic_error when empty.
    [[nodiscard]] std::int64_t min() const;
    [[nodiscard]] std::int64_t max() const;

    // The p-quantile, 0 ≤ p ≤ 1 (std::invalid_argument otherwise); 0 when empty.
    //
    // The rule is the common "linear between order statistics" one (R type 7, NumPy's
    // default): with the n values sorted as x(0) ≤ … ≤ x(n−1), r = p × (n − 1), k = ⌊r⌋, the
    // quantile is x(k) + (r − k) × (x(k+1) − x(k)). Each order statistic is estimated from the
    // histogram: x(k) lies in the bin where the cumulative count passes k; the c values of a bin
    // whose whole pence run from lo to hi are taken to sit evenly at lo + (j + ½)/c × (hi − lo),
    // j = 0 … c−1. Underflow values are taken to sit at min, overflow values at max, and every
    // estimate is clamped to [min, max]. So each estimate is within the bin of the true value,
    // less than one bin width away, and with bins one penny wide the quantile is exact.
    [[nodiscard]] double quantile(double p) const;
    // The quantiles of ascending ps, each as quantile(p) gives it, into out (one per p), in one
    // pass over the bins rather than one each: a summary's reports ask every Distribution for
    // five. Throws std::invalid_argument unless every p is in [0, 1], they ascend and out has
    // room for them.
    void quantiles(std::span<const double> ps, std::span<double> out) const;
    // Its P5, P10, P50, P90 and P95, as the summaries report them.
    static constexpr std::array<double, 5> k_summary_ps{0.05, 0.10, 0.50, 0.90, 0.95};
    [[nodiscard]] std::array<double, 5> summary_quantiles() const {
        std::array<double, 5> out{};
        quantiles(k_summary_ps, out);
        return out;
    }

    // How many values are at or above `threshold`. Exact when the threshold is tracked, is a
    // bin's lower edge (low and high included), is at or below min, or is above max. Otherwise
    // an estimate: the crossing bin contributes in proportion to its whole pence at or above
    // the threshold (rounded to nearest, ties to even), underflow values count as if at min and
    // overflow values as if at max.
    [[nodiscard]] std::uint64_t count_above(std::int64_t threshold) const;
    // Keeps an exact count of values at or above `threshold` from now on. Must come before the
    // first add() (std::logic_error otherwise) so that the count covers every value; tracking a
    // threshold twice is harmless. At most k_thresholds_max thresholds (std::invalid_argument).
    void track_threshold(std::int64_t threshold);
    [[nodiscard]] const std::vector<std::int64_t>& tracked_thresholds() const noexcept {
        return thresholds_;
    }

    // Flat state for MPI reduction, as int64 words (t thresholds, b bins):
    //   [0] k_format, [1] low, [2] high, [3] b, [4] t, [5, 5+t) the thresholds — all must match;
    //   [5+t] min — reduced by min (INT64_MAX when empty);
    //   [6+t] max — reduced by max (INT64_MIN when empty);
    //   [7+t] count — summed;
    //   [8+t, 9+t] Σv, [10+t, 11+t] Σv² — 128-bit sums as (high, low) pairs, added with carry;
    //   [12+t] underflow, [13+t] overflow, the b bin counts, the t threshold counts — summed.
    // Counts are uint64 carried in int64 words and summed modulo 2^64.
    [[nodiscard]] std::vector<std::int64_t> to_words() const;
    // Rebuilds a Distribution; throws std::invalid_argument if the words are not a valid state.
    [[nodiscard]] static Distribution from_words(std::span<const std::int64_t> words);
    // into ← into ⊕ other by the rules above: the same result as merge(), associative and
    // commutative, so it can back an MPI_Op over one contiguous datatype of the whole vector.
    // Throws std::invalid_argument if the headers differ, entities::MoneyOverflow on overflow.
    static void reduce_words(std::span<std::int64_t> into, std::span<const std::int64_t> other);

    // Equal state: same range, thresholds and every count and sum.
    friend bool operator==(const Distribution&, const Distribution&) = default;

    static constexpr std::int64_t k_format = 0x5346'4449'5354'0001; // "SFDIST" version 1

private:
    struct Bin {
        entities::Int128 lo; // smallest whole penny in the bin
        entities::Int128 hi; // largest whole penny in the bin (lo − 1 when it holds none)
    };
    [[nodiscard]] std::uint32_t bin_index(std::int64_t value) const;
    // Checks that `values` can be added (the count, both sums), throwing as add_all does and
    // changing nothing; then adds them to the count and sums.
    void add_to_sums(std::span<const std::int64_t> values);
    // Counts values already in the sums, with their bins (bins_of).
    void count_binned(std::span<const std::int64_t> values, const std::uint32_t* bins);
    [[nodiscard]] Bin bin_pence(std::uint32_t index) const;
    [[nodiscard]] long double order_statistic(std::uint64_t k) const;
    // Where order statistic k lies: the bin, and the count of values before it (the bins' size
    // when past them). The search starts at `from`, a place at or before k's.
    struct Place {
        std::uint32_t bin = 0;
        std::uint64_t before = 0;
    };
    [[nodiscard]] Place place_of(std::uint64_t k, Place from) const noexcept;
    [[nodiscard]] long double order_statistic_at(std::uint64_t k, Place place) const;
    // quantile(p) for a non-empty Distribution with p checked, its search starting at `from`
    // (a place at or before x(⌊p(n − 1)⌋)'s), which it moves on to that place.
    [[nodiscard]] double quantile_from(double p, Place& from) const;
    [[nodiscard]] std::uint64_t estimate_in_range(std::int64_t threshold) const;
    void require_same_shape(const Distribution& other) const;

    std::int64_t low_ = 0;
    std::int64_t high_ = 0;
    BinCounts counts_;
    std::uint64_t underflow_ = 0;
    std::uint64_t overflow_ = 0;
    std::uint64_t count_ = 0;
    entities::Int128 sum_ = 0;
    entities::Int128 sum_of_squares_ = 0;
    // The identities of min and max, so that empty states merge cleanly.
    std::int64_t min_ = std::numeric_limits<std::int64_t>::max();
    std::int64_t max_ = std::numeric_limits<std::int64_t>::min();
    std::vector<std::int64_t> thresholds_; // sorted, distinct
    std::vector<std::uint64_t> threshold_counts_;
};

// A [low, high) range for Distributions built after a pilot of replications: the pilot's
// [min, max] widened on each side by half its span, and by at least 100,000 pence (£1,000) so
// that a pilot of equal values still gets a usable range. Clamped to the int64 range. Throws
// std::invalid_argument when the pilot is empty.
[[nodiscard]] std::pair<std::int64_t, std::int64_t>
pilot_range(std::span<const std::int64_t> pilot_values);

// Exact moments of a Distribution.
namespace moments {

// An Int128 travels as two words: the high half (signed), then the bits of the low half.
void append_words(std::vector<std::int64_t>& words, entities::Int128 value);
[[nodiscard]] entities::Int128 from_words(std::int64_t high, std::int64_t low) noexcept;
// words[at, at+1] += other[at, at+1] as 128-bit integers; MoneyOverflow if the sum leaves 128 bits.
void add_words(std::span<std::int64_t> words, std::span<const std::int64_t> other, std::size_t at);
// a + b, or MoneyOverflow naming `what`.
[[nodiscard]] entities::Int128 add_checked(entities::Int128 a, entities::Int128 b,
                                           const char* what);
[[nodiscard]] entities::Int128 multiply_checked(entities::Int128 a, entities::Int128 b,
                                                const char* what);

// Population covariance of n pairs from the exact Σx, Σy and Σxy (Σx² for a variance). Writing
// Σx = n·qx + rx and Σy = n·qy + ry with 0 ≤ r < n, n·Cov = (Σxy − qy·Σx − qx·ry) − rx·ry/n:
// the bracket is exact in 128 bits and the rest is below n, so the result does not suffer the
// cancellation of Σxy/n − x̄·ȳ. 0 when n = 0.
[[nodiscard]] long double population_covariance(std::uint64_t n, entities::Int128 sum_x,
                                                entities::Int128 sum_y, entities::Int128 sum_xy);

} // namespace moments

} // namespace specflow::reports
