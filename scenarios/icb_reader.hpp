#pragma once

#include "entities/icb.hpp"
#include "scenarios/allocation_reader.hpp"
#include "scenarios/code_index.hpp"

#include <cstdint>
#include <filesystem>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// What reading icbs.csv depends on.
struct IcbInputs {
    const CodeIndex& regions;
    // With Budgets::from_allocation the table has no budget_pounds column.
    Budgets budgets = Budgets::from_tables;
    // For ICBs without an hcdd_share_pct of their own ([allocation]'s, else 0).
    std::int32_t hcdd_share_default_bp = 0;
};

// icbs.csv (docs/scenario-format.md): at least one ICB, codes once each (and not NHSE), regions
// from regions.csv, and the optional allocation inputs filled in every row once their column
// is there.
[[nodiscard]] CodedRows<entities::Icb> read_icbs(const std::filesystem::path& file,
                                                 const IcbInputs& inputs);

} // namespace specflow::scenarios::detail
