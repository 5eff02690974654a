#include "scenarios/scenario_loader.hpp"

#include "scenarios/activity_section_reader.hpp"
#include "scenarios/allocation_reader.hpp"
#include "scenarios/arrangement_delegation.hpp"
#include "scenarios/arrangement_reader.hpp"
#include "scenarios/code_index.hpp"
#include "scenarios/contract_reader.hpp"
#include "scenarios/cost_reader.hpp"
#include "scenarios/drug_reader.hpp"
#include "scenarios/entry_reader.hpp"
#include "scenarios/flow_reader.hpp"
#include "scenarios/icb_reader.hpp"
#include "scenarios/policy_section_reader.hpp"
#include "scenarios/provider_reader.hpp"
#include "scenarios/reconfiguration_reader.hpp"
#include "scenarios/region_reader.hpp"
#include "scenarios/scenario_document.hpp"
#include "scenarios/scenario_section_reader.hpp"
#include "scenarios/service_line_reader.hpp"
#include "scenarios/shock_reader.hpp"
#include "scenarios/tables_section_reader.hpp"
#include "scenarios/toml_reader.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace specflow::scenarios::detail {

namespace {

constexpr std::array<std::string_view, 9> k_root_keys{"scenario",  "tables",     "policy",
                                                      "activity",  "allocation", "lead_icb",
                                                      "risk_pool", "shocks",     "reconfiguration"};

// The TOML sections first, then the tables in the order they refer to each other, then the
// arrangements and shocks, which name the tables' codes. Each reader is given what it refers
// to, so a reader cannot be called before the ones it depends on.
entities::Scenario load(const std::filesystem::path& toml_path) {
    const TomlReader toml(toml_path);
    const toml::table root = read_scenario_document(toml_path).root;
    toml.check_keys(root, "", k_root_keys);
    const toml::table* allocation = toml.section(root, "allocation", Presence::optional);
    const Budgets budgets = allocation != nullptr ? Budgets::from_allocation : Budgets::from_tables;
    entities::Scenario scenario =
        read_scenario_section(toml, *toml.section(root, "scenario", Presence::required));
    const TablePaths paths =
        read_tables_section(toml, *toml.section(root, "tables", Presence::required));
    if (const toml::table* policy = toml.section(root, "policy", Presence::optional)) {
        scenario.policy = read_policy_section(toml, *policy, budgets);
    }

    auto regions = read_regions(paths.regions);
    // [allocation] names regions, and sets the ICBs' default HCDD share.
    AllocationSection allocated;
    if (allocation != nullptr) {
        allocated = read_allocation_section(toml, *allocation, scenario.first_year, regions.codes);
    }
    auto icbs = read_icbs(paths.icbs, {.regions = regions.codes,
                                       .budgets = budgets,
                                       .hcdd_share_default_bp = allocated.hcdd_share_bp});
    auto providers = read_providers(paths.providers, icbs.codes);
    auto variation = entities::k_default_activity_variation;
    if (const toml::table* activity = toml.section(root, "activity", Presence::optional)) {
        variation = read_activity_section(toml, *activity);
    }
    auto lines = read_service_lines(paths.service_lines, variation);
    auto costs =
        read_costs(paths.costs, {.providers = providers.codes, .service_lines = lines.codes});
    auto contracts = read_contracts(paths.contracts, {.icbs = icbs.codes,
                                                      .providers = providers.codes,
                                                      .service_lines = lines.codes,
                                                      .policy = scenario.policy});
    auto flows = read_flows(paths.flows, {.icbs = icbs.codes,
                                          .providers = providers.codes,
                                          .service_lines = lines.codes,
                                          .costs = costs,
                                          .contracts = contracts,
                                          .lines = lines.rows,
                                          .monthly_profile = scenario.policy.monthly_profile});
    if (!paths.drugs.empty()) {
        scenario.drugs = read_drugs(
            paths.drugs,
            {.providers = providers.codes, .service_lines = lines.codes, .flows = flows});
    }
    scenario.allocation = std::move(allocated.policy);
    scenario.regions = std::move(regions.rows);
    scenario.providers = std::move(providers.rows);
    scenario.service_lines = std::move(lines.rows);
    scenario.costs = std::move(costs);
    scenario.contracts = std::move(contracts.rows);
    scenario.flows = std::move(flows);

    // Arrangements and pools start with the first FY's ICBs, so they are read before a
    // reconfiguration adds the ICBs it forms; shocks may name those, in the FYs they exist.
    scenario.icbs = icbs.rows;
    const References refs{.regions = regions.codes,
                          .icbs = icbs.codes,
                          .providers = providers.codes,
                          .service_lines = lines.codes,
                          .scenario = scenario};
    scenario.lead_arrangements = read_lead_arrangements(toml, root, refs);
    scenario.risk_pools = read_risk_pools(toml, root, refs);
    auto reconfigurations = read_reconfigurations(
        toml, root, {.regions = regions.codes, .icbs = icbs, .first_year = scenario.first_year});
    scenario.icbs = std::move(icbs.rows);
    scenario.reconfigurations = std::move(reconfigurations.entries);
    scenario.icb_needs = std::move(reconfigurations.needs);
    if (!paths.icb_needs.empty()) {
        auto needs = read_icb_needs(paths.icb_needs, icbs.codes, scenario.icbs, scenario.icb_needs);
        scenario.icb_needs.insert(scenario.icb_needs.end(), needs.begin(), needs.end());
    }
    scenario.shocks = read_shocks(toml, root, refs, scenario.lead_arrangements);
    // Whether arrangements hold money in each FY depends on the shocks and reconfigurations.
    check_arrangements_delegated(toml, root, scenario);
    // Everything above validated user input; verify() failing now would be a loader bug.
    scenario.verify();
    return scenario;
}

} // namespace

} // namespace specflow::scenarios::detail

namespace specflow::scenarios {

entities::Scenario load_scenario(const std::filesystem::path& toml_path) {
    return detail::load(toml_path);
}

std::vector<std::filesystem::path> scenario_files(const std::filesystem::path& toml_path) {
    return detail::read_scenario_document(toml_path).files;
}

} // namespace specflow::scenarios
