// Financial months as text.
#include "scenarios/month_text.hpp"

#include <doctest/doctest.h>
#include <string_view>

namespace {

specflow::entities::FinancialMonth month(int year, int number) {
    return specflow::entities::FinancialMonth{specflow::entities::FinancialYear(year), number};
}

} // namespace

TEST_CASE("financial months parse as YYYY/YY Mnn with nn from 01 to 12") {
    using specflow::scenarios::detail::parse_financial_month;
    CHECK(parse_financial_month("2024/25 M01") == month(2024, 1));
    CHECK(parse_financial_month("2025/26 M12") == month(2025, 12));
    for (const std::string_view bad :
         {"2024/25 M00", "2024/25 M13", "2024/25 M7", "2024/25 m07", "2024/25  M07", "2024/26 M07",
          "2024/25M07", "2024/25 M0a", "", "2024/25 M071"}) {
        INFO("text: ", bad);
        CHECK_FALSE(parse_financial_month(bad).has_value());
    }
}
