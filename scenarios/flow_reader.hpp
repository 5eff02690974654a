#pragma once

#include "entities/flow.hpp"
#include "entities/provider_cost.hpp"
#include "scenarios/code_index.hpp"
#include "scenarios/contract_reader.hpp"

#include <filesystem>
#include <span>
#include <vector>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// The tables flows.csv refers to.
struct FlowReferences {
    const CodeIndex& icbs;
    const CodeIndex& providers;
    const CodeIndex& service_lines;
    std::span<const entities::ProviderCost> costs;
    const ContractTable& contracts;
};

// flows.csv (docs/scenario-format.md): each (ICB, provider, service line) once, with a costs
// row for its provider and line, and paid by exactly one contract: same provider, covering the
// line, paid by the flow's ICB or by NHS England.
[[nodiscard]] std::vector<entities::Flow> read_flows(const std::filesystem::path& file,
                                                     const FlowReferences& refs);

} // namespace specflow::scenarios::detail
