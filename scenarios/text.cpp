#include "scenarios/text.hpp"

namespace specflow::scenarios::detail {

std::string join(std::span<const std::string_view> items, std::string_view separator) {
    std::string out;
    for (const auto item : items) {
        if (!out.empty()) {
            out += separator;
        }
        out += item;
    }
    return out;
}

std::string in_quotes(std::string_view text) {
    return text.empty() ? std::string("an empty field") : "'" + std::string(text) + "'";
}

std::string percent_text(std::int64_t value_bp) {
    constexpr std::int64_t k_bp_per_percent = 100;
    const std::int64_t magnitude = value_bp < 0 ? -value_bp : value_bp;
    std::string text = (value_bp < 0 ? "-" : "") + std::to_string(magnitude / k_bp_per_percent);
    if (const std::int64_t fraction = magnitude % k_bp_per_percent; fraction != 0) {
        text += "." + std::to_string(fraction / 10) + std::to_string(fraction % 10);
        if (text.back() == '0') {
            text.pop_back();
        }
    }
    return text;
}

} // namespace specflow::scenarios::detail
