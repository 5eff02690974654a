// Distribution (reports/distribution.hpp) and its exact moments: golden cases worked by hand in
// the comments, then properties over random values, random splits and random merge orders.
// Merged states must be bit-identical, so the properties compare to_words() with ==. The
// moments' words and pilot_range are tested in distribution_moments_test.cpp.

#include "../support/random_scenario.hpp"
#include "reports/distribution.hpp"
#include "reports/distribution_batch.hpp"
#include "shuffle.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace {

using specflow::entities::Int128;
using specflow::reports::Distribution;
using specflow::testing::shuffle;
using specflow::testing::SplitMix64;

constexpr std::int64_t k_int64_min = std::numeric_limits<std::int64_t>::min();

// The rule Distribution::quantile documents, on the exact sorted values: r = p (n − 1),
// x(⌊r⌋) + (r − ⌊r⌋)(x(⌊r⌋+1) − x(⌊r⌋)).
long double exact_quantile(const std::vector<std::int64_t>& sorted, double p) {
    const long double rank =
        static_cast<long double>(p) * static_cast<long double>(sorted.size() - 1);
    const auto k = static_cast<std::size_t>(std::floor(rank));
    const long double fraction = rank - static_cast<long double>(k);
    const auto below = static_cast<long double>(sorted[k]);
    if (fraction == 0.0L || k + 1 >= sorted.size()) {
        return below;
    }
    return below + fraction * (static_cast<long double>(sorted[k + 1]) - below);
}

Distribution one_to_hundred(std::uint32_t bins) {
    Distribution d(0, 200, bins);
    for (std::int64_t v = 1; v <= 100; ++v) {
        d.add(v);
    }
    return d;
}

const std::vector<double> k_report_ps{0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0};

} // namespace

// ---- Distribution: golden cases -------------------------------------------------------------

TEST_CASE("distribution golden: 1 to 100 pence in bins one penny wide") {
    const auto d = one_to_hundred(200);
    // Σv = 100·101/2 = 5,050; Σv² = 100·101·201/6 = 338,350; mean 50.5;
    // variance 338,350/100 − 50.5² = 3,383.5 − 2,550.25 = 833.25. In the code: Σv = 100·50 + 50,
    // so 100·Var = (338,350 − 50·5,050 − 50·50) − 50·50/100 = 83,350 − 25 = 83,325.
    CHECK(d.count() == 100);
    CHECK(d.sum() == Int128{5'050});
    CHECK(d.sum_of_squares() == Int128{338'350});
    CHECK(d.mean() == 50.5);
    CHECK(d.variance() == 833.25);
    CHECK(d.min() == 1);
    CHECK(d.max() == 100);
    CHECK(d.underflow_count() == 0);
    CHECK(d.overflow_count() == 0);
    // Rule: r = p × (n − 1), quantile = x(⌊r⌋) + (r − ⌊r⌋)(x(⌊r⌋+1) − x(⌊r⌋)), x(k) = k + 1 here.
    // P50: r = 0.5 × 99 = 49.5 → x(49) + 0.5 × (x(50) − x(49)) = 50 + 0.5 = 50.5.
    // P5: r = 4.95 → 5 + 0.95 = 5.95. P10: r = 9.9 → 10.9. P90: r = 89.1 → 90.1.
    // P95: r = 94.05 → 95 + 0.05 = 95.05. P0 = 1 and P100 = 100.
    CHECK(d.quantile(0.5) == 50.5);
    CHECK(d.quantile(0.05) == doctest::Approx(5.95).epsilon(1e-12));
    CHECK(d.quantile(0.10) == doctest::Approx(10.9).epsilon(1e-12));
    CHECK(d.quantile(0.90) == doctest::Approx(90.1).epsilon(1e-12));
    CHECK(d.quantile(0.95) == doctest::Approx(95.05).epsilon(1e-12));
    CHECK(d.quantile(0.0) == 1.0);
    CHECK(d.quantile(1.0) == 100.0);
}

TEST_CASE("distribution golden: inside a wide bin the values are spread evenly") {
    // Bins ten pence wide over [0, 200): bin 0 holds pence 0–9 (values 1–9, c = 9), bins 1–9
    // hold ten values each, bin 10 (pence 100–109) holds 100. P50 needs x(49) and x(50):
    // 9 + 4 × 10 = 49 values lie below bin 5 (pence 50–59, c = 10), so x(49) is its j = 0 value,
    // at 50 + 0.5/10 × 9 = 50.45, and x(50) its j = 1 value, at 50 + 1.5/10 × 9 = 51.35.
    // P50 = 50.45 + 0.5 × 0.9 = 50.9 (the exact 50.5 is less than a bin away).
    const auto d = one_to_hundred(20);
    CHECK(d.quantile(0.5) == doctest::Approx(50.9).epsilon(1e-12));
    // x(0) is bin 0's j = 0 value at 0 + 0.5/9 × 9 = 0.5, clamped to the exact min 1.
    CHECK(d.quantile(0.0) == 1.0);
    // x(99) is bin 10's only value at 100 + 0.5 × 9 = 104.5, clamped to the exact max 100.
    CHECK(d.quantile(1.0) == 100.0);
    // The moments do not depend on the bins.
    CHECK(d.mean() == 50.5);
    CHECK(d.variance() == 833.25);
}

TEST_CASE("distribution golden: underflow and overflow sit at min and max") {
    // [0, 100) in ten bins of ten pence; −50 and −1 underflow, 100 and 250 overflow.
    Distribution d(0, 100, 10);
    for (const std::int64_t v : {-50, -1, 5, 55, 100, 250}) {
        d.add(v);
    }
    CHECK(d.count() == 6);
    CHECK(d.underflow_count() == 2);
    CHECK(d.overflow_count() == 2);
    CHECK(d.min() == -50);
    CHECK(d.max() == 250);
    CHECK(d.sum() == Int128{359});
    CHECK(d.quantile(0.0) == -50.0);
    CHECK(d.quantile(1.0) == 250.0);
    // n − 1 = 5. x(0), x(1) underflow → −50. x(2) = 5 is alone in bin 0 (pence 0–9) → 4.5.
    // x(3) = 55 is alone in bin 5 (pence 50–59) → 54.5. x(4), x(5) overflow → 250.
    // P50: r = 2.5 → 4.5 + 0.5 × 50 = 29.5 (exact 30). P25: r = 1.25 → −50 + 0.25 × 54.5 =
    // −36.375 (exact 0.5: underflow is only known to be at or above min). P75: r = 3.75 →
    // 54.5 + 0.75 × 195.5 = 201.125 (exact 88.75, for the same reason at the top).
    CHECK(d.quantile(0.5) == doctest::Approx(29.5).epsilon(1e-12));
    CHECK(d.quantile(0.25) == doctest::Approx(-36.375).epsilon(1e-12));
    CHECK(d.quantile(0.75) == doctest::Approx(201.125).epsilon(1e-12));
}

TEST_CASE("distribution golden: count_above, estimated and tracked") {
    // The same six values; count_above counts values at or above the threshold.
    const std::vector<std::int64_t> values{-50, -1, 5, 55, 100, 250};
    Distribution d(0, 100, 10);
    Distribution tracked(0, 100, 10);
    for (const std::int64_t t : {200, -10, 56, 200}) { // unsorted, 200 twice: harmless
        tracked.track_threshold(t);
    }
    CHECK(tracked.tracked_thresholds() == std::vector<std::int64_t>{-10, 56, 200});
    for (const auto v : values) {
        d.add(v);
        tracked.add(v);
    }
    // Exact: bin edges (0, 50, 100 = high), at or below min, above max.
    CHECK(d.count_above(0) == 4);   // 5, 55, 100, 250
    CHECK(d.count_above(50) == 3);  // 55, 100, 250
    CHECK(d.count_above(100) == 2); // 100, 250
    CHECK(d.count_above(-50) == 6);
    CHECK(d.count_above(251) == 0);
    // Estimates. −10: below the range, the underflow counts as if at min → 6 − 2 = 4 (exact 5).
    // 200: above the range, the overflow counts as if at max → 2 (exact 1). 52: bin 5 has pence
    // 50–59, 8 of its 10 at or above 52, 1 × 8/10 = 0.8 → 1, plus 2 overflow → 3 (exact 3).
    // 56: 1 × 4/10 = 0.4 → 0, plus 2 → 2 (exact 2).
    CHECK(d.count_above(-10) == 4);
    CHECK(d.count_above(200) == 2);
    CHECK(d.count_above(52) == 3);
    CHECK(d.count_above(56) == 2);
    // Tracked thresholds are exact wherever they are.
    CHECK(tracked.count_above(-10) == 5);
    CHECK(tracked.count_above(200) == 1);
    CHECK(tracked.count_above(56) == 2);
    // Untracked ones on the tracked Distribution are estimated as before.
    CHECK(tracked.count_above(52) == 3);
    // Tracking after the first value would miss values.
    CHECK_THROWS_AS(tracked.track_threshold(7), std::logic_error);
}

TEST_CASE("distribution: empty and rangeless states") {
    const Distribution empty(0, 100, 10);
    CHECK(empty.count() == 0);
    CHECK(empty.mean() == 0.0);
    CHECK(empty.variance() == 0.0);
    CHECK(empty.quantile(0.5) == 0.0);
    CHECK(empty.count_above(5) == 0);
    CHECK_THROWS_AS((void)empty.min(), std::logic_error);
    CHECK_THROWS_AS((void)empty.max(), std::logic_error);
    // Merging an empty state changes nothing, min and max included.
    auto d = one_to_hundred(200);
    const auto before = d.to_words();
    Distribution empty_same(0, 200, 200);
    d.merge(empty_same);
    CHECK(d.to_words() == before);
    empty_same.merge(d);
    CHECK(empty_same == d);
    // A rangeless Distribution merges with another and round-trips, but takes no values.
    Distribution rangeless;
    rangeless.merge(Distribution{});
    CHECK(Distribution::from_words(rangeless.to_words()) == rangeless);
    CHECK_THROWS_AS(rangeless.add(1), std::logic_error);
}

TEST_CASE("distribution: bad arguments are refused") {
    CHECK_THROWS_AS(Distribution(5, 5, 10), std::invalid_argument);
    CHECK_THROWS_AS(Distribution(6, 5, 10), std::invalid_argument);
    CHECK_THROWS_AS(Distribution(0, 10, 0), std::invalid_argument);
    CHECK_THROWS_AS(Distribution(0, 10, Distribution::k_bins_max + 1), std::invalid_argument);
    const auto d = one_to_hundred(200);
    CHECK_THROWS_AS((void)d.quantile(-0.01), std::invalid_argument);
    CHECK_THROWS_AS((void)d.quantile(1.01), std::invalid_argument);
    CHECK_THROWS_AS((void)d.quantile(std::nan("")), std::invalid_argument);
    // Merging needs the same range, bins and thresholds.
    Distribution other(0, 200, 100);
    CHECK_THROWS_AS(other.merge(d), std::invalid_argument);
    Distribution shifted(1, 201, 200);
    CHECK_THROWS_AS(shifted.merge(d), std::invalid_argument);
    Distribution with_threshold(0, 200, 200);
    with_threshold.track_threshold(50);
    CHECK_THROWS_AS(with_threshold.merge(d), std::invalid_argument);
    auto words = d.to_words();
    CHECK_THROWS_AS(Distribution::reduce_words(words, with_threshold.to_words()),
                    std::invalid_argument);
    CHECK_THROWS_AS(Distribution::reduce_words(words, other.to_words()), std::invalid_argument);
    CHECK(words == d.to_words()); // untouched by the refused reductions
    Distribution full(0, 10, 1);
    for (std::size_t i = 0; i < Distribution::k_thresholds_max; ++i) {
        full.track_threshold(static_cast<std::int64_t>(i));
    }
    CHECK_THROWS_AS(full.track_threshold(-1), std::invalid_argument);
}

TEST_CASE("distribution: words round-trip and malformed words are refused") {
    Distribution d(-1'000, 1'000, 7); // bins 285 5/7 pence wide: edges are not whole pence
    d.track_threshold(0);
    for (const std::int64_t v :
         std::vector<std::int64_t>{-5'000, -999, -1, 0, 1, 713, 999, 1'000, 4'000'000'000'000}) {
        d.add(v);
    }
    const auto words = d.to_words();
    // 14 fixed words + 2 per threshold + one per bin.
    CHECK(words.size() == 14 + 2 + 7);
    CHECK(Distribution::from_words(words) == d);
    CHECK(Distribution::from_words(words).to_words() == words);
    auto bad = words;
    bad[0] = 0; // not the format tag
    CHECK_THROWS_AS((void)Distribution::from_words(bad), std::invalid_argument);
    bad = words;
    bad.pop_back();
    CHECK_THROWS_AS((void)Distribution::from_words(bad), std::invalid_argument);
    bad = words;
    bad[bad.size() - 2] += 1; // a bin count that no longer adds up to the count
    CHECK_THROWS_AS((void)Distribution::from_words(bad), std::invalid_argument);
    CHECK_THROWS_AS((void)Distribution::from_words(std::vector<std::int64_t>{}),
                    std::invalid_argument);
}

TEST_CASE("distribution: sums beyond 64 bits stay exact") {
    // Three values of 4 × 10^18: Σv = 1.2 × 10^19 is past 2^63 ≈ 9.2 × 10^18 and
    // Σv² = 4.8 × 10^37 is far beyond 64 bits but below 2^127 ≈ 1.7 × 10^38.
    Distribution d(0, 10, 1);
    for (int i = 0; i < 3; ++i) {
        d.add(4'000'000'000'000'000'000);
    }
    CHECK(d.sum() == Int128{4'000'000'000'000'000'000} * 3);
    CHECK(d.sum_of_squares() == Int128{4'000'000'000'000'000'000} * 4'000'000'000'000'000'000 * 3);
    CHECK(d.mean() == 4e18);
    CHECK(d.variance() == 0.0);
    CHECK(Distribution::from_words(d.to_words()) == d);
    // −2^63 squares to 2^126 and two of them make 2^127, one past the largest Int128: the
    // second add() throws and leaves the state as it was.
    Distribution edge(0, 10, 1);
    edge.add(k_int64_min);
    const auto before = edge.to_words();
    CHECK_THROWS_AS(edge.add(k_int64_min), specflow::entities::MoneyOverflow);
    CHECK(edge.to_words() == before);
}

// ---- Distribution: properties ---------------------------------------------------------------

namespace {

struct RandomCase {
    std::int64_t low = 0;
    std::int64_t high = 0;
    std::uint32_t bins = 0;
    std::vector<std::int64_t> thresholds;
    std::vector<std::int64_t> values;
};

// A random range and bin count, a few thresholds, and values mostly near the range, some
// outside it and some far beyond 64-bit squares.
RandomCase random_case(SplitMix64& rng) {
    RandomCase c;
    c.low = rng.between(-1'000'000'000, 1'000'000'000);
    const auto width = rng.between(1, 1'000'000'000);
    c.high = c.low + width;
    c.bins = static_cast<std::uint32_t>(rng.between(1, 300));
    const auto thresholds = rng.between(0, 3);
    for (std::int64_t i = 0; i < thresholds; ++i) {
        c.thresholds.push_back(rng.between(c.low - width / 2, c.high + width / 2));
    }
    const auto n = rng.between(0, 200);
    for (std::int64_t i = 0; i < n; ++i) {
        c.values.push_back(rng.between(0, 9) == 0
                               ? rng.between(-1'000'000'000'000'000, 1'000'000'000'000'000)
                               : rng.between(c.low - width / 4, c.high + width / 4));
    }
    return c;
}

Distribution empty_for(const RandomCase& c, SplitMix64& rng) {
    Distribution d(c.low, c.high, c.bins);
    auto thresholds = c.thresholds;
    shuffle(thresholds, rng); // registration order must not matter either
    for (const auto t : thresholds) {
        d.track_threshold(t);
    }
    return d;
}

} // namespace

TEST_CASE("distribution: at most 2^32 - 1 values, so that its bins count in 32 bits") {
    // Words of Distribution(0, 10, 1) with no thresholds: 5 header words, min, max, count,
    // Σv (2), Σv² (2), underflow, overflow, then the bin.
    constexpr std::size_t count_word = 7;
    constexpr std::size_t underflow_word = 12;
    constexpr std::size_t bin_word = 14;
    constexpr auto most = static_cast<std::int64_t>(Distribution::k_values_max);
    Distribution one(0, 10, 1);
    one.add(-1);
    auto words = one.to_words();
    REQUIRE(words.size() == bin_word + 1);
    REQUIRE(words[count_word] == 1);
    REQUIRE(words[underflow_word] == 1);
    // As full as it may be: 2³² − 1 values below the range.
    words[count_word] = most;
    words[underflow_word] = most;
    Distribution full = Distribution::from_words(words);
    CHECK(full.count() == Distribution::k_values_max);
    const auto before = full.to_words();
    CHECK_THROWS_AS(full.add(5), std::length_error);
    CHECK_THROWS_AS(full.merge(one), std::length_error);
    CHECK(full.to_words() == before); // nothing changed
    Distribution empty(0, 10, 1);
    full.merge(empty); // adds nothing: allowed
    CHECK(full.to_words() == before);
    // Words that say more are refused, and so is a bin past the count, which a 32-bit bin would
    // otherwise have cut back to agree with it.
    auto too_many = words;
    too_many[count_word] = most + 1;
    too_many[underflow_word] = most + 1;
    CHECK_THROWS_AS((void)Distribution::from_words(too_many), std::invalid_argument);
    auto wide_bin = one.to_words();
    wide_bin[count_word] = 5;
    wide_bin[underflow_word] = 0;
    wide_bin[bin_word] = (std::int64_t{1} << 32) + 5;
    CHECK_THROWS_AS((void)Distribution::from_words(wide_bin), std::invalid_argument);
}

TEST_CASE("distribution property: any split, add order and merge order gives the same words") {
    for (std::uint64_t seed = 1; seed <= 1'000; ++seed) {
        SplitMix64 rng(seed);
        const auto c = random_case(rng);
        auto reference = empty_for(c, rng);
        for (const auto v : c.values) {
            reference.add(v);
        }
        const auto expected = reference.to_words();
        // Deal the values to 1–8 parts at random, each part adding them in a shuffled order.
        const auto part_count = static_cast<std::size_t>(rng.between(1, 8));
        std::vector<Distribution> parts;
        for (std::size_t p = 0; p < part_count; ++p) {
            parts.push_back(empty_for(c, rng));
        }
        auto values = c.values;
        shuffle(values, rng);
        for (const auto v : values) {
            parts[static_cast<std::size_t>(
                      rng.between(0, static_cast<std::int64_t>(part_count) - 1))]
                .add(v);
        }
        std::vector<std::size_t> order(part_count);
        std::iota(order.begin(), order.end(), std::size_t{0});
        shuffle(order, rng);
        auto merged = empty_for(c, rng);
        for (const auto p : order) {
            merged.merge(parts[p]);
        }
        CHECK(merged.to_words() == expected);
        // The same parts reduced as words, in another order, as an MPI reduction would.
        shuffle(order, rng);
        auto words = parts[order[0]].to_words();
        for (std::size_t i = 1; i < part_count; ++i) {
            Distribution::reduce_words(words, parts[order[i]].to_words());
        }
        CHECK(words == expected);
        const auto reduced = Distribution::from_words(words);
        CHECK(reduced == reference);
        CHECK(reduced.quantile(0.95) == reference.quantile(0.95));
        CHECK(reduced.variance() == reference.variance());
    }
}

TEST_CASE("distribution property: add_all and a DistributionBatch give add's words") {
    for (std::uint64_t seed = 1; seed <= 500; ++seed) {
        SplitMix64 rng(seed);
        const auto c = random_case(rng);
        auto reference = empty_for(c, rng);
        auto together = reference;
        for (const auto v : c.values) {
            reference.add(v);
        }
        together.add_all(c.values);
        CHECK(together.to_words() == reference.to_words());
        // Three Distributions fed one value at a time in turn, as a summary records a
        // replication's values, and read before and after the last batch is full.
        specflow::reports::DistributionBatch batch(
            {empty_for(c, rng), reference, empty_for(c, rng)});
        auto first = batch.settled(0);
        auto third = batch.settled(2);
        for (const auto v : c.values) {
            batch.record(0, v);
            batch.record(2, v);
            first.add(v);
            third.add(v);
            if (rng.between(0, 20) == 0) {
                CHECK(batch.settled(0) == first); // a read adds what is waiting
            }
        }
        CHECK(batch.settled(0) == first);
        CHECK(batch.settled_all()[1] == reference); // recorded nothing: as it was
        CHECK(batch.settled_all()[2] == third);
    }
}

TEST_CASE("distribution property: a DistributionBatch of many, filled in turn, gives add's state") {
    // 150 Distributions each fed a value per round, as a summary records a replication's: they
    // fill together, more than k_full_max at once, and are added many at a time, the bins of
    // the next ones worked out while one is counted. Each must end as if every value had been
    // added alone.
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        SplitMix64 rng(seed * 104'729);
        constexpr std::size_t k_many = 150;
        std::vector<Distribution> alone;
        for (std::size_t d = 0; d < k_many; ++d) {
            const std::int64_t low = rng.between(-1'000'000, 0);
            alone.emplace_back(low, low + rng.between(1, 2'000'000),
                               static_cast<std::uint32_t>(rng.between(1, 500)));
        }
        specflow::reports::DistributionBatch batch(alone);
        const auto rounds = rng.between(1, 40);
        for (std::int64_t round = 0; round < rounds; ++round) {
            for (std::size_t d = 0; d < k_many; ++d) {
                const auto v = rng.between(-1'200'000, 1'200'000);
                alone[d].add(v);
                batch.record(d, v);
            }
            if (rng.between(0, 10) == 0) {
                const auto d = static_cast<std::size_t>(rng.between(0, k_many - 1));
                CHECK(batch.settled(d) == alone[d]); // a read adds what is waiting
            }
        }
        CHECK(batch.settled_all() == alone);
    }
}

TEST_CASE("distribution property: each bin's first and last penny land in it") {
    // Bin i holds the pence from low + ⌈i·R/b⌉ to low + ⌈(i+1)·R/b⌉ − 1: worked out here in 128
    // bits, apart from the Distribution's own arithmetic (a multiplication by 1/R put right by an
    // exact test), and at the edges, where a quotient one out would show.
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        SplitMix64 rng(seed * 6'007);
        // Values within ±9 × 10¹⁶, so that Σv² of 6,000 of them stays inside 128 bits; ranges up
        // to 2⁵⁵ with up to 3,000 bins, so that R · b runs up to 2⁶⁶ (the 128-bit arithmetic
        // past 2⁶⁴) and the quotients come from scaled values near 2⁶⁴.
        const std::int64_t low = rng.between(-50'000'000'000'000'000, 50'000'000'000'000'000);
        const auto span_log2 = rng.between(0, 55);
        const std::int64_t range =
            std::max<std::int64_t>(1, rng.between(0, std::int64_t{1} << span_log2));
        const auto bins = static_cast<std::uint32_t>(rng.between(1, 3'000));
        Distribution d(low, low + range, bins);
        const auto edge = [&](std::int64_t i) {
            return static_cast<std::int64_t>(low +
                                             (static_cast<Int128>(i) * range + bins - 1) / bins);
        };
        std::vector<std::int64_t> values;
        std::vector<std::uint64_t> expected(bins, 0);
        for (std::uint32_t i = 0; i < bins; ++i) {
            const auto first = edge(i);
            const auto last = edge(i + 1) - 1;
            if (last < first) {
                continue; // a bin narrower than a penny holds none
            }
            values.push_back(first);
            values.push_back(last);
            expected[i] += 2;
        }
        d.add_all(values);
        const auto words = d.to_words();
        CAPTURE(seed);
        // to_words: the header (5 words, no thresholds), min, max, count, the two 128-bit sums,
        // underflow, overflow, then the bins.
        REQUIRE(words.size() == 14 + bins);
        CHECK(words[12] == 0);
        CHECK(words[13] == 0);
        for (std::uint32_t i = 0; i < bins; ++i) {
            CHECK(static_cast<std::uint64_t>(words[14 + i]) == expected[i]);
        }
    }
}

TEST_CASE("distribution golden: a value beyond the 64-bit bin arithmetic lands where add puts it") {
    // Range 0 .. 2⁶² with 2²⁴ bins: R · b passes 2⁶⁴, so the bin is found in 128 bits.
    Distribution wide(0, std::int64_t{1} << 62, 1U << 24);
    wide.add((std::int64_t{1} << 62) - 1); // the last penny: the last bin
    wide.add(std::int64_t{1} << 61);       // the middle: bin 2²³
    CHECK(wide.count_above(std::int64_t{1} << 61) == 2);
    CHECK(wide.count_above((std::int64_t{1} << 61) + (std::int64_t{1} << 38)) == 1);
}

TEST_CASE("distribution property: quantiles are within one bin width of the exact ones") {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        SplitMix64 rng(seed * 7'919);
        const std::uint32_t bins = 2'000;
        const auto low = rng.between(-1'000'000'000'000, 1'000'000'000'000);
        const auto width = rng.between(2'000, 500'000'000'000); // bins at least a penny wide
        const auto high = low + width;
        Distribution d(low, high, bins);
        std::vector<std::int64_t> values;
        // Three shapes: uniform, triangular (mean of two uniforms), and 80% in one narrow cluster.
        const auto cluster_low = rng.between(low, high - 1);
        const auto cluster_high = std::min(high - 1, cluster_low + width / 50);
        for (int i = 0; i < 10'000; ++i) {
            std::int64_t v = 0;
            switch (seed % 3) {
            case 0:
                v = rng.between(low, high - 1);
                break;
            case 1:
                v = low + (rng.between(0, width - 1) + rng.between(0, width - 1)) / 2;
                break;
            default:
                v = rng.between(0, 4) == 0 ? rng.between(low, high - 1)
                                           : rng.between(cluster_low, cluster_high);
                break;
            }
            values.push_back(v);
            d.add(v);
        }
        std::sort(values.begin(), values.end());
        const long double bin_width = static_cast<long double>(width) / bins;
        for (const double p : k_report_ps) {
            const long double error =
                std::fabs(static_cast<long double>(d.quantile(p)) - exact_quantile(values, p));
            CHECK(error <= bin_width);
        }
    }
}

TEST_CASE("distribution property: bins one penny wide give the exact quantiles, ties included") {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        SplitMix64 rng(seed);
        Distribution d(-250, 250, 500);
        std::vector<std::int64_t> values;
        const auto n = rng.between(1, 2'000);
        for (std::int64_t i = 0; i < n; ++i) {
            values.push_back(rng.between(-250, 249));
            d.add(values.back());
        }
        std::sort(values.begin(), values.end());
        for (const double p : k_report_ps) {
            CHECK(d.quantile(p) == static_cast<double>(exact_quantile(values, p)));
        }
        const auto exact_mean = static_cast<long double>(std::accumulate(
                                    values.begin(), values.end(), std::int64_t{0})) /
                                static_cast<long double>(values.size());
        CHECK(d.mean() == doctest::Approx(static_cast<double>(exact_mean)).epsilon(1e-15));
    }
}

TEST_CASE("distribution property: quantiles in one pass are quantile's, bit for bit") {
    // Underflow, overflow, wide and narrow bins, ties and an empty Distribution: each of the
    // ascending ps in one pass gives exactly the value quantile(p) gives on its own.
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        SplitMix64 rng(seed * 104'729);
        const auto low = rng.between(-1'000'000, 1'000'000);
        const auto high = low + rng.between(1, 5'000'000);
        Distribution d(low, high, static_cast<std::uint32_t>(rng.between(1, 3'000)));
        const auto n = seed % 10 == 0 ? 0 : rng.between(1, 3'000);
        for (std::int64_t i = 0; i < n; ++i) {
            d.add(rng.between(low - (high - low) / 4, high + (high - low) / 4));
        }
        const std::vector<double> ps{0.0, 0.05, 0.05, 0.10, 0.5, 0.90, 0.95, 0.999, 1.0};
        std::vector<double> out(ps.size());
        d.quantiles(ps, out);
        for (std::size_t i = 0; i < ps.size(); ++i) {
            CHECK(out[i] == d.quantile(ps[i]));
        }
        const auto five = d.summary_quantiles();
        for (std::size_t i = 0; i < five.size(); ++i) {
            CHECK(five[i] == d.quantile(Distribution::k_summary_ps[i]));
        }
    }
}

TEST_CASE("distribution: quantiles refuses ps out of order or out of range, and too little room") {
    const auto d = one_to_hundred(200); // bins one penny wide
    std::vector<double> out(3);
    CHECK_THROWS_AS(d.quantiles(std::vector<double>{0.5, 0.1}, out), std::invalid_argument);
    CHECK_THROWS_AS(d.quantiles(std::vector<double>{0.1, 1.5}, out), std::invalid_argument);
    CHECK_THROWS_AS(d.quantiles(std::vector<double>{-0.1}, out), std::invalid_argument);
    CHECK_THROWS_AS(d.quantiles(std::vector<double>{0.1, 0.2, 0.3, 0.4}, out),
                    std::invalid_argument);
    d.quantiles(std::vector<double>{0.05, 0.5}, out);
    CHECK(out[0] == doctest::Approx(5.95).epsilon(1e-12)); // as the golden above
    CHECK(out[1] == 50.5);
}
