// Tests of sim/rules/risk_pool.hpp (DESIGN.md §6): golden settlements worked by hand in the
// comments, then properties over 1,000 random inputs.

#include "sim/rules/risk_pool.hpp"
#include "tests/sim/rules/settlement_checks.hpp"
#include "tests/support/random_scenario.hpp"

#include <algorithm>
#include <cstdint>
#include <doctest/doctest.h>
#include <optional>
#include <stdexcept>
#include <vector>

namespace {

using specflow::entities::Money;
using specflow::testing::SplitMix64;
namespace rules = specflow::sim::rules;
using specflow::testing::magnitude;
using specflow::testing::pence;
using specflow::testing::pounds;
using specflow::testing::sum;

constexpr int k_cases = specflow::testing::k_settlement_cases;

// Three members with equal weights: underspend £30, overspend £90, on budget.
const std::vector<Money> k_variances{pounds(30), pounds(-90), pounds(0)};
const std::vector<std::int64_t> k_equal{1, 1, 1};

} // namespace

TEST_CASE("risk pool golden: the combined result is shared equally") {
    // P = 30 − 90 + 0 = −£60, shares −£20 each; transfer = share − pooled:
    // −20 − 30 = −£50, −20 + 90 = +£70, −20 − 0 = −£20 (Σ 0).
    const auto t = rules::settle_risk_pool({.variances = k_variances, .basis_weights = k_equal});
    CHECK(t == std::vector<Money>{pounds(-50), pounds(70), pounds(-20)});
}

TEST_CASE("risk pool golden: each member bears the first tenner alone") {
    // Threshold £10: pooled +20, −80, 0 (the £0 is within it); P = −£60, shares −£20 each;
    // transfers −20 − 20 = −£40, −20 + 80 = +£60, −20 − 0 = −£20 (Σ 0).
    const auto t = rules::settle_risk_pool(
        {.variances = k_variances, .basis_weights = k_equal, .threshold = pounds(10)});
    CHECK(t == std::vector<Money>{pounds(-40), pounds(60), pounds(-20)});
}

TEST_CASE("risk pool golden: the cap clamps and the payers are scaled down") {
    // Uncapped −£50, +£70, −£20; cap £50 clamps +70 to +50, leaving Σ = −50 + 50 − 20 = −£20:
    // the payers pay in 2,000p too much. Split 2,000p by their magnitudes 5,000 : 2,000 →
    // 1,428.57 and 571.43 → 1,428 and 571 (1,999), the last penny to the larger remainder
    // (.57): 1,429 and 571. Transfers −5,000 + 1,429 = −£35.71, +£50.00, −2,000 + 571 = −£14.29.
    const auto t = rules::settle_risk_pool(
        {.variances = k_variances, .basis_weights = k_equal, .cap = pounds(50)});
    CHECK(t == std::vector<Money>{pence(-3'571), pounds(50), pence(-1'429)});
    CHECK(sum(t) == Money{});
}

TEST_CASE("risk pool golden: whichever side the cap binds, the other side shrinks") {
    // Variances −£90, +£30, +£30, equal weights: P = −£30, shares −£10 each; transfers
    // −10 + 90 = +£80, −10 − 30 = −£40, −£40. Cap £60 clamps only the receiver: +80 → +60,
    // leaving Σ = 60 − 40 − 40 = −£20, so the payers shrink by 2,000p split 4,000 : 4,000 →
    // 1,000p each: +£60, −£30, −£30.
    const std::vector<Money> variances{pounds(-90), pounds(30), pounds(30)};
    const auto t = rules::settle_risk_pool(
        {.variances = variances, .basis_weights = k_equal, .cap = pounds(60)});
    CHECK(t == std::vector<Money>{pounds(60), pounds(-30), pounds(-30)});
    // Mirror: variances +£90, −£30, −£30 → transfers −£80, +£40, +£40; cap £60 clamps the payer
    // to −£60, Σ = +£20, so the receivers shrink by £10 each: −£60, +£30, +£30.
    const std::vector<Money> mirror{pounds(90), pounds(-30), pounds(-30)};
    const auto m =
        rules::settle_risk_pool({.variances = mirror, .basis_weights = k_equal, .cap = pounds(60)});
    CHECK(m == std::vector<Money>{pounds(-60), pounds(30), pounds(30)});
}

TEST_CASE("risk pool golden: the basis weights the shares") {
    // Weights 2:1:1 (allocations £200m, £100m, £100m): P = −£60 → −£30, −£15, −£15; transfers
    // −30 − 30 = −£60, −15 + 90 = +£75, −£15 (Σ 0).
    const std::vector<std::int64_t> weights{200'000'000'00, 100'000'000'00, 100'000'000'00};
    const auto t = rules::settle_risk_pool({.variances = k_variances, .basis_weights = weights});
    CHECK(t == std::vector<Money>{pounds(-60), pounds(75), pounds(-15)});
}

TEST_CASE("risk pool refuses programmer errors") {
    const std::vector<std::int64_t> two{1, 1};
    const std::vector<std::int64_t> zeros{0, 0, 0};
    const std::vector<std::int64_t> negative{1, -1, 1};
    CHECK_THROWS_AS((void)rules::settle_risk_pool({.variances = k_variances, .basis_weights = two}),
                    std::invalid_argument);
    CHECK_THROWS_AS(
        (void)rules::settle_risk_pool({.variances = k_variances, .basis_weights = zeros}),
        std::invalid_argument);
    CHECK_THROWS_AS(
        (void)rules::settle_risk_pool({.variances = k_variances, .basis_weights = negative}),
        std::invalid_argument);
    CHECK_THROWS_AS(
        (void)rules::settle_risk_pool(
            {.variances = k_variances, .basis_weights = k_equal, .threshold = pence(-1)}),
        std::invalid_argument);
    CHECK_THROWS_AS((void)rules::settle_risk_pool(
                        {.variances = k_variances, .basis_weights = k_equal, .cap = pence(-1)}),
                    std::invalid_argument);
}

TEST_CASE("risk pool property: nets to zero, respects the cap, only ever shrinks") {
    SplitMix64 rng(0x5157'0001);
    for (int c = 0; c < k_cases; ++c) {
        const auto members = static_cast<std::size_t>(rng.between(1, 8));
        std::vector<Money> variances;
        std::vector<std::int64_t> weights;
        for (std::size_t i = 0; i < members; ++i) {
            variances.push_back(pence(rng.between(-5'000'000'00, 5'000'000'00)));
            weights.push_back(rng.between(0, 3) == 0 ? 0 : rng.between(1, 2'000'000'000'00));
        }
        weights[static_cast<std::size_t>(rng.between(0, static_cast<std::int64_t>(members) - 1))] +=
            1;
        std::optional<Money> threshold;
        if (rng.between(0, 1) == 0) {
            threshold = pence(rng.between(0, 1'000'000'00));
        }
        const Money cap = pence(rng.between(0, 3'000'000'00));
        const rules::RiskPoolInput uncapped{
            .variances = variances, .basis_weights = weights, .threshold = threshold};
        auto capped_input = uncapped;
        capped_input.cap = cap;
        const auto free = rules::settle_risk_pool(uncapped);
        const auto capped = rules::settle_risk_pool(capped_input);
        CAPTURE(c);
        REQUIRE(sum(free) == Money{});
        REQUIRE(sum(capped) == Money{});
        for (std::size_t i = 0; i < members; ++i) {
            CHECK(magnitude(capped[i]) <= cap);
            // The cap only moves a transfer towards zero, never across it.
            CHECK(magnitude(capped[i]) <= magnitude(free[i]));
            CHECK((capped[i].is_zero() || capped[i].is_negative() == free[i].is_negative()));
        }
    }
}

TEST_CASE("risk pool property: without threshold or cap each member ends at its basis share") {
    SplitMix64 rng(0x5157'0002);
    for (int c = 0; c < k_cases; ++c) {
        const auto members = static_cast<std::size_t>(rng.between(1, 8));
        std::vector<Money> variances;
        std::vector<std::int64_t> weights;
        for (std::size_t i = 0; i < members; ++i) {
            variances.push_back(pence(rng.between(-5'000'000'00, 5'000'000'00)));
            weights.push_back(rng.between(0, 2'000'000'000'00));
        }
        weights[0] += 1;
        const auto t = rules::settle_risk_pool({.variances = variances, .basis_weights = weights});
        const auto shares = sum(variances).split(weights);
        CAPTURE(c);
        REQUIRE(sum(t) == Money{});
        for (std::size_t i = 0; i < members; ++i) {
            CHECK(variances[i] + t[i] == shares[i]);
        }
    }
}
