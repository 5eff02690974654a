#include "entities/financial_month.hpp"

#include <array>
#include <charconv>

namespace specflow::entities {

std::optional<FinancialYear> FinancialYear::parse(std::string_view text) {
    if (text.size() != 7 || text[4] != '/') {
        return std::nullopt;
    }
    int first = 0;
    int second = 0;
    const auto a = std::from_chars(text.data(), text.data() + 4, first);
    const auto b = std::from_chars(text.data() + 5, text.data() + 7, second);
    if (a.ec != std::errc{} || a.ptr != text.data() + 4 || b.ec != std::errc{} ||
        b.ptr != text.data() + 7 || first < 1990 || first > 2200 || (first + 1) % 100 != second) {
        return std::nullopt;
    }
    return FinancialYear(first);
}

namespace {
std::string two_digits(int value) {
    return {static_cast<char>('0' + value / 10 % 10), static_cast<char>('0' + value % 10)};
}
} // namespace

std::string FinancialYear::label() const {
    return std::to_string(start_year_) + "/" + two_digits((start_year_ + 1) % 100);
}

std::string FinancialMonth::label() const {
    return year.label() + " M" + two_digits(month);
}

std::string FinancialMonth::calendar_label() const {
    const int calendar_month = (month + 2) % 12 + 1; // M1 = April
    const int calendar_year = year.start_year() + (month >= 10 ? 1 : 0);
    return std::to_string(calendar_year) + "-" + two_digits(calendar_month);
}

std::string_view FinancialMonth::month_name() const {
    static constexpr std::array<std::string_view, 12> names = {
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"};
    return names.at(static_cast<std::size_t>(month - 1));
}

} // namespace specflow::entities
