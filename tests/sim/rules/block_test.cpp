// Golden tests of sim/rules/block.hpp: the fixed monthly payment (block, LVA and the API fixed
// element) and what it leaves unfunded; the arithmetic in comments.

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

TEST_CASE("block pays a twelfth of its value whatever the activity") {
    // £1,200,000.05 / 12 = £100,000.00 rem 5p: M1..M5 get £100,000.01, M6..M12 £100,000.00.
    const auto contract = make_contract(ContractKind::block, Money::from_pence(120'000'005));
    CHECK(rules::fixed_monthly_payment(contract.annual_value, 1) == Money::from_pence(10'000'001));
    CHECK(rules::fixed_monthly_payment(contract.annual_value, 5) == Money::from_pence(10'000'001));
    CHECK(rules::fixed_monthly_payment(contract.annual_value, 6) == Money::from_pence(10'000'000));
    CHECK(rules::fixed_monthly_payment(contract.annual_value, 12) == Money::from_pence(10'000'000));
    Money year;
    for (int month = 1; month <= 12; ++month) {
        year += rules::fixed_monthly_payment(contract.annual_value, month);
    }
    CHECK(year == contract.annual_value);
    // 13 cases against a plan of 10: 3 × £1,000 = £3,000 unfunded; below plan nothing is.
    CHECK(rules::fixed_payment_unfunded(value_of(13, 10)) == Int128{3 * 1000 * k_price_pence});
    CHECK(rules::fixed_payment_unfunded(value_of(8, 10)) == Int128{0});
}

TEST_CASE("a payment cut withholds its share of a fixed payment") {
    // £1,200,000 a year → £100,000 a month; a 25% cut withholds £25,000: £75,000 is paid.
    CHECK(rules::fixed_monthly_payment(Money::from_pounds(1'200'000), 3, 2'500) ==
          Money::from_pounds(75'000));
    // £0.12 a year is 1p a month; a 50%
    // cut of 1p is ½p, to even → 0p withheld, 1p paid. A 100% cut pays nothing.
    CHECK(rules::fixed_monthly_payment(Money::from_pence(12), 1, 5'000) == Money::from_pence(1));
    CHECK(rules::fixed_monthly_payment(Money::from_pounds(1'200'000), 1, 10'000) == Money{});
}
