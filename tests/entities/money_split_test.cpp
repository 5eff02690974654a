// Tests of Money's splits (entities/money.hpp): into equal parts (split, split_part) and by
// weights (largest remainder), golden cases worked in the comments, then properties over random
// amounts: the parts sum back to the amount exactly and each is within a penny of its share.

#include "entities/money.hpp"
#include "money_test_support.hpp"

#include <cstdint>
#include <doctest/doctest.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using specflow::entities::Int128;
using specflow::entities::Money;
using specflow::testing::abs128;
using specflow::testing::k_max_pence;
using specflow::testing::k_min_pence;
using specflow::testing::Lcg;
using specflow::testing::pence;

// "34,33,33": the parts in pence, so that a failed check prints what was produced.
std::string pence_list(const std::vector<Money>& parts) {
    std::string text;
    for (const Money part : parts) {
        if (!text.empty()) {
            text += ',';
        }
        text += std::to_string(part.pence());
    }
    return text;
}

Int128 sum_of(const std::vector<Money>& parts) {
    Int128 sum = 0;
    for (const Money part : parts) {
        sum += part.pence();
    }
    return sum;
}

} // namespace

// --- split into equal parts ----------------------------------------------------------------

TEST_CASE("Money::split(parts) gives the pennies left over to the earliest parts") {
    CHECK(pence_list(pence(100).split(3)) == "34,33,33");     // 100 = 3 × 33 + 1
    CHECK(pence_list(pence(-100).split(3)) == "-34,-33,-33"); // the mirror
    CHECK(pence_list(pence(101).split(3)) == "34,34,33");     // 101 = 3 × 33 + 2
    CHECK(pence_list(pence(99).split(3)) == "33,33,33");
    CHECK(pence_list(pence(2).split(5)) == "1,1,0,0,0");
    CHECK(pence_list(pence(-2).split(5)) == "-1,-1,0,0,0");
    CHECK(pence_list(pence(0).split(4)) == "0,0,0,0");
    CHECK(pence_list(pence(7).split(1)) == "7");
    // 2^63 = 3 × 3,074,457,345,618,258,602 + 2, so the first two parts get a penny more.
    CHECK(pence_list(pence(k_min_pence).split(3)) ==
          "-3074457345618258603,-3074457345618258603,-3074457345618258602");
    CHECK(pence_list(pence(k_min_pence).split(1)) == "-9223372036854775808");
    CHECK(pence_list(pence(k_max_pence).split(2)) == "4611686018427387904,4611686018427387903");
    CHECK(pence(100).split(12).size() == 12);
}

TEST_CASE("Money::split(parts) and split_part refuse bad arguments") {
    CHECK_THROWS_AS((void)pence(100).split(std::int64_t{0}), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split(std::int64_t{-1}), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split_part(3, 3), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split_part(3, -1), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split_part(0, 0), std::invalid_argument);
}

TEST_CASE("Money::split_part agrees with split for every index") {
    for (const std::int64_t amount :
         {std::int64_t{100}, std::int64_t{-100}, std::int64_t{0}, std::int64_t{1}, std::int64_t{-7},
          std::int64_t{12'345'678}, k_max_pence, k_min_pence}) {
        for (std::int64_t parts = 1; parts <= 13; ++parts) {
            const auto whole = pence(amount).split(parts);
            for (std::int64_t index = 0; index < parts; ++index) {
                CAPTURE(amount);
                CAPTURE(parts);
                CAPTURE(index);
                CHECK(pence(amount).split_part(parts, index) ==
                      whole[static_cast<std::size_t>(index)]);
            }
        }
    }
    // Hand values: 100 into 3 is 34, 33, 33.
    CHECK(pence(100).split_part(3, 0).pence() == 34);
    CHECK(pence(100).split_part(3, 1).pence() == 33);
    CHECK(pence(100).split_part(3, 2).pence() == 33);
    // Twelve parts (a year in months, divided by a constant): 100 = 12 × 8 + 4, so months 1-4
    // get 9 and 5-12 get 8; the mirror for −100; 2⁶³ − 1 = 12 × 768,614,336,404,564,650 + 7.
    CHECK(pence(100).split_part(12, 3).pence() == 9);
    CHECK(pence(100).split_part(12, 4).pence() == 8);
    CHECK(pence(-100).split_part(12, 0).pence() == -9);
    CHECK(pence(-100).split_part(12, 11).pence() == -8);
    CHECK(pence(k_max_pence).split_part(12, 6).pence() == 768'614'336'404'564'651);
    CHECK(pence(k_max_pence).split_part(12, 7).pence() == 768'614'336'404'564'650);
}

// --- split by weights ----------------------------------------------------------------------

TEST_CASE("Money::split(weights) by largest remainder") {
    using W = std::vector<std::int64_t>;
    // 100 by 1,1,1: exact 33⅓ each; floors 33,33,33 leave 1p; the remainders (100 mod 3 = 1)
    // tie, so the earliest part takes it.
    CHECK(pence_list(pence(100).split(W{1, 1, 1})) == "34,33,33");
    // 1000 by 3,2,1 (total 6): exact 500, 333⅓, 166⅔; floors 500,333,166 = 999 leave 1p;
    // remainders 3000 mod 6 = 0, 2000 mod 6 = 2, 1000 mod 6 = 4, so the last part takes it.
    CHECK(pence_list(pence(1000).split(W{3, 2, 1})) == "500,333,167");
    CHECK(pence_list(pence(-1000).split(W{3, 2, 1})) == "-500,-333,-167");
    // 100 by 1,2 (total 3): exact 33⅓, 66⅔; remainders 1 and 2: the larger one is the second.
    CHECK(pence_list(pence(100).split(W{1, 2})) == "33,67");
    // 5 by 2,3,0,5 (total 10): exact 1, 1.5, 0, 2.5; floors 1,1,0,2 = 4 leave 1p; remainders
    // 10, 15, 0, 25 mod 10 = 0, 5, 0, 5: a tie between parts 1 and 3 goes to the earlier, 1.
    CHECK(pence_list(pence(5).split(W{2, 3, 0, 5})) == "1,2,0,2");
    // 7 by 1,1: 3.5 each, tie → the first.
    CHECK(pence_list(pence(7).split(W{1, 1})) == "4,3");
    // 1 by 1,1,1: floors 0,0,0, the one penny to the first.
    CHECK(pence_list(pence(1).split(W{1, 1, 1})) == "1,0,0");
    // 2 by five equal weights: two pennies to the first two.
    CHECK(pence_list(pence(2).split(W{1, 1, 1, 1, 1})) == "1,1,0,0,0");
    // Exact proportions leave nothing over: 10 by 1,2,3,4.
    CHECK(pence_list(pence(10).split(W{1, 2, 3, 4})) == "1,2,3,4");
    // A zero weight gets nothing: 100 by 1,0,1 → 50, 0, 50.
    CHECK(pence_list(pence(100).split(W{1, 0, 1})) == "50,0,50");
    CHECK(pence_list(pence(0).split(W{4, 1})) == "0,0");
    // Ties among many parts still go to the earliest: 20p by 40 equal weights gives ½p each,
    // so the first 20 parts get a penny and the last 20 nothing (a sort that is not stable
    // would scatter them once there are more than a handful of parts).
    const std::vector<Money> forty = pence(20).split(W(40, 1));
    REQUIRE(forty.size() == 40);
    for (std::size_t k = 0; k < forty.size(); ++k) {
        CAPTURE(k);
        CHECK(forty[k].pence() == (k < 20 ? 1 : 0));
    }
    // The same with −20p and 3,3,...,3 (weights need not be 1): −1 × 20, then 0 × 20.
    const std::vector<Money> forty_negative = pence(-20).split(W(40, 3));
    REQUIRE(forty_negative.size() == 40);
    for (std::size_t k = 0; k < forty_negative.size(); ++k) {
        CAPTURE(k);
        CHECK(forty_negative[k].pence() == (k < 20 ? -1 : 0));
    }
    CHECK(pence_list(pence(123).split(W{5})) == "123");
    // Weights and products beyond 64 bits: 3 by INT64_MAX, INT64_MAX → 1.5 each → 2, 1.
    CHECK(pence_list(pence(3).split(W{k_max_pence, k_max_pence})) == "2,1");
    // The whole of INT64_MAX to one part, and INT64_MIN split in halves: 2^63 / 2 = 2^62.
    CHECK(pence_list(pence(k_max_pence).split(W{0, 7})) == "0,9223372036854775807");
    CHECK(pence_list(pence(k_min_pence).split(W{1, 1})) ==
          "-4611686018427387904,-4611686018427387904");
}

// The whole of INT64_MIN to one part. Bug fixed: split(weights) used to narrow the magnitude
// 2^63 to int64 and negate it, a signed overflow the sanitizer build stops on.
TEST_CASE("Money::split(weights) gives all of INT64_MIN to the only weighted part") {
    using W = std::vector<std::int64_t>;
    CHECK(pence_list(pence(k_min_pence).split(W{0, 1})) == "0,-9223372036854775808");
}

TEST_CASE("Money::split(weights) refuses negative weights and all-zero weights") {
    using W = std::vector<std::int64_t>;
    CHECK_THROWS_AS((void)pence(100).split(W{1, -1, 2}), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split(W{0, 0}), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split(W{}), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split(W{-1}), std::invalid_argument);
}

TEST_CASE(
    "Money::split_into gives split's parts, on the stack or off it, and wants one per weight") {
    using W = std::vector<std::int64_t>;
    // 16 equal weights (the most split_into keeps on the stack) and 17: 20p → ties to the first.
    for (const std::size_t n : {std::size_t{16}, std::size_t{17}}) {
        std::vector<Money> out(n);
        pence(20).split_into(W(n, 1), out);
        CHECK(pence_list(out) == pence_list(pence(20).split(W(n, 1))));
        CHECK(out[0].pence() == 2); // 20 / n ≥ 1, the first parts take the rest
        CHECK(out[n - 1].pence() == 1);
    }
    // 17p by 3,1,2: one extra penny each to the two largest remainders.
    std::vector<Money> three(3);
    pence(17).split_into(W{3, 1, 2}, three); // exact 8.5, 2.83, 5.67: floors 8,2,5 leave 2p
    CHECK(pence_list(three) == "8,3,6");     // remainders 3, 5, 4 (of 6): parts 1 and 2
    std::vector<Money> two(2);
    CHECK_THROWS_AS(pence(100).split_into(W{1, 1, 1}, two), std::invalid_argument);
    // One part (its own path): the whole amount, whatever its positive weight, either sign, and
    // the same refusals of a weight of 0 or below as a split of many.
    std::vector<Money> one(1);
    pence(1'234'567).split_into(W{250'000}, one);
    CHECK(one[0].pence() == 1'234'567);
    pence(-7).split_into(W{3}, one);
    CHECK(one[0].pence() == -7);
    CHECK_THROWS_AS(pence(100).split_into(W{0}, one), std::invalid_argument);
    CHECK_THROWS_AS(pence(100).split_into(W{-1}, one), std::invalid_argument);
}

// --- properties ------------------------------------------------------------------------------

TEST_CASE("Money::split(parts) property: sums back, parts within a penny of the exact share") {
    Lcg random(0x5EED'0003);
    for (int i = 0; i < 4000; ++i) {
        const std::int64_t amount = random.amount();
        const std::int64_t parts = random.between(1, 50);
        CAPTURE(amount);
        CAPTURE(parts);
        const auto split = pence(amount).split(parts);
        REQUIRE(split.size() == static_cast<std::size_t>(parts));
        CHECK((sum_of(split) == amount));
        for (std::size_t k = 0; k < split.size(); ++k) {
            CAPTURE(k);
            // |part − amount/parts| < 1p, multiplied through by parts.
            CHECK((abs128(static_cast<Int128>(split[k].pence()) * parts - amount) < parts));
            // Same sign as the amount (or zero), and never larger in magnitude than the part
            // before it: the pennies left over go to the earliest parts.
            CHECK((static_cast<Int128>(split[k].pence()) * amount >= 0));
            if (k > 0) {
                CHECK((abs128(split[k - 1].pence()) >= abs128(split[k].pence())));
                CHECK((abs128(split[k - 1].pence()) - abs128(split[k].pence()) <= 1));
            }
            CHECK(pence(amount).split_part(parts, static_cast<std::int64_t>(k)) == split[k]);
        }
    }
}

TEST_CASE("Money::split(weights) property: sums back, parts within a penny of the exact share") {
    Lcg random(0x5EED'0004);
    for (int i = 0; i < 4000; ++i) {
        std::int64_t amount = random.amount();
        if (amount == k_min_pence) {
            amount += 1; // see the skipped INT64_MIN case above
        }
        const auto count = static_cast<std::size_t>(random.between(1, 8));
        std::vector<std::int64_t> weights(count);
        Int128 total_weight = 0;
        for (auto& weight : weights) {
            // A quarter of the weights are zero, to exercise parts that get nothing.
            weight = random.between(0, 3) == 0 ? 0 : random.between(1, 1000);
            total_weight += weight;
        }
        if (total_weight == 0) {
            weights[0] = 1;
            total_weight = 1;
        }
        CAPTURE(amount);
        CAPTURE(i);
        const auto split = pence(amount).split(weights);
        REQUIRE(split.size() == count);
        CHECK((sum_of(split) == amount));
        for (std::size_t k = 0; k < count; ++k) {
            CAPTURE(k);
            // |part − amount × w / W| < 1p, multiplied through by W.
            const Int128 error = static_cast<Int128>(split[k].pence()) * total_weight -
                                 static_cast<Int128>(amount) * weights[k];
            CHECK((abs128(error) < total_weight));
            if (weights[k] == 0) {
                CHECK(split[k].is_zero());
            }
        }
    }
}
