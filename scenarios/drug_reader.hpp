#pragma once

#include "entities/drug_cost.hpp"
#include "entities/flow.hpp"
#include "scenarios/code_index.hpp"

#include <filesystem>
#include <span>
#include <vector>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// The tables drugs.csv refers to.
struct DrugReferences {
    const CodeIndex& providers;
    const CodeIndex& service_lines;
    std::span<const entities::Flow> flows;
};

// drugs.csv (docs/scenario-format.md): one row per provider and service line, with the first
// FY's annual cost of its high-cost drugs and devices and their annual growth. The cost follows
// the line's activity at the provider, so the pair must have flows.
[[nodiscard]] std::vector<entities::DrugCost> read_drugs(const std::filesystem::path& file,
                                                         const DrugReferences& refs);

} // namespace specflow::scenarios::detail
