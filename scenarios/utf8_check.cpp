#include "scenarios/utf8_check.hpp"

#include <array>

namespace specflow::scenarios::detail {

namespace {

// The length of the UTF-8 sequence starting at `at` (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when it is not one.
std::size_t sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
    const auto continuation = [&](std::size_t i, unsigned char low = 0x80,
                                  unsigned char high = 0xBF) {
        return at + i < text.size() && byte(i) >= low && byte(i) <= high;
    };
    const unsigned char lead = byte(0);
    if (lead < 0x80) {
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        return continuation(1) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
        const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
        return continuation(1, low, high) && continuation(2) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
        const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
        return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
    }
    return 0;
}

} // namespace

std::optional<std::string> text_problem(std::string_view text) {
    std::size_t character = 1;
    for (std::size_t at = 0; at < text.size(); ++character) {
        if (text[at] == '\0') {
            return "a NUL byte at character " + std::to_string(character);
        }
        const std::size_t length = sequence_length(text, at);
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
