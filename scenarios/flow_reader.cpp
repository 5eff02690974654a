#include "scenarios/flow_reader.hpp"

#include "scenarios/cell_readers.hpp"
#include "scenarios/table.hpp"

#include <algorithm>
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

// Refuses a flow whose busiest month expects more cases than the samplers take: the month's
// share of the year is its profile weight over the weights' sum.
void check_monthly_cases(const Row& row, const entities::Flow& flow, const FlowReferences& refs) {
    const auto& line = refs.lines[flow.service_line.index()];
    const auto& profile = line.monthly_profile.value_or(refs.monthly_profile);
    entities::Int128 total_weight = 0;
    std::int64_t busiest_weight = 0;
    for (const auto weight : profile) {
        total_weight += weight;
        busiest_weight = std::max(busiest_weight, weight);
    }
    const entities::Int128 limit_milli = static_cast<entities::Int128>(k_flow_month_cases_max) *
                                         entities::k_milli_per_case * total_weight;
    if (static_cast<entities::Int128>(flow.cases_per_year_milli) * busiest_weight <= limit_milli) {
        return;
    }
    row["expected_cases_per_year"].fail(
        "too many cases: the busiest month of the flow would expect more than " +
        std::to_string(k_flow_month_cases_max) +
        " cases; valid: at most 10000000 cases in any month (120000000 a year with a flat "
        "monthly profile)");
}

// Refuses a flow whose year at the line's price comes to more than any amount may be, so that
// the contracts' and ICBs' totals add up.
void check_value(const Row& row, const entities::Flow& flow, const FlowReferences& refs) {
    const auto price_pence = refs.lines[flow.service_line.index()].unit_price.pence();
    const entities::Int128 value_milli_pence =
        static_cast<entities::Int128>(flow.cases_per_year_milli) * price_pence;
    if (value_milli_pence <=
        static_cast<entities::Int128>(k_amount_pence_max) * entities::k_milli_per_case) {
        return;
    }
    row["expected_cases_per_year"].fail(
        "at the line's price of £" +
        refs.lines[flow.service_line.index()].unit_price.to_pounds_string() +
        " a case the flow's year is too large to add up with the rest; valid: a year worth " +
        std::string(k_amount_max_text));
}

} // namespace

std::vector<entities::Flow> read_flows(const std::filesystem::path& file,
                                       const FlowReferences& refs) {
    const Table table(file, k_flow_columns);
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
        check_monthly_cases(row, flow, refs);
        check_value(row, flow, refs);
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
