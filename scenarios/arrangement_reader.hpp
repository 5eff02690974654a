#pragma once

#include "entities/arrangement.hpp"
#include "scenarios/entry_reader.hpp"
#include "scenarios/toml_reader.hpp"

#include <vector>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// The [[lead_icb]] entries of the root table (docs/scenario-format.md): codes resolved, the host
// among the participants, and no ICB in two arrangements that share a provider.
[[nodiscard]] std::vector<entities::LeadArrangement>
read_lead_arrangements(const TomlReader& toml, const toml::table& root, const References& refs);

// The [[risk_pool]] entries: codes resolved, and no ICB in two pools.
[[nodiscard]] std::vector<entities::RiskPool>
read_risk_pools(const TomlReader& toml, const toml::table& root, const References& refs);

} // namespace specflow::scenarios::detail
