#include "scenarios/drug_reader.hpp"

#include "scenarios/cell_readers.hpp"
#include "scenarios/table.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace specflow::scenarios::detail {

namespace {

constexpr std::array<std::string_view, 4> k_drug_columns{"provider_code", "service_line_code",
                                                         "annual_cost_pounds", "growth_pct"};

} // namespace

std::vector<entities::DrugCost> read_drugs(const std::filesystem::path& file,
                                           const DrugReferences& refs) {
    const Table table(file, k_drug_columns);
    // (provider, service line) pairs with expected activity: drugs follow it.
    std::set<std::pair<std::uint32_t, std::uint32_t>> active;
    for (const auto& flow : refs.flows) {
        if (flow.cases_per_year_milli > 0) {
            active.emplace(flow.provider.value(), flow.service_line.value());
        }
    }
    std::vector<entities::DrugCost> drugs;
    // (provider, service line) → the line of its row, to name both rows of a duplicate.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> drug_lines;
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::DrugCost drug;
        drug.provider = entities::ProviderId(refs.providers.require(row["provider_code"]));
        drug.service_line =
            entities::ServiceLineId(refs.service_lines.require(row["service_line_code"]));
        const std::pair key{drug.provider.value(), drug.service_line.value()};
        const auto pair_text = "provider " + refs.providers.code(drug.provider.index()) +
                               " and service line " + std::string(row["service_line_code"].text());
        const auto [it, inserted] = drug_lines.try_emplace(key, row.line());
        if (!inserted) {
            row["service_line_code"].fail("duplicate drugs for " + pair_text + " (first on line " +
                                          std::to_string(it->second) +
                                          "); valid: one row per provider and service line");
        }
        if (!active.contains(key)) {
            row["service_line_code"].fail(
                "no flow with expected activity for " + pair_text +
                ", and a drug cost follows the line's activity at the provider; valid: a "
                "provider and service line with expected_cases_per_year above 0 in flows.csv");
        }
        drug.annual_cost = read_pounds(row["annual_cost_pounds"]);
        drug.growth_bp = read_growth_bp(row["growth_pct"]);
        drugs.push_back(drug);
    }
    return drugs;
}

} // namespace specflow::scenarios::detail
