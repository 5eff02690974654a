// Tests of sim/rules/lead_icb.hpp (DESIGN.md §6): recharges and disputes, golden cases worked
// by hand in the comments, then properties over 1,000 random inputs.

#include "sim/rules/lead_icb.hpp"
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

} // namespace

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
