#pragma once

#include "entities/scenario.hpp"
#include "scenarios/allocation_reader.hpp"
#include "scenarios/toml_reader.hpp"

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// The [policy] section (docs/scenario-format.md): API rates, the LVA threshold, NHS England's
// direct budget (refused when the allocation pipeline sets it), the monthly profile and the
// month forecast outturns are reported from. Keys left out keep entities::Policy's defaults.
[[nodiscard]] entities::Policy read_policy_section(const TomlReader& toml,
                                                   const toml::table& section, Budgets budgets);

} // namespace specflow::scenarios::detail
