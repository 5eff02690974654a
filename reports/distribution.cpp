#include "reports/distribution.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace specflow::reports {

using entities::Int128;
using entities::MoneyOverflow;
using entities::Rounding;

namespace {

__extension__ typedef unsigned __int128 UInt128;

constexpr std::int64_t k_int64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t k_int64_min = std::numeric_limits<std::int64_t>::min();
// The smallest margin pilot_range puts either side of the pilot: £1,000.
constexpr Int128 k_pilot_margin_min_pence = 100'000;

// Positions of the words in Distribution::to_words(), for t tracked thresholds.
constexpr std::size_t k_word_format = 0;
constexpr std::size_t k_word_low = 1;
constexpr std::size_t k_word_high = 2;
constexpr std::size_t k_word_bins = 3;
constexpr std::size_t k_word_thresholds = 4;
constexpr std::size_t k_header_words = 5;
constexpr std::size_t word_min(std::size_t t) {
    return k_header_words + t;
}
constexpr std::size_t word_max(std::size_t t) {
    return k_header_words + t + 1;
}
constexpr std::size_t word_count(std::size_t t) {
    return k_header_words + t + 2;
}
constexpr std::size_t word_sum(std::size_t t) {
    return k_header_words + t + 3;
}
constexpr std::size_t word_sum_of_squares(std::size_t t) {
    return k_header_words + t + 5;
}
constexpr std::size_t word_underflow(std::size_t t) {
    return k_header_words + t + 7;
}
constexpr std::size_t words_total(std::size_t t, std::size_t bins) {
    return k_header_words + t + 9 + bins + t;
}

std::int64_t word_of(std::uint64_t count) {
    return static_cast<std::int64_t>(count);
}
std::uint64_t count_of(std::int64_t word) {
    return static_cast<std::uint64_t>(word);
}
// Counts are summed modulo 2^64, in unsigned arithmetic so that nothing overflows.
std::int64_t add_counts(std::int64_t a, std::int64_t b) {
    return word_of(count_of(a) + count_of(b));
}

// Checks the header of a word vector and returns the number of tracked thresholds.
std::size_t checked_threshold_words(std::span<const std::int64_t> words) {
    if (words.size() < k_header_words || words[k_word_format] != Distribution::k_format) {
        throw std::invalid_argument("Distribution words: not a Distribution state");
    }
    const auto bins = words[k_word_bins];
    const auto t = words[k_word_thresholds];
    if (bins < 0 || bins > Distribution::k_bins_max || t < 0 ||
        static_cast<std::uint64_t>(t) > Distribution::k_thresholds_max) {
        throw std::invalid_argument("Distribution words: bins or thresholds out of bounds");
    }
    const auto thresholds = static_cast<std::size_t>(t);
    if (words.size() != words_total(thresholds, static_cast<std::size_t>(bins))) {
        throw std::invalid_argument("Distribution words: the length does not match the header");
    }
    return thresholds;
}

} // namespace

// ---- exact moments --------------------------------------------------------------------------

namespace moments {

void append_words(std::vector<std::int64_t>& words, Int128 value) {
    const auto bits = static_cast<UInt128>(value);
    words.push_back(static_cast<std::int64_t>(static_cast<std::uint64_t>(bits >> 64)));
    words.push_back(static_cast<std::int64_t>(static_cast<std::uint64_t>(bits)));
}

Int128 from_words(std::int64_t high, std::int64_t low) noexcept {
    const UInt128 bits = (static_cast<UInt128>(static_cast<std::uint64_t>(high)) << 64) |
                         static_cast<UInt128>(static_cast<std::uint64_t>(low));
    return static_cast<Int128>(bits);
}

void add_words(std::span<std::int64_t> words, std::span<const std::int64_t> other, std::size_t at) {
    const Int128 sum = add_checked(from_words(words[at], words[at + 1]),
                                   from_words(other[at], other[at + 1]), "a reduction of words");
    const auto bits = static_cast<UInt128>(sum);
    words[at] = static_cast<std::int64_t>(static_cast<std::uint64_t>(bits >> 64));
    words[at + 1] = static_cast<std::int64_t>(static_cast<std::uint64_t>(bits));
}

Int128 add_checked(Int128 a, Int128 b, const char* what) {
    Int128 sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        throw MoneyOverflow(std::string("128-bit sum out of range in ") + what);
    }
    return sum;
}

Int128 multiply_checked(Int128 a, Int128 b, const char* what) {
    Int128 product = 0;
    if (__builtin_mul_overflow(a, b, &product)) {
        throw MoneyOverflow(std::string("128-bit product out of range in ") + what);
    }
    return product;
}

long double population_covariance(std::uint64_t n, Int128 sum_x, Int128 sum_y, Int128 sum_xy) {
    if (n == 0) {
        return 0.0L;
    }
    const auto count = static_cast<Int128>(n);
    const Int128 qx = entities::divide_rounded(sum_x, count, Rounding::down);
    const Int128 rx = sum_x - qx * count; // 0 ≤ rx < n
    const Int128 qy = entities::divide_rounded(sum_y, count, Rounding::down);
    const Int128 ry = sum_y - qy * count;
    const char* what = "population_covariance";
    const Int128 bracket =
        add_checked(add_checked(sum_xy, -multiply_checked(qy, sum_x, what), what),
                    -multiply_checked(qx, ry, what), what);
    const long double n_real = static_cast<long double>(n);
    const long double fraction = static_cast<long double>(rx * ry) / n_real;
    return (static_cast<long double>(bracket) - fraction) / n_real;
}

} // namespace moments

// ---- Distribution ---------------------------------------------------------------------------

Distribution::Distribution(std::int64_t low, std::int64_t high, std::uint32_t bins)
    : low_(low), high_(high) {
    if (high <= low) {
        throw std::invalid_argument("Distribution: the range [low, high) must not be empty");
    }
    if (bins < 1 || bins > k_bins_max) {
        throw std::invalid_argument("Distribution: bins must be between 1 and 2^24");
    }
    counts_ = BinCounts(bins);
}

std::uint32_t Distribution::bin_index(std::int64_t value) const {
    // (v − low) · b / R, with v − low < R: in 64 bits when R · b does not pass 2⁶⁴ (every
    // provider's and ICB's amounts), which is many times faster than the 128-bit division.
    const auto offset = static_cast<std::uint64_t>(static_cast<Int128>(value) - low_);
    const auto range = static_cast<std::uint64_t>(static_cast<Int128>(high_) - low_);
    const auto bins = static_cast<std::uint64_t>(counts_.size());
    if (range <= std::numeric_limits<std::uint64_t>::max() / bins) {
        return static_cast<std::uint32_t>(offset * bins / range);
    }
    return static_cast<std::uint32_t>(static_cast<Int128>(offset) * static_cast<Int128>(bins) /
                                      static_cast<Int128>(range));
}

Distribution::Bin Distribution::bin_pence(std::uint32_t index) const {
    // v is in bin i when i·R/b ≤ v − low < (i+1)·R/b, so its pence run from
    // low + ⌈i·R/b⌉ to low + ⌈(i+1)·R/b⌉ − 1.
    const Int128 range = static_cast<Int128>(high_) - low_;
    const auto bins = static_cast<Int128>(counts_.size());
    const auto edge = [&](Int128 i) { return low_ + (i * range + bins - 1) / bins; };
    return {edge(index), edge(static_cast<Int128>(index) + 1) - 1};
}

void Distribution::add(std::int64_t value) {
    add_all(std::span<const std::int64_t>(&value, 1));
}

namespace {
// bins_of's marks for values outside [low, high).
constexpr std::uint32_t k_below = UINT32_MAX;
constexpr std::uint32_t k_above = UINT32_MAX - 1;
} // namespace

void Distribution::add_all(std::span<const std::int64_t> values) {
    add_to_sums(values);
    // The bins first, each fetched as soon as it is known, then counted: a Distribution's bins
    // are rarely in cache (a summary holds thousands), and this way the fetches of a batch of
    // values overlap instead of each count waiting on its own.
    std::array<std::uint32_t, k_binned_max> bins;
    for (std::size_t from = 0; from < values.size(); from += k_binned_max) {
        const auto part = values.subspan(from, std::min(k_binned_max, values.size() - from));
        bins_of(part, bins.data());
        count_binned(part, bins.data());
    }
}

void Distribution::add_binned(std::span<const std::int64_t> values, const std::uint32_t* bins) {
    add_to_sums(values);
    count_binned(values, bins);
}

void Distribution::add_to_sums(std::span<const std::int64_t> values) {
    if (counts_.empty()) {
        throw std::logic_error("Distribution::add: the Distribution has no range");
    }
    // The count and both sums are checked before anything changes, so a throw leaves the state
    // as it was.
    if (values.size() > k_values_max - count_) {
        throw std::length_error("Distribution::add: more than 4,294,967,295 values");
    }
    Int128 sum = sum_;
    Int128 sum_of_squares = sum_of_squares_;
    for (const auto value : values) {
        const auto wide = static_cast<Int128>(value);
        sum = moments::add_checked(sum, wide, "Distribution::add");
        sum_of_squares = moments::add_checked(sum_of_squares, wide * wide, "Distribution::add");
    }
    // Bins of 16 bits hold the values while there can be no more than 65,535 in one; past that,
    // 32 bits, made before anything changes (count_binned then counts without running out).
    if (count_ + values.size() > BinCounts::k_narrow_max) {
        counts_.widen();
    }
    sum_ = sum;
    sum_of_squares_ = sum_of_squares;
    count_ += values.size();
}

void Distribution::bins_of(std::span<const std::int64_t> values, std::uint32_t* bins) const {
    // bin_index's (v − low) · b / R, where it takes 64 bits, by a multiplication: the quotient
    // is below b ≤ 2²⁴, so the product with 1/R in doubles is within 10⁻⁸ of it and its floor
    // at most 1 out, which the exact test puts right. A division each value took as long as
    // everything else here.
    const auto range = static_cast<std::uint64_t>(static_cast<Int128>(high_) - low_);
    const auto bin_count = static_cast<std::uint64_t>(counts_.size());
    const bool narrow =
        bin_count > 0 && range <= std::numeric_limits<std::uint64_t>::max() / bin_count;
    const double inverse = 1.0 / static_cast<double>(range);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto value = values[i];
        if (value < low_) {
            bins[i] = k_below;
        } else if (value >= high_) {
            bins[i] = k_above;
        } else {
            if (narrow) {
                const auto scaled =
                    static_cast<std::uint64_t>(static_cast<Int128>(value) - low_) * bin_count;
                auto quotient = static_cast<std::uint64_t>(static_cast<double>(scaled) * inverse);
                const Int128 product = static_cast<Int128>(quotient) * range;
                if (product > scaled) {
                    --quotient;
                } else if (product + range <= scaled) {
                    ++quotient;
                }
                bins[i] = static_cast<std::uint32_t>(quotient);
            } else {
                bins[i] = bin_index(value);
            }
            __builtin_prefetch(counts_.address_of(bins[i]), 1);
        }
    }
}

void Distribution::count_binned(std::span<const std::int64_t> values, const std::uint32_t* bins) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto value = values[i];
        min_ = std::min(min_, value);
        max_ = std::max(max_, value);
        if (bins[i] == k_below) {
            ++underflow_;
        } else if (bins[i] == k_above) {
            ++overflow_;
        } else {
            counts_.increment(bins[i]);
        }
        // The thresholds are sorted, so the ones at or below the value come first.
        const auto reached = std::upper_bound(thresholds_.begin(), thresholds_.end(), value);
        const auto reached_count = static_cast<std::size_t>(reached - thresholds_.begin());
        for (std::size_t t = 0; t < reached_count; ++t) {
            ++threshold_counts_[t];
        }
    }
}

void Distribution::require_same_shape(const Distribution& other) const {
    if (low_ != other.low_ || high_ != other.high_ || counts_.size() != other.counts_.size()) {
        throw std::invalid_argument("Distribution::merge: the ranges or bins differ");
    }
    if (thresholds_ != other.thresholds_) {
        throw std::invalid_argument("Distribution::merge: the tracked thresholds differ");
    }
}

void Distribution::merge(const Distribution& other) {
    require_same_shape(other);
    if (other.count_ > k_values_max - count_) {
        throw std::length_error("Distribution::merge: more than 4,294,967,295 values");
    }
    const Int128 sum = moments::add_checked(sum_, other.sum_, "Distribution::merge");
    const Int128 sum_of_squares =
        moments::add_checked(sum_of_squares_, other.sum_of_squares_, "Distribution::merge");
    counts_.add(other.counts_); // first: widening it is the one step that can fail (memory)
    sum_ = sum;
    sum_of_squares_ = sum_of_squares;
    count_ += other.count_;
    underflow_ += other.underflow_;
    overflow_ += other.overflow_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    for (std::size_t i = 0; i < threshold_counts_.size(); ++i) {
        threshold_counts_[i] += other.threshold_counts_[i];
    }
}

double Distribution::mean() const {
    if (count_ == 0) {
        return 0.0;
    }
    // Σv = n·q + r with 0 ≤ r < n: q + r/n loses nothing to a huge Σv.
    const auto n = static_cast<Int128>(count_);
    const Int128 q = entities::divide_rounded(sum_, n, Rounding::down);
    const Int128 r = sum_ - q * n;
    return static_cast<double>(static_cast<long double>(q) +
                               static_cast<long double>(r) / static_cast<long double>(count_));
}

double Distribution::variance() const {
    const long double variance =
        moments::population_covariance(count_, sum_, sum_, sum_of_squares_);
    return static_cast<double>(std::max(variance, 0.0L));
}

std::int64_t Distribution::min() const {
    if (count_ == 0) {
        throw std::logic_error("Distribution::min: no values");
    }
    return min_;
}

std::int64_t Distribution::max() const {
    if (count_ == 0) {
        throw std::logic_error("Distribution::max: no values");
    }
    return max_;
}

Distribution::Place Distribution::place_of(std::uint64_t k, Place from) const noexcept {
    auto [i, before] = from;
    const auto bins = static_cast<std::uint32_t>(counts_.size());
    for (; i < bins && k >= before + counts_[i]; ++i) {
        before += counts_[i];
    }
    return {i, before};
}

long double Distribution::order_statistic_at(std::uint64_t k, Place place) const {
    if (k < underflow_) {
        return static_cast<long double>(min_);
    }
    if (place.bin == counts_.size()) {
        return static_cast<long double>(max_);
    }
    const std::uint64_t c = counts_[place.bin];
    const Bin bin = bin_pence(place.bin);
    const long double within =
        (static_cast<long double>(k - place.before) + 0.5L) / static_cast<long double>(c);
    const long double estimate =
        static_cast<long double>(bin.lo) + within * static_cast<long double>(bin.hi - bin.lo);
    return std::clamp(estimate, static_cast<long double>(min_), static_cast<long double>(max_));
}

long double Distribution::order_statistic(std::uint64_t k) const {
    return order_statistic_at(k, place_of(k, {.bin = 0, .before = underflow_}));
}

double Distribution::quantile(double p) const {
    if (!(p >= 0.0 && p <= 1.0)) {
        throw std::invalid_argument("Distribution::quantile: p must be in [0, 1]");
    }
    if (count_ == 0) {
        return 0.0;
    }
    Place from{.bin = 0, .before = underflow_};
    return quantile_from(p, from);
}

void Distribution::quantiles(std::span<const double> ps, std::span<double> out) const {
    if (out.size() < ps.size()) {
        throw std::invalid_argument("Distribution::quantiles: no room for every quantile");
    }
    for (std::size_t i = 0; i < ps.size(); ++i) {
        if (!(ps[i] >= 0.0 && ps[i] <= 1.0) || (i > 0 && ps[i] < ps[i - 1])) {
            throw std::invalid_argument(
                "Distribution::quantiles: each p must be in [0, 1], in ascending order");
        }
    }
    // Ascending ps give ascending order statistics: each search goes on from the last one's
    // place.
    Place from{.bin = 0, .before = underflow_};
    for (std::size_t i = 0; i < ps.size(); ++i) {
        out[i] = count_ == 0 ? 0.0 : quantile_from(ps[i], from);
    }
}

double Distribution::quantile_from(double p, Place& from) const {
    const long double rank = static_cast<long double>(p) * static_cast<long double>(count_ - 1);
    const std::uint64_t k = std::min(static_cast<std::uint64_t>(std::floor(rank)), count_ - 1);
    const long double fraction = rank - static_cast<long double>(k);
    // x(k + 1)'s place is found on from x(k)'s: one pass over the bins for both.
    from = place_of(k, from);
    const long double below = order_statistic_at(k, from);
    if (fraction == 0.0L || k + 1 >= count_) {
        return static_cast<double>(below);
    }
    const long double above = order_statistic_at(k + 1, place_of(k + 1, from));
    return static_cast<double>(below + fraction * (above - below));
}

void Distribution::track_threshold(std::int64_t threshold) {
    if (count_ != 0) {
        throw std::logic_error(
            "Distribution::track_threshold: thresholds must be tracked before the first add()");
    }
    const auto at = std::lower_bound(thresholds_.begin(), thresholds_.end(), threshold);
    if (at != thresholds_.end() && *at == threshold) {
        return;
    }
    if (thresholds_.size() >= k_thresholds_max) {
        throw std::invalid_argument("Distribution::track_threshold: at most 64 thresholds");
    }
    thresholds_.insert(at, threshold);
    threshold_counts_.push_back(0); // all counts are zero, so only the length matters
}

std::uint64_t Distribution::estimate_in_range(std::int64_t threshold) const {
    const std::uint32_t index = bin_index(threshold);
    std::uint64_t total = overflow_;
    for (std::size_t i = index + std::size_t{1}; i < counts_.size(); ++i) {
        total += counts_[i];
    }
    // The crossing bin gives the share of its whole pence at or above the threshold.
    const Bin bin = bin_pence(index);
    const Int128 pence = bin.hi - bin.lo + 1;
    const Int128 pence_above = bin.hi - threshold + 1;
    const Int128 part = entities::divide_rounded(static_cast<Int128>(counts_[index]) * pence_above,
                                                 pence, Rounding::nearest_even);
    return total + static_cast<std::uint64_t>(part);
}

std::uint64_t Distribution::count_above(std::int64_t threshold) const {
    const auto tracked = std::lower_bound(thresholds_.begin(), thresholds_.end(), threshold);
    if (tracked != thresholds_.end() && *tracked == threshold) {
        return threshold_counts_[static_cast<std::size_t>(tracked - thresholds_.begin())];
    }
    if (count_ == 0 || threshold > max_) {
        return 0;
    }
    if (threshold <= min_) {
        return count_;
    }
    if (threshold <= low_) {
        return count_ - underflow_; // underflow values count as if at min, below the threshold
    }
    if (threshold >= high_) {
        return overflow_; // overflow values count as if at max, at or above the threshold
    }
    return estimate_in_range(threshold);
}

std::vector<std::int64_t> Distribution::to_words() const {
    const std::size_t t = thresholds_.size();
    std::vector<std::int64_t> words;
    words.reserve(words_total(t, counts_.size()));
    words.insert(words.end(), {k_format, low_, high_, static_cast<std::int64_t>(counts_.size()),
                               static_cast<std::int64_t>(t)});
    words.insert(words.end(), thresholds_.begin(), thresholds_.end());
    words.insert(words.end(), {min_, max_, word_of(count_)});
    moments::append_words(words, sum_);
    moments::append_words(words, sum_of_squares_);
    words.insert(words.end(), {word_of(underflow_), word_of(overflow_)});
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        words.push_back(word_of(counts_[i]));
    }
    for (const auto c : threshold_counts_) {
        words.push_back(word_of(c));
    }
    return words;
}

Distribution Distribution::from_words(std::span<const std::int64_t> words) {
    const std::size_t t = checked_threshold_words(words);
    const auto bins = static_cast<std::uint32_t>(words[k_word_bins]);
    Distribution d;
    if (bins > 0) {
        d = Distribution(words[k_word_low], words[k_word_high], bins);
    } else if (words[k_word_low] != 0 || words[k_word_high] != 0) {
        throw std::invalid_argument("Distribution words: a range without bins");
    }
    const auto thresholds = words.subspan(k_header_words, t);
    if (std::adjacent_find(thresholds.begin(), thresholds.end(),
                           [](auto a, auto b) { return a >= b; }) != thresholds.end()) {
        throw std::invalid_argument("Distribution words: thresholds not strictly increasing");
    }
    d.thresholds_.assign(thresholds.begin(), thresholds.end());
    d.min_ = words[word_min(t)];
    d.max_ = words[word_max(t)];
    d.count_ = count_of(words[word_count(t)]);
    if (d.count_ > k_values_max) {
        throw std::invalid_argument("Distribution words: more than 4,294,967,295 values");
    }
    d.sum_ = moments::from_words(words[word_sum(t)], words[word_sum(t) + 1]);
    d.sum_of_squares_ =
        moments::from_words(words[word_sum_of_squares(t)], words[word_sum_of_squares(t) + 1]);
    d.underflow_ = count_of(words[word_underflow(t)]);
    d.overflow_ = count_of(words[word_underflow(t) + 1]);
    std::uint64_t counted = d.underflow_ + d.overflow_;
    const std::size_t first_bin = word_underflow(t) + 2;
    for (std::size_t i = 0; i < bins; ++i) {
        const std::uint64_t in_bin = count_of(words[first_bin + i]);
        if (in_bin > d.count_) {
            throw std::invalid_argument("Distribution words: a bin holds more than the count");
        }
        d.counts_.set(i, static_cast<std::uint32_t>(in_bin));
        counted += d.counts_[i];
    }
    for (std::size_t i = 0; i < t; ++i) {
        d.threshold_counts_.push_back(count_of(words[first_bin + bins + i]));
    }
    const bool empty_ok = d.count_ != 0 || (d.min_ == k_int64_max && d.max_ == k_int64_min);
    if (counted != d.count_ || !empty_ok || (d.count_ != 0 && d.min_ > d.max_)) {
        throw std::invalid_argument("Distribution words: the counts or min/max are inconsistent");
    }
    return d;
}

void Distribution::reduce_words(std::span<std::int64_t> into, std::span<const std::int64_t> other) {
    const std::size_t t = checked_threshold_words(into);
    if (other.size() != into.size() ||
        !std::equal(into.begin(), into.begin() + static_cast<std::ptrdiff_t>(word_min(t)),
                    other.begin())) {
        throw std::invalid_argument(
            "Distribution::reduce_words: the ranges, bins or thresholds differ");
    }
    // The 128-bit sums first: if one overflows, `into` is left as it was.
    std::array<std::int64_t, 4> sums{into[word_sum(t)], into[word_sum(t) + 1],
                                     into[word_sum_of_squares(t)],
                                     into[word_sum_of_squares(t) + 1]};
    const std::array<std::int64_t, 4> other_sums{other[word_sum(t)], other[word_sum(t) + 1],
                                                 other[word_sum_of_squares(t)],
                                                 other[word_sum_of_squares(t) + 1]};
    moments::add_words(sums, other_sums, 0);
    moments::add_words(sums, other_sums, 2);
    std::copy(sums.begin(), sums.end(), into.begin() + static_cast<std::ptrdiff_t>(word_sum(t)));
    into[word_min(t)] = std::min(into[word_min(t)], other[word_min(t)]);
    into[word_max(t)] = std::max(into[word_max(t)], other[word_max(t)]);
    into[word_count(t)] = add_counts(into[word_count(t)], other[word_count(t)]);
    for (std::size_t i = word_underflow(t); i < into.size(); ++i) {
        into[i] = add_counts(into[i], other[i]);
    }
}

// ---- pilot_range ----------------------------------------------------------------------------

std::pair<std::int64_t, std::int64_t> pilot_range(std::span<const std::int64_t> pilot_values) {
    if (pilot_values.empty()) {
        throw std::invalid_argument("pilot_range: the pilot has no values");
    }
    const auto [lowest, highest] = std::minmax_element(pilot_values.begin(), pilot_values.end());
    const Int128 span = static_cast<Int128>(*highest) - *lowest;
    const Int128 margin = std::max((span + 1) / 2, k_pilot_margin_min_pence);
    const Int128 low =
        std::max(static_cast<Int128>(*lowest) - margin, static_cast<Int128>(k_int64_min));
    const Int128 high =
        std::min(static_cast<Int128>(*highest) + margin + 1, static_cast<Int128>(k_int64_max));
    return {static_cast<std::int64_t>(low), static_cast<std::int64_t>(high)};
}

} // namespace specflow::reports
