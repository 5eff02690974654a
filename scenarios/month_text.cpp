#include "scenarios/month_text.hpp"

namespace specflow::scenarios::detail {

std::optional<entities::FinancialMonth> parse_financial_month(std::string_view text) {
    constexpr std::size_t k_year_length = 7; // "2024/25"
    constexpr std::string_view k_separator = " M";
    constexpr std::size_t k_length = k_year_length + k_separator.size() + 2;
    if (text.size() != k_length || text.substr(k_year_length, k_separator.size()) != k_separator) {
        return std::nullopt;
    }
    const auto year = entities::FinancialYear::parse(text.substr(0, k_year_length));
    const char tens = text[k_length - 2];
    const char units = text[k_length - 1];
    if (!year || tens < '0' || tens > '9' || units < '0' || units > '9') {
        return std::nullopt;
    }
    const int month = (tens - '0') * 10 + (units - '0');
    if (month < 1 || month > entities::k_months_per_year) {
        return std::nullopt;
    }
    return entities::FinancialMonth{*year, month};
}

} // namespace specflow::scenarios::detail
