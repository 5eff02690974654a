// The helpers beside Distribution in reports/distribution.hpp: the exact moments' 128-bit words
// (moments::) and pilot_range, the range a summary's bins are laid over from its pilot
// replications. Golden cases worked by hand in the comments.

#include "reports/distribution.hpp"

#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

namespace {

using specflow::entities::Int128;
namespace moments = specflow::reports::moments;

constexpr std::int64_t k_int64_max = std::numeric_limits<std::int64_t>::max();

} // namespace

TEST_CASE("moments: 128-bit words carry between halves") {
    // 2^64 is (high 1, low 0); −1 is all ones: (−1, −1).
    std::vector<std::int64_t> words;
    moments::append_words(words, Int128{1} << 64);
    moments::append_words(words, Int128{-1});
    CHECK(words == std::vector<std::int64_t>{1, 0, -1, -1});
    CHECK(moments::from_words(1, 0) == Int128{1} << 64);
    CHECK(moments::from_words(-1, -1) == Int128{-1});
    // (2^64 − 1) + 1 = 2^64: the low word carries into the high word.
    std::vector<std::int64_t> into{0, -1};
    moments::add_words(into, std::vector<std::int64_t>{0, 1}, 0);
    CHECK(into == std::vector<std::int64_t>{1, 0});
    // 2^64 + (−1) = 2^64 − 1: a borrow the other way.
    moments::add_words(into, std::vector<std::int64_t>{-1, -1}, 0);
    CHECK(into == std::vector<std::int64_t>{0, -1});
    // Covariance without cancellation: values 10^12 + {0, 1, 2} have variance 2/3 exactly as
    // far as long double can say, although Σv² ≈ 3 × 10^24.
    const Int128 base = 1'000'000'000'000;
    const Int128 sum = 3 * base + 3;
    const Int128 sum_sq = base * base * 3 + 2 * base * 3 + 5;
    CHECK(static_cast<double>(moments::population_covariance(3, sum, sum, sum_sq)) ==
          doctest::Approx(2.0 / 3.0).epsilon(1e-15));
}

TEST_CASE("pilot_range golden") {
    // Span 5,000,000 − 1,000 = 4,999,000, half 2,499,500: [1,000 − 2,499,500, 5,000,000 +
    // 2,499,500 + 1) = [−2,498,500, 7,499,501).
    const std::vector<std::int64_t> pilot{1'000, 5'000'000, 3'000'000};
    CHECK(specflow::reports::pilot_range(pilot) ==
          std::pair<std::int64_t, std::int64_t>{-2'498'500, 7'499'501});
    // All equal: ±£1,000 → [42 − 100,000, 42 + 100,000 + 1).
    const std::vector<std::int64_t> equal{42, 42, 42};
    CHECK(specflow::reports::pilot_range(equal) ==
          std::pair<std::int64_t, std::int64_t>{-99'958, 100'043});
    // A small span gets the £1,000 minimum too: [0 − 100,000, 100 + 100,000 + 1).
    const std::vector<std::int64_t> narrow{0, 100};
    CHECK(specflow::reports::pilot_range(narrow) ==
          std::pair<std::int64_t, std::int64_t>{-100'000, 100'101});
    // Clamped to int64, and still a non-empty range.
    const std::vector<std::int64_t> extreme{k_int64_max};
    CHECK(specflow::reports::pilot_range(extreme) ==
          std::pair<std::int64_t, std::int64_t>{k_int64_max - 100'000, k_int64_max});
    CHECK_THROWS_AS((void)specflow::reports::pilot_range(std::vector<std::int64_t>{}),
                    std::invalid_argument);
}
