#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Internal to scenarios/: text a scenario may hold. Names and codes end up in the store, in
// JSON and in HTML, which all need UTF-8, and a NUL byte would cut a name short in C APIs: both
// are refused where they are read.
namespace specflow::scenarios::detail {

// What is wrong with the text ("a byte that is not UTF-8 (0xFF) at character 7", "a NUL byte
// at character 3"), or nothing when it is valid UTF-8 without NUL bytes.
[[nodiscard]] std::optional<std::string> text_problem(std::string_view text);

} // namespace specflow::scenarios::detail
