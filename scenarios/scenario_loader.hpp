#pragma once

#include "entities/scenario.hpp"

#include <filesystem>
#include <vector>

namespace specflow::scenarios {

// Reads a scenario TOML file and the CSV tables it names (docs/scenario-format.md), validates
// everything, and returns a Scenario whose cross-references are indices. Throws ScenarioError
// on the first problem found; nothing is returned half loaded.
[[nodiscard]] entities::Scenario load_scenario(const std::filesystem::path& toml_path);

// Every file a scenario is made of, for the record: the TOML file, any it extends, and the
// CSV tables named in [tables], in that order. Throws ScenarioError as load_scenario does.
[[nodiscard]] std::vector<std::filesystem::path>
scenario_files(const std::filesystem::path& toml_path);

} // namespace specflow::scenarios
