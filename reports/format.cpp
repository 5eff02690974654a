#include "reports/format.hpp"

#include <fmt/format.h>

namespace specflow::reports {

using entities::Money;

namespace {

std::string group_thousands(std::uint64_t value) {
    const std::string digits = std::to_string(value);
    std::string grouped;
    grouped.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            grouped += ',';
        }
        grouped += digits[i];
    }
    return grouped;
}

std::uint64_t magnitude(Money amount) {
    const auto pence = amount.pence();
    return pence < 0 ? 0 - static_cast<std::uint64_t>(pence) : static_cast<std::uint64_t>(pence);
}

const std::string k_nhse_code = "NHSE";
const std::string k_nhse_name = "NHS England";

} // namespace

std::string format_pounds(Money amount) {
    const auto pence = magnitude(amount);
    return fmt::format("{}£{}.{:02}", amount.is_negative() ? "-" : "", group_thousands(pence / 100),
                       pence % 100);
}

std::string format_threshold(Money amount) {
    constexpr std::int64_t k_pence_per_tenth_million = 10'000'000;
    if (amount.pence() != 0 && amount.pence() % k_pence_per_tenth_million == 0) {
        return format_millions(amount);
    }
    auto text = format_pounds(amount);
    return text.ends_with(".00") ? text.substr(0, text.size() - 3) : text;
}

std::string format_millions(Money amount) {
    constexpr std::uint64_t k_pence_per_tenth_million = 100'000 * 100;
    const auto tenths =
        (magnitude(amount) + k_pence_per_tenth_million / 2) / k_pence_per_tenth_million;
    const bool negative = amount.is_negative() && tenths > 0;
    return fmt::format("{}£{}.{}m", negative ? "-" : "", group_thousands(tenths / 10), tenths % 10);
}

const std::string& payer_code(const entities::Scenario& scenario, const entities::Payer& payer) {
    return payer.is_nhse() ? k_nhse_code : scenario.icbs[payer.icb->index()].code;
}

const std::string& payer_name(const entities::Scenario& scenario, const entities::Payer& payer) {
    return payer.is_nhse() ? k_nhse_name : scenario.icbs[payer.icb->index()].name;
}

} // namespace specflow::reports
