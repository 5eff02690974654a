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
    std::filesystem::path drugs;     // optional: empty when [tables] has no drugs key
    std::filesystem::path icb_needs; // optional: populations and need indices by FY
};

// The CSV file a TOML string names, relative to the TOML file's folder; it must exist.
// `example` names a file in the message for an empty string ("icbs" gives "icbs.csv").
[[nodiscard]] std::filesystem::path table_path(const TomlReader& toml, const toml::node& node,
                                               const std::string& field, std::string_view example);

// The [tables] section (docs/scenario-format.md): every key given (drugs and icb_needs may be left
// out), each naming a file that exists. A path is relative to the TOML file, not to the working
// directory.
[[nodiscard]] TablePaths read_tables_section(const TomlReader& toml, const toml::table& section);

} // namespace specflow::scenarios::detail
