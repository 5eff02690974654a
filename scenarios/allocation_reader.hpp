#pragma once

#include "entities/allocation_policy.hpp"
#include "entities/financial_month.hpp"
#include "scenarios/code_index.hpp"
#include "scenarios/toml_reader.hpp"

#include <cstdint>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// Who sets the budgets: the ICBs' in icbs.csv and NHS England's direct budget in [policy], or,
// when the scenario has an [allocation] section, the allocation pipeline (and the table and
// section must then leave them out).
enum class Budgets { from_tables, from_allocation };

// What the [allocation] section sets.
struct AllocationSection {
    entities::AllocationPolicy policy;
    std::int32_t hcdd_share_bp = 0; // for ICBs whose row does not give their own
};

// Reads the [allocation] section and its [[allocation.years]] entries
// (docs/scenario-format.md); region codes in delegate_regions are looked up in `regions`.
// Only each value's own range is checked here: whether a year's parameters can be met together
// (a floor above the cap, say) is for the allocation engine to find, and it reports the problem
// at the sources recorded in each YearPolicy.
[[nodiscard]] AllocationSection read_allocation_section(const TomlReader& toml,
                                                        const toml::table& section,
                                                        entities::FinancialYear first_year,
                                                        const CodeIndex& regions);

} // namespace specflow::scenarios::detail
