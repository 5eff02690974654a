#pragma once

#include "entities/financial_month.hpp"

#include <optional>
#include <string_view>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// What a month in the scenario file looks like, for messages.
inline constexpr std::string_view k_month_valid =
    "a financial month \"YYYY/YY Mnn\" with nn from 01 to 12, e.g. \"2024/25 M07\"";

// Parses "2024/25 M07": a financial year as FinancialYear::parse reads it, one space, 'M' and
// two digits from 01 to 12. Anything else (M7, M13, two spaces) is nullopt.
[[nodiscard]] std::optional<entities::FinancialMonth> parse_financial_month(std::string_view text);

} // namespace specflow::scenarios::detail
