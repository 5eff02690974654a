#pragma once

#include <span>
#include <string>
#include <string_view>

// Internal to scenarios/: helpers for writing error messages.
namespace specflow::scenarios::detail {

// The items with `separator` between them: join({"a", "b"}, ", ") is "a, b".
[[nodiscard]] std::string join(std::span<const std::string_view> items, std::string_view separator);

// How a value from the input is shown in a message: quoted, so that spaces are visible.
[[nodiscard]] std::string in_quotes(std::string_view text);

} // namespace specflow::scenarios::detail
