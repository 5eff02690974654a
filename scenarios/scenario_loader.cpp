#include "scenarios/scenario_loader.hpp"

#include "scenarios/allocation_reader.hpp"
#include "scenarios/arrangement_reader.hpp"
#include "scenarios/cell_readers.hpp"
#include "scenarios/code_index.hpp"
#include "scenarios/csv_reader.hpp"
#include "scenarios/scenario_document.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/policy_section_reader.hpp"
#include "scenarios/scenario_section_reader.hpp"
#include "scenarios/shock_reader.hpp"
#include "scenarios/table.hpp"
#include "scenarios/tables_section_reader.hpp"
#include "scenarios/text.hpp"
#include "scenarios/toml_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <tuple>
#include <utility>
#include <vector>

namespace specflow::scenarios::detail {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_nhse_payer = "NHSE";

// ---------------------------------------------------------------------------------------------
// The values of the enumerated columns
// ---------------------------------------------------------------------------------------------

constexpr std::array<Choice<entities::DelegationStatus>, 3> k_delegations{{
    {"delegated", entities::DelegationStatus::delegated},
    {"joint", entities::DelegationStatus::joint},
    {"retained", entities::DelegationStatus::retained},
}};
constexpr std::array<Choice<bool>, 2> k_yes_no{{{"yes", true}, {"no", false}}};
constexpr std::array<Choice<entities::ProviderKind>, 2> k_provider_kinds{{
    {"specialist", entities::ProviderKind::specialist},
    {"acute", entities::ProviderKind::acute},
}};
constexpr std::array<Choice<entities::PortfolioCategory>, 4> k_categories{{
    {"delegable", entities::PortfolioCategory::delegable},
    {"not_ready", entities::PortfolioCategory::not_ready},
    {"retained", entities::PortfolioCategory::retained},
    {"hcdd", entities::PortfolioCategory::hcdd},
}};
constexpr std::array<Choice<entities::ContractKind>, 4> k_contract_kinds{{
    {"block", entities::ContractKind::block},
    {"api", entities::ContractKind::api},
    {"activity", entities::ContractKind::activity},
    {"lva", entities::ContractKind::lva},
}};

template <typename Item>
std::uint32_t next_index(const std::vector<Item>& items) {
    return static_cast<std::uint32_t>(items.size());
}

// ---------------------------------------------------------------------------------------------
// The TOML file
// ---------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 7> k_root_keys{
    "scenario", "tables", "policy", "allocation", "lead_icb", "risk_pool", "shocks"};

// ---------------------------------------------------------------------------------------------
// Column lists of the CSV tables (docs/scenario-format.md)
// ---------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 2> k_region_columns{"region_code", "region_name"};
// budget_pounds comes last: with [allocation] the allocation pipeline sets budgets, and the
// columns are the others.
constexpr std::array<std::string_view, 9> k_icb_columns{
    "icb_code", "icb_name",   "region_code", "registered_population", "need_index",
    "dft_pct",  "delegation", "ringfenced",  "budget_pounds"};
constexpr std::string_view k_icb_budget_column = "budget_pounds";
static_assert(k_icb_columns.back() == k_icb_budget_column);
constexpr auto k_icb_allocated_columns = std::span(k_icb_columns).first<k_icb_columns.size() - 1>();
constexpr std::array<std::string_view, 3> k_icb_optional_columns{
    "hcdd_share_pct", "baseline_pounds", "target_weight"};
constexpr std::array<std::string_view, 4> k_provider_columns{"provider_code", "provider_name",
                                                             "home_icb_code", "provider_kind"};
constexpr std::array<std::string_view, 4> k_service_line_columns{
    "service_line_code", "service_line_name", "category", "unit_price_pounds"};
constexpr std::array<std::string_view, 4> k_cost_columns{"provider_code", "service_line_code",
                                                         "fixed_cost_pounds_per_year",
                                                         "marginal_cost_pounds_per_case"};
constexpr std::array<std::string_view, 4> k_flow_columns{
    "icb_code", "provider_code", "service_line_code", "expected_cases_per_year"};
constexpr std::array<std::string_view, 8> k_contract_columns{
    "contract_code",       "payer",         "provider_code",      "kind",
    "annual_value_pounds", "service_lines", "api_rate_above_pct", "api_rate_below_pct"};

// ---------------------------------------------------------------------------------------------
// The loader: TOML first, then the tables in the order they refer to each other.
// ---------------------------------------------------------------------------------------------

// Loads one scenario; load() may be called once.
class Loader {
public:
    explicit Loader(const fs::path& toml_path) : toml_(toml_path) {}

    entities::Scenario load() {
        const toml::table root = parse_toml();
        toml_.check_keys(root, "", k_root_keys);
        const toml::table* allocation = toml_.section(root, "allocation", Presence::optional);
        allocating_ = allocation != nullptr;
        scenario_ =
            read_scenario_section(toml_, *toml_.section(root, "scenario", Presence::required));
        const TablePaths paths =
            read_tables_section(toml_, *toml_.section(root, "tables", Presence::required));
        if (const toml::table* policy = toml_.section(root, "policy", Presence::optional)) {
            scenario_.policy = read_policy_section(
                toml_, *policy, allocating_ ? Budgets::from_allocation : Budgets::from_tables);
        }
        read_regions(Table(read_csv(paths.regions), k_region_columns));
        // [allocation] names regions, and sets the ICBs' default HCDD share.
        if (allocation != nullptr) {
            AllocationSection section =
                read_allocation_section(toml_, *allocation, scenario_.first_year, regions_);
            scenario_.allocation = std::move(section.policy);
            hcdd_share_default_bp_ = section.hcdd_share_bp;
        }
        read_icbs(icb_table(read_csv(paths.icbs)));
        read_providers(Table(read_csv(paths.providers), k_provider_columns));
        read_service_lines(Table(read_csv(paths.service_lines), k_service_line_columns));
        read_costs(Table(read_csv(paths.costs), k_cost_columns));
        read_contracts(Table(read_csv(paths.contracts), k_contract_columns));
        read_flows(Table(read_csv(paths.flows), k_flow_columns));
        // Arrangements and shocks name ICBs, providers, lines, regions and contracts' coverage.
        read_arrangements_and_shocks(root);
        // Everything above validated user input; verify() failing now would be a loader bug.
        scenario_.verify();
        return std::move(scenario_);
    }

private:
    toml::table parse_toml() const;

    void read_regions(const Table& table);
    Table icb_table(CsvTable csv) const;
    void read_icbs(const Table& table);
    void read_icb_allocation_inputs(const Row& row, entities::Icb& icb) const;
    void read_providers(const Table& table);
    void read_service_lines(const Table& table);
    void read_costs(const Table& table);
    void read_contracts(const Table& table);
    void read_flows(const Table& table);
    void read_arrangements_and_shocks(const toml::table& root);

    entities::Payer read_payer(const Cell& cell) const;
    std::vector<entities::ServiceLineId> read_line_list(const Cell& cell) const;
    void read_contract_terms(const Row& row, entities::Contract& contract) const;
    void require_cost(const Row& row, const entities::Flow& flow) const;
    entities::ContractId resolve_contract(const Row& row, const entities::Flow& flow) const;
    std::string describe(const entities::Flow& flow) const;

    TomlReader toml_;
    entities::Scenario scenario_;
    bool allocating_ = false;                // the scenario has an [allocation] section
    std::int32_t hcdd_share_default_bp_ = 0; // from [allocation], for ICBs without their own
    CodeIndex regions_;
    CodeIndex icbs_;
    CodeIndex providers_;
    CodeIndex service_lines_;
    CodeIndex contracts_;
    fs::path contracts_file_;
    std::vector<std::size_t> contract_lines_;
    std::vector<std::vector<std::uint32_t>> contracts_by_provider_;
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> cost_lines_;
};

toml::table Loader::parse_toml() const { return read_scenario_document(toml_.file()).root; }

void Loader::read_regions(const Table& table) {
    regions_ = CodeIndex("region", "region_code", table.path());
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Region region;
        region.id = entities::RegionId(next_index(scenario_.regions));
        region.code = read_code(row["region_code"]);
        regions_.add(row["region_code"]);
        region.name = read_name(row["region_name"]);
        scenario_.regions.push_back(std::move(region));
    }
    table.require_records("region");
}

// With [allocation] the pipeline sets every ICB's budget, so a budget_pounds column would be
// ignored; it is an error rather than a silent surprise.
Table Loader::icb_table(CsvTable csv) const {
    if (!allocating_) {
        return {std::move(csv), k_icb_columns, k_icb_optional_columns};
    }
    if (const auto position = csv.column(k_icb_budget_column)) {
        throw ScenarioError({.file = csv.path,
                             .line = 1,
                             .column = *position + 1,
                             .field = std::string(k_icb_budget_column)},
                            "set by the allocation pipeline when [allocation] is present; valid: "
                            "remove the column");
    }
    return {std::move(csv), k_icb_allocated_columns, k_icb_optional_columns};
}

void Loader::read_icbs(const Table& table) {
    icbs_ = CodeIndex("ICB", "icb_code", table.path());
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Icb icb;
        icb.id = entities::IcbId(next_index(scenario_.icbs));
        icb.code = read_code(row["icb_code"]);
        if (icb.code == k_nhse_payer) {
            // A payer column holds either an ICB code or NHSE; an ICB so named would be ambiguous.
            row["icb_code"].fail("'NHSE' is reserved for NHS England as a payer; valid: an ODS "
                                 "code such as QHG");
        }
        icbs_.add(row["icb_code"]);
        icb.name = read_name(row["icb_name"]);
        icb.region = entities::RegionId(regions_.require(row["region_code"]));
        icb.registered_population = read_number(row["registered_population"], k_population_format);
        icb.need_index_micro = read_number(row["need_index"], k_need_index_format);
        // Percent with two decimals is basis points: -11.11% is -1111 bp.
        icb.dft_bp = read_number(row["dft_pct"], k_dft_format);
        icb.delegation = read_choice(row["delegation"], k_delegations);
        icb.ringfenced = read_choice(row["ringfenced"], k_yes_no);
        if (!allocating_) {
            icb.budget = read_pounds(row[k_icb_budget_column]);
        }
        read_icb_allocation_inputs(row, icb);
        scenario_.icbs.push_back(std::move(icb));
    }
    table.require_records("ICB");
}

// The optional columns that override allocation inputs; a column, once there, is filled in
// every row, since an empty cell is more likely a slip than a wish for the default.
void Loader::read_icb_allocation_inputs(const Row& row, entities::Icb& icb) const {
    const auto filled = [&row](std::string_view column, const NumberFormat& format) {
        auto cell = row.optional(column);
        if (cell && cell->text().empty()) {
            cell->fail("empty, but the column is present so every row needs a value; " +
                       valid_text(format));
        }
        return cell;
    };
    const auto hcdd_share = filled("hcdd_share_pct", k_percent_format);
    icb.hcdd_share_bp = hcdd_share ? read_percent_bp(*hcdd_share) : hcdd_share_default_bp_;
    if (const auto baseline = filled("baseline_pounds", k_pounds_format)) {
        icb.baseline = read_pounds(*baseline);
    }
    // Six decimals are millionths: a weight of 1.25 is stored as 1,250,000.
    if (const auto weight = filled("target_weight", k_target_weight_format)) {
        icb.target_weight = read_number(*weight, k_target_weight_format);
    }
}

void Loader::read_providers(const Table& table) {
    providers_ = CodeIndex("provider", "provider_code", table.path());
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Provider provider;
        provider.id = entities::ProviderId(next_index(scenario_.providers));
        provider.code = read_code(row["provider_code"]);
        providers_.add(row["provider_code"]);
        provider.name = read_name(row["provider_name"]);
        provider.home_icb = entities::IcbId(icbs_.require(row["home_icb_code"]));
        provider.kind = read_choice(row["provider_kind"], k_provider_kinds);
        scenario_.providers.push_back(std::move(provider));
    }
}

void Loader::read_service_lines(const Table& table) {
    service_lines_ = CodeIndex("service line", "service_line_code", table.path());
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::ServiceLine line;
        line.id = entities::ServiceLineId(next_index(scenario_.service_lines));
        line.code = read_code(row["service_line_code"]);
        service_lines_.add(row["service_line_code"]);
        line.name = read_name(row["service_line_name"]);
        line.category = read_choice(row["category"], k_categories);
        line.unit_price = read_pounds(row["unit_price_pounds"]);
        scenario_.service_lines.push_back(std::move(line));
    }
}

void Loader::read_costs(const Table& table) {
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::ProviderCost cost;
        cost.provider = entities::ProviderId(providers_.require(row["provider_code"]));
        cost.service_line =
            entities::ServiceLineId(service_lines_.require(row["service_line_code"]));
        const auto [it, inserted] =
            cost_lines_.try_emplace({cost.provider.value(), cost.service_line.value()}, row.line());
        if (!inserted) {
            row["service_line_code"].fail(
                "duplicate costs for provider " + scenario_.providers[cost.provider.index()].code +
                " and service line " + std::string(row["service_line_code"].text()) +
                " (first on line " + std::to_string(it->second) +
                "); valid: one row per provider and service line");
        }
        cost.fixed_per_year = read_pounds(row["fixed_cost_pounds_per_year"]);
        cost.marginal_per_case = read_pounds(row["marginal_cost_pounds_per_case"]);
        scenario_.costs.push_back(cost);
    }
}

void Loader::read_contracts(const Table& table) {
    contracts_ = CodeIndex("contract", "contract_code", table.path());
    contracts_file_ = table.path();
    contracts_by_provider_.assign(scenario_.providers.size(), {});
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Contract contract;
        contract.id = entities::ContractId(next_index(scenario_.contracts));
        contract.code = read_code(row["contract_code"]);
        contracts_.add(row["contract_code"]);
        contract.payer = read_payer(row["payer"]);
        contract.provider = entities::ProviderId(providers_.require(row["provider_code"]));
        contract.kind = read_choice(row["kind"], k_contract_kinds);
        contract.service_lines = read_line_list(row["service_lines"]);
        read_contract_terms(row, contract);
        contracts_by_provider_[contract.provider.index()].push_back(contract.id.value());
        contract_lines_.push_back(row.line());
        scenario_.contracts.push_back(std::move(contract));
    }
}

entities::Payer Loader::read_payer(const Cell& cell) const {
    if (cell.text() == k_nhse_payer) {
        return entities::Payer{};
    }
    if (const auto icb = icbs_.find(cell.text())) {
        return entities::Payer{entities::IcbId(*icb)};
    }
    cell.fail("unknown payer " + in_quotes(cell.text()) + "; valid: NHSE, or " +
              icbs_.valid_codes());
}

// "*" for every line, or codes separated by ';' (spaces around a code are allowed).
std::vector<entities::ServiceLineId> Loader::read_line_list(const Cell& cell) const {
    const std::string_view text = cell.text();
    const std::string valid = "; valid: * for every line, or service_line_code values separated "
                              "by ';', e.g. RTX;CHM";
    if (text == "*") {
        return {};
    }
    if (text.empty()) {
        cell.fail("empty" + valid);
    }
    std::vector<entities::ServiceLineId> lines;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t end = std::min(text.find(';', start), text.size());
        std::string_view code = text.substr(start, end - start);
        code.remove_prefix(std::min(code.find_first_not_of(' '), code.size()));
        code.remove_suffix(code.size() - std::min(code.find_last_not_of(' ') + 1, code.size()));
        if (code.empty()) {
            cell.fail(in_quotes(text) + " has an empty item" + valid);
        }
        const auto index = service_lines_.find(code);
        if (!index) {
            cell.fail("unknown service line code " + in_quotes(code) +
                      " in the list; valid: " + service_lines_.valid_codes());
        }
        const entities::ServiceLineId line(*index);
        if (std::find(lines.begin(), lines.end(), line) != lines.end()) {
            cell.fail("service line " + in_quotes(code) + " is listed twice" + valid);
        }
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

// The annual value and api rates, whose meaning depends on the kind of contract.
void Loader::read_contract_terms(const Row& row, entities::Contract& contract) const {
    const Cell value = row["annual_value_pounds"];
    const std::string kind(entities::to_string(contract.kind));
    if (contract.kind == entities::ContractKind::activity) {
        // An activity contract is paid per case only; a value here would be silently ignored.
        if (!value.text().empty() && !read_pounds(value).is_zero()) {
            value.fail(in_quotes(value.text()) +
                       " given for an activity contract; valid: 0 or empty (activity contracts "
                       "pay per case)");
        }
    } else {
        contract.annual_value = read_pounds(value);
    }
    const Cell above = row["api_rate_above_pct"];
    const Cell below = row["api_rate_below_pct"];
    if (contract.kind != entities::ContractKind::api) {
        for (const Cell& rate : {above, below}) {
            if (!rate.text().empty()) {
                rate.fail(in_quotes(rate.text()) + " given for a " + kind +
                          " contract; valid: empty (only api contracts take rates)");
            }
        }
        return;
    }
    contract.api_rate_above_bp =
        above.text().empty() ? scenario_.policy.api_rate_above_bp : read_percent_bp(above);
    contract.api_rate_below_bp =
        below.text().empty() ? scenario_.policy.api_rate_below_bp : read_percent_bp(below);
}

void Loader::read_flows(const Table& table) {
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, std::size_t> flow_lines;
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Flow flow;
        flow.id = entities::FlowId(next_index(scenario_.flows));
        flow.icb = entities::IcbId(icbs_.require(row["icb_code"]));
        flow.provider = entities::ProviderId(providers_.require(row["provider_code"]));
        flow.service_line =
            entities::ServiceLineId(service_lines_.require(row["service_line_code"]));
        flow.cases_per_year_milli = read_number(row["expected_cases_per_year"], k_cases_format);
        const auto [it, inserted] = flow_lines.try_emplace(
            {flow.icb.value(), flow.provider.value(), flow.service_line.value()}, row.line());
        if (!inserted) {
            row["service_line_code"].fail("duplicate flow " + describe(flow) + " (first on line " +
                                          std::to_string(it->second) +
                                          "); valid: each (icb, provider, service line) once");
        }
        require_cost(row, flow);
        flow.contract = resolve_contract(row, flow);
        scenario_.flows.push_back(flow);
    }
}

void Loader::read_arrangements_and_shocks(const toml::table& root) {
    const References refs{.regions = regions_,
                          .icbs = icbs_,
                          .providers = providers_,
                          .service_lines = service_lines_,
                          .scenario = scenario_};
    scenario_.lead_arrangements = read_lead_arrangements(toml_, root, refs);
    scenario_.risk_pools = read_risk_pools(toml_, root, refs);
    scenario_.shocks = read_shocks(toml_, root, refs, scenario_.lead_arrangements);
}

void Loader::require_cost(const Row& row, const entities::Flow& flow) const {
    if (cost_lines_.contains({flow.provider.value(), flow.service_line.value()})) {
        return;
    }
    row["service_line_code"].fail(
        "provider " + scenario_.providers[flow.provider.index()].code +
        " has no costs row for service line " +
        scenario_.service_lines[flow.service_line.index()].code +
        "; valid: a service line the provider has a row for in the costs table");
}

// The one contract that pays for a flow: same provider, covering the line, paid by the flow's
// ICB or by NHS England. Contracts are indexed by provider, so this looks at a handful.
entities::ContractId Loader::resolve_contract(const Row& row, const entities::Flow& flow) const {
    std::vector<std::uint32_t> matches;
    for (const std::uint32_t index : contracts_by_provider_[flow.provider.index()]) {
        const entities::Contract& contract = scenario_.contracts[index];
        if (contract.covers(flow.service_line) &&
            (contract.payer.is_nhse() || *contract.payer.icb == flow.icb)) {
            matches.push_back(index);
        }
    }
    if (matches.size() == 1) {
        return entities::ContractId(matches.front());
    }
    const std::string valid = "; valid: exactly one contract in " +
                              contracts_file_.filename().string() + " with provider_code " +
                              scenario_.providers[flow.provider.index()].code + ", payer " +
                              scenario_.icbs[flow.icb.index()].code +
                              " or NHSE, and service_lines "
                              "* or a list holding " +
                              scenario_.service_lines[flow.service_line.index()].code;
    if (matches.empty()) {
        row["provider_code"].fail("no contract covers the flow " + describe(flow) + valid);
    }
    const auto named = [this](std::uint32_t index) {
        return scenario_.contracts[index].code + " (line " +
               std::to_string(contract_lines_[index]) + ")";
    };
    row["provider_code"].fail("the flow " + describe(flow) + " is covered by " +
                              std::to_string(matches.size()) + " contracts, " + named(matches[0]) +
                              " and " + named(matches[1]) + valid);
}

std::string Loader::describe(const entities::Flow& flow) const {
    return "(" + scenario_.icbs[flow.icb.index()].code + ", " +
           scenario_.providers[flow.provider.index()].code + ", " +
           scenario_.service_lines[flow.service_line.index()].code + ")";
}

} // namespace

} // namespace specflow::scenarios::detail

namespace specflow::scenarios {

std::vector<std::filesystem::path> scenario_files(const std::filesystem::path& toml_path) {
    return detail::read_scenario_document(toml_path).files;
}

entities::Scenario load_scenario(const std::filesystem::path& toml_path) {
    return detail::Loader(toml_path).load();
}

} // namespace specflow::scenarios
