// Tests of Accrual: paying whole pence out of amounts kept in fractions of a penny, so that
// the total paid to date is always the exact total to date rounded once.

#include "entities/accrual.hpp"

#include <array>
#include <cstdint>
#include <doctest/doctest.h>
#include <limits>

namespace {

using specflow::entities::Accrual;
using specflow::entities::Int128;
using specflow::entities::MoneyOverflow;
using specflow::entities::Rounding;

constexpr int k_months = 12;

} // namespace

TEST_CASE("Accrual: a third of a penny a month for a year pays 4 pence, never drifting") {
    // Units of a third of a penny; one unit a month. The exact amount to date after month m
    // is m/3 pence, and the paid-to-date must equal it rounded to the nearest (no tie arises
    // with thirds):
    //   m        1    2    3    4    5    6    7    8    9   10   11   12
    //   m/3    .33  .67    1 1.33 1.67    2 2.33 2.67    3 3.33 3.67    4
    //   round    0    1    1    1    2    2    2    3    3    3    4    4
    // Rounding each month on its own would pay round(1/3) = 0 every month: nothing at all.
    constexpr std::array<std::int64_t, k_months> paid_to_date_expected = {0, 1, 1, 1, 2, 2,
                                                                          2, 3, 3, 3, 4, 4};
    constexpr std::array<std::int64_t, k_months> payment_expected = {0, 1, 0, 0, 1, 0,
                                                                     0, 1, 0, 0, 1, 0};
    Accrual accrual(3, Rounding::nearest_even);
    std::int64_t paid_to_date = 0;
    for (int month = 0; month < k_months; ++month) {
        CAPTURE(month);
        accrual.add_units(1);
        const std::int64_t payment = accrual.settle().pence();
        paid_to_date += payment;
        CHECK(payment == payment_expected[static_cast<std::size_t>(month)]);
        CHECK(paid_to_date == paid_to_date_expected[static_cast<std::size_t>(month)]);
    }
    CHECK(paid_to_date == 4);
}

TEST_CASE("Accrual: the default rounding is nearest_even, and ties go to the even penny") {
    // Units of half a penny; one unit a month: m/2 pence to date.
    //   m        1    2    3    4    5    6    7    8
    //   m/2     .5    1  1.5    2  2.5    3  3.5    4
    //   even     0    1    2    2    2    3    4    4   (nearest_away would pay 1 in month 1)
    constexpr std::array<std::int64_t, 8> payment_expected = {0, 1, 1, 0, 0, 1, 1, 0};
    Accrual accrual(2); // nearest_even by default
    std::int64_t paid_to_date = 0;
    for (std::size_t month = 0; month < payment_expected.size(); ++month) {
        CAPTURE(month);
        accrual.add_units(1);
        const std::int64_t payment = accrual.settle().pence();
        paid_to_date += payment;
        CHECK(payment == payment_expected[month]);
    }
    CHECK(paid_to_date == 4);
}

TEST_CASE("Accrual: the rounding asked for is the one used") {
    // A third of a penny in month 1, then a third more each month.
    //   to date   1/3  2/3  3/3
    //   up          1    1    1   → payments 1, 0, 0
    //   down        0    0    1   → payments 0, 0, 1
    Accrual up(3, Rounding::up);
    Accrual down(3, Rounding::down);
    constexpr std::array<std::int64_t, 3> up_expected = {1, 0, 0};
    constexpr std::array<std::int64_t, 3> down_expected = {0, 0, 1};
    for (std::size_t month = 0; month < 3; ++month) {
        CAPTURE(month);
        up.add_units(1);
        down.add_units(1);
        CHECK(up.settle().pence() == up_expected[month]);
        CHECK(down.settle().pence() == down_expected[month]);
    }
}

TEST_CASE("Accrual: negative accruals pay negative pence, mirroring positive ones") {
    // −1/3 penny a month: −m/3 to date, rounded to the nearest:
    //   m        1     2     3     4     5     6
    //   round    0    −1    −1    −1    −2    −2   → payments 0, −1, 0, 0, −1, 0
    constexpr std::array<std::int64_t, 6> payment_expected = {0, -1, 0, 0, -1, 0};
    Accrual accrual(3);
    std::int64_t paid_to_date = 0;
    for (std::size_t month = 0; month < payment_expected.size(); ++month) {
        CAPTURE(month);
        accrual.add_units(-1);
        const std::int64_t payment = accrual.settle().pence();
        paid_to_date += payment;
        CHECK(payment == payment_expected[month]);
    }
    CHECK(paid_to_date == -2);
}

TEST_CASE("Accrual: a later negative accrual claws back a penny already paid") {
    Accrual accrual(3);
    accrual.add_units(2); // 2/3 → round 1: pay 1
    CHECK(accrual.settle().pence() == 1);
    accrual.add_units(-2); // 0 → round 0: pay −1
    CHECK(accrual.settle().pence() == -1);
    accrual.add_units(-5); // −5/3 = −1.67 → −2: pay −2
    CHECK(accrual.settle().pence() == -2);
    accrual.add_units(11); // 6/3 = 2: pay 2 − (−2) = 4
    CHECK(accrual.settle().pence() == 4);
}

TEST_CASE("Accrual: settling twice with nothing new pays nothing the second time") {
    Accrual accrual(100);
    accrual.add_units(250); // 2.5 → 2 (even)
    CHECK(accrual.settle().pence() == 2);
    CHECK(accrual.settle().pence() == 0);
    accrual.add_units(50); // 3.0 → 3: one more
    CHECK(accrual.settle().pence() == 1);
}

TEST_CASE("Accrual: reset forgets both the exact amount and what was paid") {
    Accrual accrual(3);
    accrual.add_units(2); // 2/3 → 1
    CHECK(accrual.settle().pence() == 1);
    accrual.reset();
    // After a full reset: 1/3 → 0, then 2/3 → 1, so the settles pay 0 then 1. Had reset
    //   kept both:               3/3 → 1 − 1 paid = 0, then 4/3 → 1 − 1 = 0   (0, 0)
    //   kept only the units:     3/3 → 1 − 0 paid = 1                          (1, ...)
    //   kept only the payment:   1/3 → 0 − 1 paid = −1                         (−1, ...)
    accrual.add_units(1);
    CHECK(accrual.settle().pence() == 0);
    accrual.add_units(1);
    CHECK(accrual.settle().pence() == 1);
}

TEST_CASE("Accrual: a payment that does not fit in 64-bit pence throws MoneyOverflow") {
    Accrual accrual(1);
    // 2^63 pence due at once is one penny more than INT64_MAX.
    accrual.add_units(static_cast<Int128>(std::numeric_limits<std::int64_t>::max()) + 1);
    CHECK_THROWS_AS((void)accrual.settle(), MoneyOverflow);
}
