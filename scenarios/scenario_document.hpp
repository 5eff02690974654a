#pragma once

#include <filesystem>
#include <toml++/toml.h>
#include <vector>

// Internal to scenarios/ (toml++ is a private dependency of the library).
namespace specflow::scenarios::detail {

// A scenario's TOML file with the files it extends ([scenario].extends) merged under it.
struct ScenarioDocument {
    // The file's keys over its base's (merge_scenario: tables key by key, entries of arrays of
    // tables by their keys, anything else replaced). A base's [tables] paths are made absolute,
    // so that they still name its own files.
    toml::table root;
    // Every file the scenario is made of, for the record: the TOML file, the files it extends
    // (the nearest first), then the paths named in the merged [tables], in key order. The
    // tables are only named here; reading [tables] checks them.
    std::vector<std::filesystem::path> files;
};

// Reads the TOML file and the chain of files it extends, each once. Throws ScenarioError for a
// file that cannot be opened or is not TOML, and for an extends that is not a string, names no
// file, or goes more than four levels deep (as a circle does).
[[nodiscard]] ScenarioDocument read_scenario_document(const std::filesystem::path& toml_path);

} // namespace specflow::scenarios::detail
