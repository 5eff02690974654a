#pragma once

#include "entities/flow.hpp"
#include "entities/provider_cost.hpp"
#include "entities/service_line.hpp"
#include "scenarios/code_index.hpp"
#include "scenarios/contract_reader.hpp"

#include <array>
#include <cstdint>
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
    std::span<const entities::ServiceLine> lines;        // for each line's monthly profile
    const std::array<std::int64_t, 12>& monthly_profile; // [policy]'s, for lines without one
};

// The largest expected count of one flow in one month, in cases: what the samplers draw from
// exactly (sim/kernel/count_sampler.hpp, counts::k_mean_max).
inline constexpr std::int64_t k_flow_month_cases_max = 10'000'000;

// flows.csv (docs/scenario-format.md): each (ICB, provider, service line) once, with a costs
// row for its provider and line, and paid by exactly one contract: same provider, covering the
// line, paid by the flow's ICB or by NHS England; expecting at most k_flow_month_cases_max cases
// in its busiest month.
[[nodiscard]] std::vector<entities::Flow> read_flows(const std::filesystem::path& file,
                                                     const FlowReferences& refs);

} // namespace specflow::scenarios::detail
