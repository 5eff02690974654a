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

} // namespace specflow::scenarios::detail
