// Golden tests of sim/rules/api.hpp: the variable element above and below plan, and what
// the rate above plan leaves unfunded; the arithmetic in comments.

#include "sim/rules/api.hpp"
#include "sim/rules/block.hpp"
#include "tests/sim/rules/payment_values.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::entities::Contract;
using specflow::entities::ContractKind;
using specflow::entities::Int128;
using specflow::entities::Money;
namespace rules = specflow::sim::rules;
using namespace specflow::sim::rules::testing;

} // namespace

TEST_CASE("API at 100% above and below plan") {
    // Fixed £1,200,000 → £100,000 a month.
    const auto contract = make_contract(ContractKind::api, Money::from_pounds(1'200'000));
    CHECK(rules::fixed_monthly_payment(contract.annual_value, 1) == Money::from_pounds(100'000));
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
