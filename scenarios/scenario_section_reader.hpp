#pragma once

#include "entities/scenario.hpp"
#include "scenarios/toml_reader.hpp"

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// The [scenario] section (docs/scenario-format.md): a scenario with its name, title, question,
// first financial year and seed set, and nothing else yet. The section's extends key was
// followed when the document was read.
[[nodiscard]] entities::Scenario read_scenario_section(const TomlReader& toml,
                                                       const toml::table& section);

} // namespace specflow::scenarios::detail
