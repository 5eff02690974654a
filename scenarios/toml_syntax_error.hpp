#pragma once

#include "scenarios/scenario_error.hpp"

#include <filesystem>
#include <string_view>

// Internal to scenarios/ (needs toml++, a private dependency).
#include <toml++/toml.h>

namespace specflow::scenarios::detail {

// toml++'s syntax error as the loader's positioned error: the field when the line names a key
// (`section.key`), the place where a string that is never closed opens (toml++ reports where
// the file ends), and what would be valid.
[[nodiscard]] ScenarioError toml_syntax_error(std::string_view text,
                                              const std::filesystem::path& file,
                                              const toml::parse_error& error);

} // namespace specflow::scenarios::detail
