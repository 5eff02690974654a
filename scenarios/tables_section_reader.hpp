#pragma once

#include "scenarios/toml_reader.hpp"

#include <filesystem>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// The CSV files named in [tables], resolved against the TOML file's folder.
struct TablePaths {
    std::filesystem::path regions;
    std::filesystem::path icbs;
    std::filesystem::path providers;
    std::filesystem::path service_lines;
    std::filesystem::path costs;
    std::filesystem::path flows;
    std::filesystem::path contracts;
    std::filesystem::path drugs; // optional: empty when [tables] has no drugs key
};

// The [tables] section (docs/scenario-format.md): every key given (drugs may be left out), each
// naming a file that exists. A path is relative to the TOML file, not to the working directory.
[[nodiscard]] TablePaths read_tables_section(const TomlReader& toml, const toml::table& section);

} // namespace specflow::scenarios::detail
