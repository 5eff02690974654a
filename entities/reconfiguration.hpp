#pragma once

#include "entities/allocation_policy.hpp"
#include "entities/financial_month.hpp"
#include "entities/ids.hpp"

#include <cstdint>
#include <vector>

namespace specflow::entities {

// A share of an old ICB's population is a whole number of millionths: the published mapping
// gives six decimals.
inline constexpr std::int64_t k_share_whole = 1'000'000;

// The share of old ICB `from`'s registered population that new ICB `to` takes.
struct IcbShare {
    IcbId from;
    IcbId to;
    std::int64_t share_micro = 0;

    friend bool operator==(const IcbShare&, const IcbShare&) = default;
};

// A reconfiguration of ICBs at the start of a financial year (DESIGN.md §8a): every ICB that
// exists the year before maps to the ICBs of `year` by population shares, and everything it
// held is carried through them. An ICB whose code continues maps (at least partly) to itself.
struct Reconfiguration {
    FinancialYear year{2026};
    std::vector<IcbShare> shares; // the mapping's rows, in the file's order
    SourceRef source;
};

// An ICB's registered population and need index for one FY: the weight of its target that year
// (population × need index) in place of the icbs table's.
struct IcbYearNeed {
    IcbId icb;
    FinancialYear year{2024};
    std::int64_t registered_population = 0;
    std::int64_t need_index_micro = 0; // need index × 1,000,000
};

} // namespace specflow::entities
