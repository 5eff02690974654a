#pragma once

#include "entities/arrangement.hpp"
#include "entities/shock.hpp"
#include "scenarios/entry_reader.hpp"
#include "scenarios/toml_reader.hpp"

#include <vector>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// The [[shocks]] entries of the root table (docs/scenario-format.md): each kind's keys, codes
// resolved (a dispute's arrangement among `arrangements`), ranges, and no two shocks that
// contradict each other. Whether a shock starts inside the run depends on how many years are
// run, which the loader does not know.
[[nodiscard]] std::vector<entities::Shock>
read_shocks(const TomlReader& toml, const toml::table& root, const References& refs,
            const std::vector<entities::LeadArrangement>& arrangements);

} // namespace specflow::scenarios::detail
