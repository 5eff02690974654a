#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace specflow::scenarios {

inline constexpr std::string_view k_default_scenario = "england-2026-27";

// The TOML file of a built-in scenario, by name ("england-2024-25"). Looks in the source tree
// the program was built from, then in ../share/specflow/scenarios next to the executable.
// Throws ScenarioError when there is no such scenario.
[[nodiscard]] std::filesystem::path builtin_scenario_path(std::string_view name);

// The names of the built-in scenarios, sorted, from every place builtin_scenario_path looks.
[[nodiscard]] std::vector<std::string> builtin_scenarios();

} // namespace specflow::scenarios
