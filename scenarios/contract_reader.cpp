#include "scenarios/contract_reader.hpp"

#include "scenarios/cell_readers.hpp"
#include "scenarios/table.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace specflow::scenarios::detail {

namespace {

constexpr std::array<std::string_view, 8> k_contract_columns{
    "contract_code",       "payer",         "provider_code",      "kind",
    "annual_value_pounds", "service_lines", "api_rate_above_pct", "api_rate_below_pct"};
constexpr std::array<std::string_view, 1> k_contract_optional_columns{"lva_history_pounds"};
constexpr std::size_t k_lva_history_years = 2;

// The items of a ';'-separated list, each without the spaces around it (an empty list has one
// empty item).
std::vector<std::string_view> list_items(std::string_view text) {
    std::vector<std::string_view> items;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t end = std::min(text.find(';', start), text.size());
        std::string_view item = text.substr(start, end - start);
        item.remove_prefix(std::min(item.find_first_not_of(' '), item.size()));
        item.remove_suffix(item.size() - std::min(item.find_last_not_of(' ') + 1, item.size()));
        items.push_back(item);
        start = end + 1;
    }
    return items;
}

entities::Payer read_payer(const Cell& cell, const CodeIndex& icbs) {
    if (cell.text() == k_nhse_payer) {
        return entities::Payer{};
    }
    if (const auto icb = icbs.find(cell.text())) {
        return entities::Payer{entities::IcbId(*icb)};
    }
    cell.fail("unknown payer " + in_quotes(cell.text()) + "; valid: NHSE, or " +
              icbs.valid_codes());
}

// "*" for every line, or codes separated by ';' (spaces around a code are allowed).
std::vector<entities::ServiceLineId> read_line_list(const Cell& cell,
                                                    const CodeIndex& service_lines) {
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
    for (const std::string_view code : list_items(text)) {
        if (code.empty()) {
            cell.fail(in_quotes(text) + " has an empty item" + valid);
        }
        const auto index = service_lines.find(code);
        if (!index) {
            cell.fail("unknown service line code " + in_quotes(code) +
                      " in the list; valid: " + service_lines.valid_codes());
        }
        const entities::ServiceLineId line(*index);
        if (std::find(lines.begin(), lines.end(), line) != lines.end()) {
            cell.fail("service line " + in_quotes(code) + " is listed twice" + valid);
        }
        lines.push_back(line);
    }
    return lines;
}

// The annual value and api rates, whose meaning depends on the kind of contract.
void read_contract_terms(const Row& row, const entities::Policy& policy,
                         entities::Contract& contract) {
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
        above.text().empty() ? policy.api_rate_above_bp : read_percent_bp(above);
    contract.api_rate_below_bp =
        below.text().empty() ? policy.api_rate_below_bp : read_percent_bp(below);
}

// The pair's actual activity value in the (at most two) FYs before the scenario's first, oldest
// first, separated by ';'; empty when it has none. NHS England's contracts keep their terms, so
// a history given for one would be ignored.
std::vector<entities::Money> read_lva_history(const Cell& cell,
                                              const entities::Contract& contract) {
    const std::string_view text = cell.text();
    if (text.empty()) {
        return {};
    }
    const std::string valid = "; valid: empty, or the pair's actual activity value in pounds in "
                              "each of at most 2 FYs before the first, oldest first, separated "
                              "by ';', e.g. 412000;398500.50";
    if (contract.payer.is_nhse()) {
        cell.fail(in_quotes(text) +
                  " given for an NHS England contract; valid: empty (NHS England's contracts "
                  "keep their terms, so no LVA rolling average uses it)");
    }
    std::vector<entities::Money> history;
    for (const std::string_view item : list_items(text)) {
        entities::Money value;
        if (!entities::Money::parse_pounds(item, value) || value.is_negative() ||
            value.pence() > k_amount_pence_max) {
            cell.fail(in_quotes(item) + " in " + in_quotes(text) +
                      " is not an amount in pounds from 0 to 1000000000000" + valid);
        }
        if (history.size() == k_lva_history_years) {
            cell.fail(in_quotes(text) +
                      " gives more than 2 years (the rolling average is of "
                      "three, the first FY's among them)" +
                      valid);
        }
        history.push_back(value);
    }
    return history;
}

} // namespace

ContractTable read_contracts(const std::filesystem::path& file, const ContractReferences& refs) {
    const Table table(file, k_contract_columns, k_contract_optional_columns);
    ContractTable contracts{.rows = {},
                            .codes = CodeIndex("contract", "contract_code", table.path()),
                            .lines = {},
                            .file = table.path()};
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Contract contract;
        contract.id = entities::ContractId(static_cast<std::uint32_t>(contracts.rows.size()));
        contract.code = read_code(row["contract_code"]);
        contracts.codes.add(row["contract_code"]);
        contract.payer = read_payer(row["payer"], refs.icbs);
        contract.provider = entities::ProviderId(refs.providers.require(row["provider_code"]));
        contract.kind = read_choice(row["kind"], k_contract_kind_choices);
        contract.service_lines = read_line_list(row["service_lines"], refs.service_lines);
        read_contract_terms(row, refs.policy, contract);
        if (const auto history = row.optional("lva_history_pounds")) {
            contract.lva_history = read_lva_history(*history, contract);
        }
        contracts.lines.push_back(row.line());
        contracts.rows.push_back(std::move(contract));
    }
    return contracts;
}

} // namespace specflow::scenarios::detail
