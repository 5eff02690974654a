#pragma once

#include <filesystem>
#include <string_view>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// The most dots a line of a scenario's TOML file may hold outside strings and comments: enough
// for any key (a.b.c has two) and for rows of decimals, far fewer than overflow the parser.
inline constexpr int k_toml_line_dots_max = 256;

// Refuses TOML text with a line of more than k_toml_line_dots_max dots outside strings and
// comments, before toml++ reads it: toml++ reads a dotted key one stack frame per part, and a
// key of some 100,000 parts (200 kB) overflows the stack. Throws ScenarioError naming the line
// and the column of the first dot too many.
void check_toml_line_dots(std::string_view text, const std::filesystem::path& file);

} // namespace specflow::scenarios::detail
