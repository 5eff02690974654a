// Golden tests of the payment rules, one per contract kind, with the arithmetic in comments.
// A fixed £1,000 unit price and a plan of 10 cases a month are used throughout.

#include "sim/rules/activity.hpp"
#include "sim/rules/api.hpp"
#include "sim/rules/block.hpp"
#include "sim/rules/lva.hpp"
#include "sim/rules/lva_value.hpp"
#include "sim/rules/provider_cost.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::entities::Contract;
using specflow::entities::ContractKind;
using specflow::entities::Int128;
using specflow::entities::Money;
using specflow::entities::ProviderCost;
namespace rules = specflow::sim::rules;

constexpr std::int64_t k_price_pence = 1'000'00;

// Activity value in milli-pence for a number of whole cases at £1,000.
rules::ActivityValue value_of(std::int64_t actual_cases, std::int64_t planned_cases) {
    return {static_cast<Int128>(actual_cases) * 1000 * k_price_pence,
            static_cast<Int128>(planned_cases) * 1000 * k_price_pence};
}

Contract make_contract(ContractKind kind, Money value, std::int32_t above_bp = 10'000,
                       std::int32_t below_bp = 10'000) {
    Contract contract;
    contract.kind = kind;
    contract.annual_value = value;
    contract.api_rate_above_bp = above_bp;
    contract.api_rate_below_bp = below_bp;
    return contract;
}

// Whole pence from exact API units (milli-pence × basis points).
Money api_pence(Int128 units) {
    return Money::from_pence(static_cast<std::int64_t>(units / rules::k_api_units_per_penny));
}

} // namespace

TEST_CASE("block pays a twelfth of its value whatever the activity") {
    // £1,200,000.05 / 12 = £100,000.00 rem 5p: M1..M5 get £100,000.01, M6..M12 £100,000.00.
    const auto contract = make_contract(ContractKind::block, Money::from_pence(120'000'005));
    CHECK(rules::block_payment(contract, 1) == Money::from_pence(10'000'001));
    CHECK(rules::block_payment(contract, 5) == Money::from_pence(10'000'001));
    CHECK(rules::block_payment(contract, 6) == Money::from_pence(10'000'000));
    CHECK(rules::block_payment(contract, 12) == Money::from_pence(10'000'000));
    Money year;
    for (int month = 1; month <= 12; ++month) {
        year += rules::block_payment(contract, month);
    }
    CHECK(year == contract.annual_value);
    // 13 cases against a plan of 10: 3 × £1,000 = £3,000 unfunded; below plan nothing is.
    CHECK(rules::fixed_payment_unfunded(value_of(13, 10)) == Int128{3 * 1000 * k_price_pence});
    CHECK(rules::fixed_payment_unfunded(value_of(8, 10)) == Int128{0});
}

TEST_CASE("LVA pays a twelfth of its value whatever the activity") {
    // £240,000 / 12 = £20,000 every month.
    const auto contract = make_contract(ContractKind::lva, Money::from_pounds(240'000));
    for (int month = 1; month <= 12; ++month) {
        CHECK(rules::lva_payment(contract, month) == Money::from_pounds(20'000));
    }
}

TEST_CASE("API at 100% above and below plan") {
    // Fixed £1,200,000 → £100,000 a month.
    const auto contract = make_contract(ContractKind::api, Money::from_pounds(1'200'000));
    CHECK(rules::api_fixed_payment(contract, 1) == Money::from_pounds(100'000));
    // 13 cases, plan 10: (13 − 10) × £1,000 × 100% = +£3,000; the month pays £103,000.
    CHECK(api_pence(rules::api_variable_units(contract, value_of(13, 10))) ==
          Money::from_pounds(3'000));
    // 8 cases: (8 − 10) × £1,000 × 100% = −£2,000; the month pays £98,000.
    CHECK(api_pence(rules::api_variable_units(contract, value_of(8, 10))) ==
          Money::from_pounds(-2'000));
    CHECK(api_pence(rules::api_variable_units(contract, value_of(10, 10))) == Money{});
    CHECK(rules::api_unfunded_units(contract, value_of(13, 10)) == Int128{0});
}

TEST_CASE("API at 75% above plan and 50% below") {
    const auto contract =
        make_contract(ContractKind::api, Money::from_pounds(1'200'000), 7'500, 5'000);
    // 13 cases: 3 × £1,000 × 75% = +£2,250 (the month pays £102,250); £750 is unfunded.
    CHECK(api_pence(rules::api_variable_units(contract, value_of(13, 10))) ==
          Money::from_pounds(2'250));
    CHECK(api_pence(rules::api_unfunded_units(contract, value_of(13, 10))) ==
          Money::from_pounds(750));
    // 8 cases: −2 × £1,000 × 50% = −£1,000 (the month pays £99,000).
    CHECK(api_pence(rules::api_variable_units(contract, value_of(8, 10))) ==
          Money::from_pounds(-1'000));
    CHECK(rules::api_unfunded_units(contract, value_of(8, 10)) == Int128{0});
}

TEST_CASE("activity pays cases times price") {
    // 13 × £1,000 = £13,000, whatever the plan.
    CHECK(rules::activity_payment_milli_pence(value_of(13, 10)) == Int128{13'000'00} * 1000);
    CHECK(rules::activity_payment_milli_pence(value_of(0, 10)) == Int128{0});
}

TEST_CASE("provider cost and pressure") {
    // Fixed £600,000 a year → £50,000 a month.
    const ProviderCost cost{{}, {}, Money::from_pounds(600'000), Money::from_pounds(900)};
    CHECK(rules::fixed_cost(cost, 1) == Money::from_pounds(50'000));
    // Cost £50,000 + 13 × £900 = £61,700 against income £103,000: pressure −£41,300 (a surplus).
    const Money month_cost = rules::fixed_cost(cost, 1) + cost.marginal_per_case * 13;
    CHECK(month_cost == Money::from_pounds(61'700));
    CHECK(rules::pressure(month_cost, Money::from_pounds(103'000)) == Money::from_pounds(-41'300));
    CHECK(rules::pressure(Money::from_pounds(10), Money::from_pounds(4)) == Money::from_pounds(6));
}

TEST_CASE("LVA value for year 4 is the mean of years 1 to 3, uplifted") {
    // Actual values £300,000, £360,000 and £420,000: mean £360,000; uplift 2.9% − 1.1% = 1.8%
    // gives £366,480. A fourth, older year does not count: only the last three do.
    const Money history[] = {Money::from_pounds(900'000), Money::from_pounds(300'000),
                             Money::from_pounds(360'000), Money::from_pounds(420'000)};
    CHECK(rules::lva_value(std::span(history).subspan(1), 180) == Money::from_pounds(366'480));
    CHECK(rules::lva_value(history, 180) == Money::from_pounds(366'480));
    // £100.00, £100.00, £100.01: mean 100.003.. → £100.00; no uplift.
    const Money pennies[] = {Money::from_pence(10'000), Money::from_pence(10'000),
                             Money::from_pence(10'001)};
    CHECK(rules::lva_value(pennies, 0) == Money::from_pence(10'000));
    // One year of history: that year, uplifted 10%: £1,000 → £1,100.
    const Money one[] = {Money::from_pounds(1'000)};
    CHECK(rules::lva_value(one, 1'000) == Money::from_pounds(1'100));
}

TEST_CASE("a payment cut withholds its share of a fixed payment") {
    // £1,200,000 a year → £100,000 a month; a 25% cut withholds £25,000: £75,000 is paid.
    CHECK(rules::fixed_monthly_payment(Money::from_pounds(1'200'000), 3, 2'500) == Money::from_pounds(75'000));
    // £0.12 a year is 1p a month; a 50%
    // cut of 1p is ½p, to even → 0p withheld, 1p paid. A 100% cut pays nothing.
    CHECK(rules::fixed_monthly_payment(Money::from_pence(12), 1, 5'000) == Money::from_pence(1));
    CHECK(rules::fixed_monthly_payment(Money::from_pounds(1'200'000), 1, 10'000) == Money{});
}
