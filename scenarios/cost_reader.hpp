#pragma once

#include "entities/provider_cost.hpp"
#include "scenarios/code_index.hpp"

#include <filesystem>
#include <vector>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// The tables costs.csv refers to.
struct CostReferences {
    const CodeIndex& providers;
    const CodeIndex& service_lines;
};

// costs.csv (docs/scenario-format.md): one row per provider and service line, with its fixed
// cost per year and marginal cost per case.
[[nodiscard]] std::vector<entities::ProviderCost> read_costs(const std::filesystem::path& file,
                                                             const CostReferences& refs);

} // namespace specflow::scenarios::detail
