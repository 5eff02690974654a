#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

// Internal to scenarios/: helpers for writing error messages.
namespace specflow::scenarios::detail {

// The items with `separator` between them: join({"a", "b"}, ", ") is "a, b".
[[nodiscard]] std::string join(std::span<const std::string_view> items, std::string_view separator);

// How a value from the input is shown in a message: quoted, so that spaces are visible.
[[nodiscard]] std::string in_quotes(std::string_view text);

// Basis points as the percentage a user would write: 850 is "8.5", 10000 is "100".
[[nodiscard]] std::string percent_text(std::int64_t value_bp);

} // namespace specflow::scenarios::detail
