// BinCounts (reports/bin_counts.hpp): 16-bit bin counts that widen to 32 bits when a bin would
// pass 65,535, and a Distribution whose bins hold more values than 16 bits can count.

#include "reports/bin_counts.hpp"
#include "reports/distribution.hpp"

#include <cstdint>
#include <doctest/doctest.h>
#include <vector>

namespace {

using specflow::reports::BinCounts;
using specflow::reports::Distribution;

constexpr std::uint32_t k_narrow_max = BinCounts::k_narrow_max; // 65,535

// Word 14 of to_words is bin 0's count for a Distribution that tracks no threshold: 5 header
// words, min, max, the count, two 128-bit sums, underflow and overflow (distribution.hpp).
constexpr std::size_t k_first_bin_word = 14;

} // namespace

TEST_CASE("bin counts stay 16 bits to 65,535 in a bin and widen, exactly, past it") {
    BinCounts counts(3);
    counts.increment(2);
    for (std::uint32_t i = 0; i < k_narrow_max; ++i) {
        counts.increment(0);
    }
    CHECK_FALSE(counts.wide());
    CHECK(counts[0] == 65'535);
    counts.increment(0); // the 65,536th: 16 bits would wrap to 0
    CHECK(counts.wide());
    CHECK(counts[0] == 65'536);
    CHECK(counts[1] == 0);
    CHECK(counts[2] == 1); // the other bins keep their counts as they widen
    CHECK(counts.size() == 3);
}

TEST_CASE("adding bin counts stays narrow while every sum fits, and widens when one does not") {
    BinCounts a(2);
    BinCounts b(2);
    a.set(0, 40'000);
    a.set(1, 7);
    b.set(0, 25'535); // 40,000 + 25,535 = 65,535: still fits
    a.add(b);
    CHECK_FALSE(a.wide());
    CHECK(a[0] == 65'535);
    CHECK(a[1] == 7);
    BinCounts one(2);
    one.increment(0);
    a.add(one); // 65,536 in bin 0
    CHECK(a.wide());
    CHECK(a[0] == 65'536);
    CHECK(a[1] == 7);
    // Narrow plus wide: the wide one's counts are added in full.
    BinCounts c(2);
    c.set(1, 3);
    c.add(a);
    CHECK(c.wide());
    CHECK(c[0] == 65'536);
    CHECK(c[1] == 10);
    // A count set past 16 bits widens too.
    BinCounts d(1);
    d.set(0, 4'000'000'000U);
    CHECK(d[0] == 4'000'000'000U);
}

TEST_CASE("bin counts are equal by their counts, whatever their width") {
    BinCounts narrow(2);
    BinCounts wide(2);
    narrow.set(0, 5);
    wide.set(1, 70'000); // widens
    wide.set(1, 0);
    wide.set(0, 5);
    CHECK(wide.wide());
    CHECK(narrow == wide);
    wide.set(1, 1);
    CHECK_FALSE(narrow == wide);
    CHECK_FALSE(BinCounts(2) == BinCounts(3));
}

TEST_CASE("a Distribution counts 70,000 values in one bin, merges 80,000 and keeps them in words") {
    // Range [0, 100) in 10 bins: 50 pence is in bin 5 (50 × 10 / 100). A worker with more than
    // 65,535 replications puts that many values in a bin of a summary whose values barely move.
    Distribution d(0, 100, 10);
    d.add_all(std::vector<std::int64_t>(70'000, 50));
    const auto words = d.to_words();
    CHECK(words[k_first_bin_word + 5] == 70'000);
    CHECK(words[k_first_bin_word + 4] == 0);
    CHECK(d.count() == 70'000);
    CHECK(d.quantile(0.5) == 50.0); // every estimate is clamped to [min, max]
    CHECK(Distribution::from_words(words) == d);
    CHECK(Distribution::from_words(words).to_words() == words);

    // One value at a time, as a summary takes a replication's: the same state.
    Distribution one_by_one(0, 100, 10);
    for (int i = 0; i < 70'000; ++i) {
        one_by_one.add(50);
    }
    CHECK(one_by_one == d);
    CHECK(one_by_one.to_words() == words);

    // Two halves of 40,000 merged (as two workers' summaries are): 80,000 in the bin, as one
    // Distribution of all 80,000 has, and the same state by words as by merge.
    Distribution first(0, 100, 10);
    Distribution second(0, 100, 10);
    first.add_all(std::vector<std::int64_t>(40'000, 50));
    second.add_all(std::vector<std::int64_t>(40'000, 50));
    auto reduced = first.to_words();
    Distribution::reduce_words(reduced, second.to_words());
    first.merge(second);
    CHECK(first.to_words()[k_first_bin_word + 5] == 80'000);
    Distribution whole(0, 100, 10);
    whole.add_all(std::vector<std::int64_t>(80'000, 50));
    CHECK(first == whole);
    CHECK(reduced == whole.to_words());
    CHECK(Distribution::from_words(reduced) == whole);
}
