#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// UTF-8 as the outputs need it. A scenario's names are checked when read
// (scenarios/utf8_check.hpp), but a store written before that check may hold a name that is
// not UTF-8; every output that must be UTF-8 (CSV, a workbook's XML, HTML) shows such a byte as
// U+FFFD rather than write a file its reader refuses.
namespace specflow::entities {

// The length of the UTF-8 sequence that starts at `at` (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when none does.
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view text, std::size_t at) noexcept;

// `text` with each byte that starts no UTF-8 sequence replaced by U+FFFD (the text itself when
// it is valid, as almost every text is).
[[nodiscard]] std::string with_valid_utf8(std::string_view text);

} // namespace specflow::entities
