// The arrangement rules (DESIGN.md §6): risk-pool settlement and lead-ICB recharges with
// disputes. Golden cases worked by hand in the comments, then properties over 1,000 random
// inputs each.

#include "../support/random_scenario.hpp"
#include "sim/rules/lead_icb.hpp"
#include "sim/rules/risk_pool.hpp"

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

Money pounds(std::int64_t value) {
    return Money::from_pounds(value);
}
Money pence(std::int64_t value) {
    return Money::from_pence(value);
}

constexpr int k_cases = 1'000;

// Three members with equal weights: underspend £30, overspend £90, on budget.
const std::vector<Money> k_variances{pounds(30), pounds(-90), pounds(0)};
const std::vector<std::int64_t> k_equal{1, 1, 1};

Money sum(const std::vector<Money>& amounts) {
    Money total;
    for (const auto amount : amounts) {
        total += amount;
    }
    return total;
}

Money magnitude(Money amount) {
    return amount.is_negative() ? -amount : amount;
}

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

TEST_CASE("recharge golden: equal shares, the odd penny to the first") {
    // £1,000.00 = 100,000p by 1:1:1 → 33,333.33 each; the leftover penny to the earliest.
    const std::vector<std::int64_t> shares{1, 1, 1};
    const auto r = rules::recharge({.host_payments = pounds(1'000), .shares = shares}, {});
    CHECK(r.due == std::vector<Money>{pence(33'334), pence(33'333), pence(33'333)});
    CHECK_FALSE(r.fell_back);
}

TEST_CASE("recharge golden: no activity falls back to plan shares") {
    // No activity at all; plan 2:1:1 → 100,000p × 2/4, 1/4, 1/4 = £500, £250, £250.
    const std::vector<std::int64_t> activity{0, 0, 0};
    const std::vector<std::int64_t> plan{2, 1, 1};
    const auto r = rules::recharge({.host_payments = pounds(1'000), .shares = activity}, plan);
    CHECK(r.due == std::vector<Money>{pounds(500), pounds(250), pounds(250)});
    CHECK(r.fell_back);
}

TEST_CASE("recharge golden: with no plan either the host bears everything") {
    const std::vector<std::int64_t> zeros{0, 0, 0};
    const auto r =
        rules::recharge({.host_payments = pounds(1'000), .shares = zeros, .host_index = 1}, zeros);
    CHECK(r.due == std::vector<Money>{Money{}, pounds(1'000), Money{}});
    CHECK(r.fell_back);
}

TEST_CASE("dispute golden: a quarter withheld, ties to even") {
    // 33,334p × 2,500 / 10,000 = 8,333.5p → nearest even 8,334p withheld; paid 25,000p.
    const auto d = rules::dispute(pence(33'334), 2'500);
    CHECK(d.withheld == pence(8'334));
    CHECK(d.paid == pounds(250));
}

TEST_CASE("recharge and dispute refuse programmer errors") {
    const std::vector<std::int64_t> shares{1, 1};
    const std::vector<std::int64_t> negative{1, -1};
    const std::vector<std::int64_t> zeros{0, 0};
    const std::vector<std::int64_t> three{1, 1, 1};
    CHECK_THROWS_AS(
        (void)rules::recharge({.host_payments = pounds(1), .shares = shares, .host_index = 2}, {}),
        std::invalid_argument);
    CHECK_THROWS_AS((void)rules::recharge({.host_payments = pounds(1), .shares = negative}, {}),
                    std::invalid_argument);
    CHECK_THROWS_AS((void)rules::recharge({.host_payments = pounds(1), .shares = zeros}, three),
                    std::invalid_argument);
    CHECK_THROWS_AS((void)rules::dispute(pounds(1), -1), std::invalid_argument);
    CHECK_THROWS_AS((void)rules::dispute(pounds(1), 10'001), std::invalid_argument);
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

TEST_CASE("recharge property: the dues sum to the host's payments exactly") {
    SplitMix64 rng(0x1EAD'0001);
    for (int c = 0; c < k_cases; ++c) {
        const auto participants = static_cast<std::size_t>(rng.between(1, 10));
        const bool no_activity = rng.between(0, 3) == 0;
        const bool no_plan = rng.between(0, 1) == 0;
        std::vector<std::int64_t> shares;
        std::vector<std::int64_t> plan;
        for (std::size_t i = 0; i < participants; ++i) {
            shares.push_back(no_activity ? 0 : rng.between(0, 5'000'000));
            plan.push_back(no_plan ? 0 : rng.between(0, 5'000'000));
        }
        const Money paid = pence(rng.between(0, 50'000'000'00));
        const auto host =
            static_cast<std::size_t>(rng.between(0, static_cast<std::int64_t>(participants) - 1));
        const auto r =
            rules::recharge({.host_payments = paid, .shares = shares, .host_index = host}, plan);
        const bool any_activity =
            std::any_of(shares.begin(), shares.end(), [](auto s) { return s > 0; });
        const bool any_plan = std::any_of(plan.begin(), plan.end(), [](auto s) { return s > 0; });
        CAPTURE(c);
        REQUIRE(r.due.size() == participants);
        CHECK(sum(r.due) == paid);
        CHECK(r.fell_back == !any_activity);
        if (!any_activity && !any_plan) {
            CHECK(r.due[host] == paid);
        }
    }
}

TEST_CASE("dispute property: paid and withheld add up to the due") {
    SplitMix64 rng(0xD15B'0001);
    for (int c = 0; c < k_cases; ++c) {
        const Money due = pence(rng.between(-50'000'000'00, 50'000'000'00));
        const auto bp = static_cast<std::int32_t>(rng.between(0, 10'000));
        const auto d = rules::dispute(due, bp);
        CAPTURE(c);
        CHECK(d.paid + d.withheld == due);
        CHECK(magnitude(d.withheld) <= magnitude(due));
    }
}
