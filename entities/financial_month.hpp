#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace specflow::entities {

// A financial year, 1 April to 31 March, named by the calendar year it starts in: 2024 is
// "2024/25".
class FinancialYear {
public:
    constexpr explicit FinancialYear(int start_year) noexcept : start_year_(start_year) {}
    // Parses "2024/25"; the second part must be the next year's last two digits.
    [[nodiscard]] static std::optional<FinancialYear> parse(std::string_view text);

    [[nodiscard]] constexpr int start_year() const noexcept { return start_year_; }
    [[nodiscard]] constexpr FinancialYear next() const noexcept {
        return FinancialYear(start_year_ + 1);
    }
    [[nodiscard]] std::string label() const; // "2024/25"

    friend constexpr auto operator<=>(FinancialYear, FinancialYear) noexcept = default;

private:
    int start_year_;
};

inline constexpr int k_months_per_year = 12;

// A month of a financial year: M1 is April, M12 is March.
struct FinancialMonth {
    FinancialYear year;
    int month; // 1..12

    [[nodiscard]] std::string label() const;           // "2024/25 M01"
    [[nodiscard]] std::string calendar_label() const;  // "2024-04"
    [[nodiscard]] std::string_view month_name() const; // "Apr"

    friend constexpr auto operator<=>(const FinancialMonth&,
                                      const FinancialMonth&) noexcept = default;
};

} // namespace specflow::entities
