#pragma once

#include "entities/arrangement.hpp"
#include "entities/shock.hpp"
#include "scenarios/entry_reader.hpp"
#include "scenarios/toml_reader.hpp"

#include <span>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// Shocks that each make sense alone but not together: two delegation changes of one ICB in one
// financial year with different statuses, two payment basis changes of one line for
// overlapping contracts in one financial year with different kinds, repatriations of one flow
// that move more than all of it at once, and two disputes of one participant of an arrangement
// (`arrangements[i]` is a dispute's arrangement i) that withhold in the same month. The later
// shock in the file is reported. `tables[i]` is the [[shocks]] entry that `shocks[i]` was read
// from.
void check_shock_conflicts(const TomlReader& toml, const References& refs,
                           std::span<const entities::LeadArrangement> arrangements,
                           std::span<const toml::table* const> tables,
                           std::span<const entities::Shock> shocks);

} // namespace specflow::scenarios::detail
