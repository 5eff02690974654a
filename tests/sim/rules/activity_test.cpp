// Golden test of sim/rules/activity.hpp.

#include "sim/rules/activity.hpp"
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

TEST_CASE("activity pays cases times price") {
    // 13 × £1,000 = £13,000, whatever the plan.
    CHECK(rules::activity_payment_milli_pence(value_of(13, 10)) == Int128{13'000'00} * 1000);
    CHECK(rules::activity_payment_milli_pence(value_of(0, 10)) == Int128{0});
}
