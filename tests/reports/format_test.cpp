#include "reports/format.hpp"

#include <doctest/doctest.h>

using specflow::entities::Money;
using specflow::reports::format_millions;
using specflow::reports::format_pounds;

TEST_CASE("pounds with separators") {
    CHECK(format_pounds(Money::from_pence(123456789)) == "£1,234,567.89");
    CHECK(format_pounds(Money::from_pence(-1200)) == "-£12.00");
    CHECK(format_pounds(Money::from_pence(5)) == "£0.05");
    CHECK(format_pounds(Money::from_pence(100000)) == "£1,000.00");
    CHECK(format_pounds(Money::from_pence(99999)) == "£999.99");
}

TEST_CASE("millions to one decimal, half away from zero") {
    // £1,234,549,999.99 → 1,234.549... → £1,234.5m; £1,234,550,000.00 → £1,234.6m.
    CHECK(format_millions(Money::from_pence(123'454'999'999)) == "£1,234.5m");
    CHECK(format_millions(Money::from_pence(123'455'000'000)) == "£1,234.6m");
    CHECK(format_millions(Money::from_pence(-4'950'000'00)) == "-£5.0m");
    CHECK(format_millions(Money::from_pence(-4'000'00)) == "£0.0m"); // no "-£0.0m"
    CHECK(format_millions(Money{}) == "£0.0m");
}

TEST_CASE("a threshold is shown exactly: £m when a whole £0.1m, else pounds") {
    using specflow::reports::format_threshold;
    CHECK(format_threshold(Money{}) == "£0");
    CHECK(format_threshold(Money::from_pence(200'000'000)) == "£2.0m");
    CHECK(format_threshold(Money::from_pence(-10'000'000)) == "-£0.1m");
    // Below £0.1m, or not a whole £0.1m, it would round to another amount.
    CHECK(format_threshold(Money::from_pence(2'500'000)) == "£25,000");
    CHECK(format_threshold(Money::from_pence(-123'456)) == "-£1,234.56");
    CHECK(format_threshold(Money::from_pence(125'000'000)) == "£1,250,000");
}
