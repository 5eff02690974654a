#pragma once

#include <toml++/toml.h>

// Internal to scenarios/ (toml++ is a private dependency of the library).
namespace specflow::scenarios::detail {

// Merges a scenario file over the scenario it extends (docs/scenario-format.md, "Building on
// another scenario"). Tables merge key by key and any other value replaces the base's. The
// arrays of tables whose entries have a key — [[lead_icb]] and [[risk_pool]] by `code`,
// [[shocks]] by `code` (a base shock without one by the `<kind>-<n>` it would be given),
// [[reconfiguration]] by `start` and [[allocation.years]] by `financial_year` — are merged
// entry by entry: an entry whose key a base entry has replaces that entry in place (a year
// entry only key by key), and any other entry is appended. Before that, the child's [remove]
// table drops base entries by key; it is taken out of `child`.
//
// The child's nodes are moved, not copied, so that each keeps its place in its own file for
// messages. Throws ScenarioError, at the item in [remove], for a key no base entry has, one
// listed twice, one the child also defines, and for a [remove] that is not as documented.
void merge_scenario(toml::table& base, toml::table& child);

} // namespace specflow::scenarios::detail
