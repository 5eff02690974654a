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
