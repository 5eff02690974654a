#include "scenarios/flow_reader.hpp"

#include "scenarios/cell_readers.hpp"
#include "scenarios/table.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace specflow::scenarios::detail {

namespace {

constexpr std::array<std::string_view, 4> k_flow_columns{
    "icb_code", "provider_code", "service_line_code", "expected_cases_per_year"};

// Finds what a flow needs among the tables it refers to.
class FlowResolver {
public:
    explicit FlowResolver(const FlowReferences& refs) : refs_(refs) {
        for (const auto& cost : refs.costs) {
            cost_lines_.emplace(cost.provider.value(), cost.service_line.value());
        }
        contracts_by_provider_.assign(refs.providers.size(), {});
        for (const auto& contract : refs.contracts.rows) {
            contracts_by_provider_[contract.provider.index()].push_back(contract.id.value());
        }
    }

    void require_cost(const Row& row, const entities::Flow& flow) const;
    [[nodiscard]] entities::ContractId resolve_contract(const Row& row,
                                                        const entities::Flow& flow) const;
    // "(QHG, RGT, RTX)"
    [[nodiscard]] std::string describe(const entities::Flow& flow) const {
        return "(" + refs_.icbs.code(flow.icb.index()) + ", " +
               refs_.providers.code(flow.provider.index()) + ", " +
               refs_.service_lines.code(flow.service_line.index()) + ")";
    }

private:
    const FlowReferences& refs_;
    std::set<std::pair<std::uint32_t, std::uint32_t>> cost_lines_; // (provider, service line)
    // Contracts are indexed by provider, so that finding a flow's looks at a handful.
    std::vector<std::vector<std::uint32_t>> contracts_by_provider_;
};

void FlowResolver::require_cost(const Row& row, const entities::Flow& flow) const {
    if (cost_lines_.contains({flow.provider.value(), flow.service_line.value()})) {
        return;
    }
    row["service_line_code"].fail(
        "provider " + refs_.providers.code(flow.provider.index()) +
        " has no costs row for service line " +
        refs_.service_lines.code(flow.service_line.index()) +
        "; valid: a service line the provider has a row for in the costs table");
}

// The one contract that pays for a flow: same provider, covering the line, paid by the flow's
// ICB or by NHS England.
entities::ContractId FlowResolver::resolve_contract(const Row& row,
                                                    const entities::Flow& flow) const {
    const ContractTable& contracts = refs_.contracts;
    std::vector<std::uint32_t> matches;
    for (const std::uint32_t index : contracts_by_provider_[flow.provider.index()]) {
        const entities::Contract& contract = contracts.rows[index];
        if (contract.covers(flow.service_line) &&
            (contract.payer.is_nhse() || *contract.payer.icb == flow.icb)) {
            matches.push_back(index);
        }
    }
    if (matches.size() == 1) {
        return entities::ContractId(matches.front());
    }
    const std::string valid = "; valid: exactly one contract in " +
                              contracts.file.filename().string() + " with provider_code " +
                              refs_.providers.code(flow.provider.index()) + ", payer " +
                              refs_.icbs.code(flow.icb.index()) +
                              " or NHSE, and service_lines "
                              "* or a list holding " +
                              refs_.service_lines.code(flow.service_line.index());
    if (matches.empty()) {
        row["provider_code"].fail("no contract covers the flow " + describe(flow) + valid);
    }
    const auto named = [&contracts](std::uint32_t index) {
        return contracts.rows[index].code + " (line " + std::to_string(contracts.lines[index]) +
               ")";
    };
    row["provider_code"].fail("the flow " + describe(flow) + " is covered by " +
                              std::to_string(matches.size()) + " contracts, " + named(matches[0]) +
                              " and " + named(matches[1]) + valid);
}

} // namespace

std::vector<entities::Flow> read_flows(const std::filesystem::path& file,
                                       const FlowReferences& refs) {
    const Table table(read_csv(file), k_flow_columns);
    const FlowResolver resolver(refs);
    std::vector<entities::Flow> flows;
    // (ICB, provider, service line) → the line of its row, to name both rows of a duplicate.
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, std::size_t> flow_lines;
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Flow flow;
        flow.id = entities::FlowId(static_cast<std::uint32_t>(flows.size()));
        flow.icb = entities::IcbId(refs.icbs.require(row["icb_code"]));
        flow.provider = entities::ProviderId(refs.providers.require(row["provider_code"]));
        flow.service_line =
            entities::ServiceLineId(refs.service_lines.require(row["service_line_code"]));
        flow.cases_per_year_milli = read_number(row["expected_cases_per_year"], k_cases_format);
        const auto [it, inserted] = flow_lines.try_emplace(
            {flow.icb.value(), flow.provider.value(), flow.service_line.value()}, row.line());
        if (!inserted) {
            row["service_line_code"].fail("duplicate flow " + resolver.describe(flow) +
                                          " (first on line " + std::to_string(it->second) +
                                          "); valid: each (icb, provider, service line) once");
        }
        resolver.require_cost(row, flow);
        flow.contract = resolver.resolve_contract(row, flow);
        flows.push_back(flow);
    }
    return flows;
}

} // namespace specflow::scenarios::detail
