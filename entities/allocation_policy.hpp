#pragma once

#include "entities/financial_month.hpp"
#include "entities/ids.hpp"
#include "entities/money.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace specflow::entities {

// Where a value came from in the scenario files, so that a problem found later (an infeasible
// policy, say) can still be reported at its place.
struct SourceRef {
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;
};

// Where each key of a scenario entry was given, so that a check across its fields made later
// can point at the field it names rather than at the entry's header.
struct KeySources {
    std::vector<std::pair<std::string, SourceRef>> keys;

    // Where `key` was given; `entry` (the entry's header) when it was not.
    [[nodiscard]] const SourceRef& of(std::string_view key, const SourceRef& entry) const {
        for (const auto& [name, ref] : keys) {
            if (name == key) {
                return ref;
            }
        }
        return entry;
    }
};

// How allocations move from baseline towards target (DESIGN.md §4). Under both, ICBs within
// the tolerance band get the budget's average growth and keep their DfT; money moves only from
// ICBs above the band to those below it (sim/rules/allocation/convergence.hpp).
enum class ConvergencePolicy {
    level_up, // below the band lifted to a common −X (capped), above pulled to +Y (floored)
    pace,     // outside the band, each closes a share (at most the pace) of its gap to the band
};

[[nodiscard]] std::string_view to_string(ConvergencePolicy policy);

// The allocation parameters of one financial year.
struct YearPolicy {
    FinancialYear year{2024};
    Money budget;                       // the total to allocate to ICB populations this FY
    std::int32_t floor_growth_bp = 0;   // minimum growth, for the furthest over target
    std::int32_t cap_growth_bp = 0;     // maximum growth, for the furthest below
    std::int32_t tolerance_bp = 0;      // ICBs within ±tolerance of target keep their DfT
    std::int32_t pace_bp = 0;           // pace: the most of its gap to the band an ICB closes
    std::int32_t cost_uplift_bp = 0;    // gross cost uplift factor (CUF)
    std::int32_t efficiency_bp = 0;     // efficiency factor; prices rise by CUF − efficiency
    std::optional<Money> lva_threshold; // from this FY (empty: as the year before)
    // Commissioning plan (DESIGN.md §5): the share of each budget holder's money left after the
    // price uplift and planned activity growth that it holds in reserve instead of investing.
    std::int32_t reserve_bp = 0;
    // Regions whose ICBs are delegated from this FY on (others keep their status); empty
    // means no change.
    std::vector<RegionId> delegate_regions;
    // Where each parameter was set, by key ("floor_growth_pct"), for messages.
    std::map<std::string, SourceRef, std::less<>> sources;
};

// The allocation pipeline's settings. When `years` is empty the scenario has no allocation
// section and each ICB's budget is taken as given (one financial year only).
struct AllocationPolicy {
    ConvergencePolicy policy = ConvergencePolicy::level_up;
    // The previous FY's total, shared by population × need × (1 + published DfT) to give the
    // first FY's baselines (ICBs may give baselines directly instead).
    Money baseline_total;
    // Shares of the allocation left after HCDD, by portfolio category; they sum to 100%.
    std::int32_t delegable_share_bp = 0;
    std::int32_t not_ready_share_bp = 0;
    std::int32_t retained_share_bp = 0;
    std::vector<YearPolicy> years; // consecutive FYs from the scenario's first
    SourceRef source;

    [[nodiscard]] bool enabled() const noexcept { return !years.empty(); }
};

} // namespace specflow::entities
