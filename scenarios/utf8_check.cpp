#include "scenarios/utf8_check.hpp"

#include "entities/utf8_text.hpp"

#include <array>

namespace specflow::scenarios::detail {

std::optional<std::string> text_problem(std::string_view text) {
    std::size_t character = 1;
    for (std::size_t at = 0; at < text.size(); ++character) {
        if (text[at] == '\0') {
            return "a NUL byte at character " + std::to_string(character);
        }
        const std::size_t length = entities::utf8_sequence_length(text, at);
        if (length == 0) {
            constexpr std::array<char, 16> k_hex{'0', '1', '2', '3', '4', '5', '6', '7',
                                                 '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
            const auto byte = static_cast<unsigned char>(text[at]);
            return std::string("a byte that is not UTF-8 (0x") + k_hex[byte >> 4U] +
                   k_hex[byte & 0xFU] + ") at character " + std::to_string(character);
        }
        at += length;
    }
    return std::nullopt;
}

} // namespace specflow::scenarios::detail
