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
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t end = std::min(text.find(';', start), text.size());
        std::string_view code = text.substr(start, end - start);
        code.remove_prefix(std::min(code.find_first_not_of(' '), code.size()));
        code.remove_suffix(code.size() - std::min(code.find_last_not_of(' ') + 1, code.size()));
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
        start = end + 1;
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

} // namespace

ContractTable read_contracts(const std::filesystem::path& file, const ContractReferences& refs) {
    const Table table(file, k_contract_columns);
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
        contracts.lines.push_back(row.line());
        contracts.rows.push_back(std::move(contract));
    }
    return contracts;
}

} // namespace specflow::scenarios::detail
