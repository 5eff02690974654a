// Tests of FinancialYear and FinancialMonth: parsing, labels and ordering.

#include "entities/financial_month.hpp"

#include <compare>
#include <doctest/doctest.h>
#include <stdexcept>

namespace {

using specflow::entities::FinancialMonth;
using specflow::entities::FinancialYear;

constexpr FinancialYear k_2024{2024};

} // namespace

TEST_CASE("FinancialYear::parse accepts YYYY/YY where YY is the next year's last two digits") {
    const auto year = FinancialYear::parse("2024/25");
    REQUIRE(year.has_value());
    CHECK(year->start_year() == 2024);

    const auto turn_of_century = FinancialYear::parse("2099/00"); // 2100 ends in 00
    REQUIRE(turn_of_century.has_value());
    CHECK(turn_of_century->start_year() == 2099);
}

TEST_CASE("FinancialYear::parse refuses anything else") {
    CHECK_FALSE(FinancialYear::parse("2024/26").has_value()); // not the next year
    CHECK_FALSE(FinancialYear::parse("2024/24").has_value());
    CHECK_FALSE(FinancialYear::parse("2024-25").has_value()); // wrong separator
    CHECK_FALSE(FinancialYear::parse("24/25").has_value());   // two-digit start
    CHECK_FALSE(FinancialYear::parse("").has_value());
    CHECK_FALSE(FinancialYear::parse("2024/2025").has_value());
    CHECK_FALSE(FinancialYear::parse("2024/25 ").has_value());
    CHECK_FALSE(FinancialYear::parse("abcd/25").has_value());
    CHECK_FALSE(FinancialYear::parse("2024/2x").has_value());
    CHECK_FALSE(FinancialYear::parse("-024/25").has_value());
}

TEST_CASE("FinancialYear label and next") {
    CHECK(k_2024.label() == "2024/25");
    CHECK(k_2024.next().start_year() == 2025);
    CHECK(k_2024.next().label() == "2025/26");
    CHECK(FinancialYear(2009).label() == "2009/10");
    CHECK(FinancialYear(1999).label() == "1999/00");
    // label and parse are inverses.
    const auto again = FinancialYear::parse(FinancialYear(2031).label());
    REQUIRE(again.has_value());
    CHECK(again->start_year() == 2031);
}

TEST_CASE("FinancialYear ordering") {
    CHECK(FinancialYear(2024) < FinancialYear(2025));
    CHECK_FALSE(FinancialYear(2025) < FinancialYear(2024));
    CHECK(FinancialYear(2024) == FinancialYear(2024));
    CHECK(FinancialYear(2024) != FinancialYear(2025));
    CHECK((FinancialYear(2026) <=> FinancialYear(2025)) == std::strong_ordering::greater);
}

TEST_CASE("FinancialMonth label: year and two-digit month number") {
    CHECK(FinancialMonth{k_2024, 1}.label() == "2024/25 M01");
    CHECK(FinancialMonth{k_2024, 9}.label() == "2024/25 M09");
    CHECK(FinancialMonth{k_2024, 12}.label() == "2024/25 M12");
}

TEST_CASE("FinancialMonth calendar_label: M1 is April of the start year, M10 January of the next") {
    CHECK(FinancialMonth{k_2024, 1}.calendar_label() == "2024-04");
    CHECK(FinancialMonth{k_2024, 2}.calendar_label() == "2024-05");
    CHECK(FinancialMonth{k_2024, 9}.calendar_label() == "2024-12");
    CHECK(FinancialMonth{k_2024, 10}.calendar_label() == "2025-01");
    CHECK(FinancialMonth{k_2024, 11}.calendar_label() == "2025-02");
    CHECK(FinancialMonth{k_2024, 12}.calendar_label() == "2025-03");
}

TEST_CASE("FinancialMonth month_name: April to March") {
    CHECK(FinancialMonth{k_2024, 1}.month_name() == "Apr");
    CHECK(FinancialMonth{k_2024, 6}.month_name() == "Sep");
    CHECK(FinancialMonth{k_2024, 9}.month_name() == "Dec");
    CHECK(FinancialMonth{k_2024, 10}.month_name() == "Jan");
    CHECK(FinancialMonth{k_2024, 12}.month_name() == "Mar");
    // A month outside 1..12 is a programmer's mistake; the name table is bounds-checked.
    const FinancialMonth month_0{k_2024, 0};
    const FinancialMonth month_13{k_2024, 13};
    CHECK_THROWS_AS((void)month_0.month_name(), std::out_of_range);
    CHECK_THROWS_AS((void)month_13.month_name(), std::out_of_range);
}

TEST_CASE("FinancialMonth ordering: by year, then by month") {
    const FinancialMonth march_2025{k_2024, 12};       // M12 of 2024/25
    const FinancialMonth april_2025{k_2024.next(), 1}; // M1 of 2025/26
    CHECK(march_2025 < april_2025);
    CHECK_FALSE(april_2025 < march_2025);
    CHECK(FinancialMonth{k_2024, 3} < FinancialMonth{k_2024, 4});
    CHECK(FinancialMonth{k_2024, 4} > FinancialMonth{k_2024, 3});
    CHECK(FinancialMonth{k_2024, 5} == FinancialMonth{k_2024, 5});
    CHECK(FinancialMonth{k_2024, 5} != FinancialMonth{k_2024, 6});
    CHECK(FinancialMonth{k_2024, 5} != FinancialMonth{k_2024.next(), 5});
    // M12 of 2024/25 (March 2025) comes before M1 of 2025/26 though 12 > 1.
    CHECK(FinancialMonth{k_2024, 12} <= FinancialMonth{k_2024.next(), 1});
}
