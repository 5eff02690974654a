// Golden test of sim/rules/provider_cost.hpp: fixed cost in twelfths, and pressure.

#include "sim/rules/provider_cost.hpp"
#include "tests/sim/rules/payment_values.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::entities::Contract;
using specflow::entities::ContractKind;
using specflow::entities::Int128;
using specflow::entities::Money;
namespace rules = specflow::sim::rules;
using namespace specflow::sim::rules::testing;
using specflow::entities::ProviderCost;

} // namespace

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
