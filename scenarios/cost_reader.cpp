#include "scenarios/cost_reader.hpp"

#include "scenarios/cell_readers.hpp"
#include "scenarios/table.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace specflow::scenarios::detail {

namespace {
constexpr std::array<std::string_view, 4> k_cost_columns{"provider_code", "service_line_code",
                                                         "fixed_cost_pounds_per_year",
                                                         "marginal_cost_pounds_per_case"};
} // namespace

std::vector<entities::ProviderCost> read_costs(const std::filesystem::path& file,
                                               const CostReferences& refs) {
    const Table table(file, k_cost_columns);
    std::vector<entities::ProviderCost> costs;
    // (provider, service line) → the line of its row, to name both rows of a duplicate.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> cost_lines;
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::ProviderCost cost;
        cost.provider = entities::ProviderId(refs.providers.require(row["provider_code"]));
        cost.service_line =
            entities::ServiceLineId(refs.service_lines.require(row["service_line_code"]));
        const auto [it, inserted] =
            cost_lines.try_emplace({cost.provider.value(), cost.service_line.value()}, row.line());
        if (!inserted) {
            row["service_line_code"].fail(
                "duplicate costs for provider " + refs.providers.code(cost.provider.index()) +
                " and service line " + std::string(row["service_line_code"].text()) +
                " (first on line " + std::to_string(it->second) +
                "); valid: one row per provider and service line");
        }
        cost.fixed_per_year = read_pounds(row["fixed_cost_pounds_per_year"]);
        cost.marginal_per_case = read_pounds(row["marginal_cost_pounds_per_case"]);
        costs.push_back(cost);
    }
    return costs;
}

} // namespace specflow::scenarios::detail
