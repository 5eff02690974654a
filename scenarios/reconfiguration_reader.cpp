#include "scenarios/reconfiguration_reader.hpp"

#include "scenarios/cell_readers.hpp"
#include "scenarios/entry_reader.hpp"
#include "scenarios/month_text.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/table.hpp"
#include "scenarios/tables_section_reader.hpp"
#include "scenarios/text.hpp"

#include <array>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace specflow::scenarios::detail {

namespace {

using entities::FinancialYear;
using entities::IcbId;
using entities::k_share_whole;

constexpr std::string_view k_array = "reconfiguration";
constexpr std::array<std::string_view, 3> k_keys{"start", "icbs", "mapping"};
constexpr std::array<std::string_view, 5> k_icb_columns{"icb_code", "icb_name", "region_code",
                                                        "registered_population", "need_index"};
constexpr std::array<std::string_view, 3> k_mapping_columns{"old_icb_code", "new_icb_code",
                                                            "share_of_old_icb"};
// Names beside the codes, for whoever reads the file; not read.
constexpr std::array<std::string_view, 2> k_mapping_name_columns{"old_icb_name", "new_icb_name"};
constexpr std::array<std::string_view, 4> k_need_columns{"icb_code", "financial_year",
                                                         "registered_population", "need_index"};
constexpr std::array<std::string_view, 0> k_no_columns{};

constexpr NumberFormat k_share_format{.what = "a share of the old ICB's population",
                                      .places = 6,
                                      .require_positive = true,
                                      .example = "0.647466",
                                      .extra_rule = "greater than 0 and at most 1"};

std::string share_text(std::int64_t micro) {
    std::string fraction = std::to_string(micro % k_share_whole);
    fraction.insert(0, 6 - fraction.size(), '0');
    return std::to_string(micro / k_share_whole) + "." + fraction;
}

// One entry's ICB table: the FY's ICBs. A code that exists the year before continues (same
// region); a new code forms a new ICB from this FY; an ICB of the year before that is not
// listed ends. Returns the union index of each row's ICB.
std::vector<std::uint32_t> read_year_icbs(const std::filesystem::path& file, FinancialYear year,
                                          const ReconfigurationInputs& inputs,
                                          std::vector<entities::IcbYearNeed>& needs,
                                          CodeIndex& listed) {
    const Table table(file, k_icb_columns, k_no_columns);
    auto& icbs = inputs.icbs;
    std::vector<std::uint32_t> indices;
    for (const auto& record : table.records()) {
        const Row row(table, record);
        const auto code_cell = row["icb_code"];
        const std::string code = read_code(code_cell);
        if (code == k_nhse_payer) {
            code_cell.fail("'NHSE' is reserved for NHS England as a payer; valid: an ODS code "
                           "such as QHG");
        }
        listed.add(code_cell);
        const auto region = entities::RegionId(inputs.regions.require(row["region_code"]));
        const auto name = read_name(row["icb_name"]);
        std::uint32_t index = 0;
        if (const auto found = icbs.codes.find(code)) {
            auto& icb = icbs.rows[*found];
            if (!icb.exists_in(FinancialYear(year.start_year() - 1))) {
                code_cell.fail("ICB " + code + " ended before " + year.label() +
                               "; valid: a code of an ICB of " +
                               FinancialYear(year.start_year() - 1).label() + ", or a new code");
            }
            if (icb.region != region) {
                row["region_code"].fail("ICB " + code + " continues from " +
                                        FinancialYear(year.start_year() - 1).label() +
                                        " in region " + inputs.regions.code(icb.region.index()) +
                                        "; valid: the same region (an ICB that moves region "
                                        "takes a new code)");
            }
            index = *found;
        } else {
            entities::Icb icb;
            icb.id = IcbId(icbs.next_index());
            icb.code = code;
            icb.name = name;
            icb.region = region;
            icb.from = year;
            icbs.codes.add(code_cell);
            index = icb.id.value();
            icbs.rows.push_back(std::move(icb));
        }
        auto& icb = icbs.rows[index];
        const auto population = read_number(row["registered_population"], k_population_format);
        const auto need = read_number(row["need_index"], k_need_index_format);
        if (icb.from == year) {
            // Its own values are this FY's: they stand for any later FY without a need row.
            icb.registered_population = population;
            icb.need_index_micro = need;
        }
        needs.push_back({icb.id, year, population, need});
        indices.push_back(index);
    }
    table.require_records("ICB");
    return indices;
}

// One entry's mapping: rows from every ICB of the year before to the FY's ICBs, whose shares
// neither lose nor invent population.
std::vector<entities::IcbShare> read_mapping(const std::filesystem::path& file, FinancialYear year,
                                             const ReconfigurationInputs& inputs,
                                             const CodeIndex& listed,
                                             const std::filesystem::path& icb_file) {
    const Table table(file, k_mapping_columns, k_mapping_name_columns);
    const auto& icbs = inputs.icbs;
    const FinancialYear before(year.start_year() - 1);
    std::vector<entities::IcbShare> shares;
    std::map<std::uint32_t, std::int64_t> total;    // by old ICB
    std::map<std::uint32_t, std::size_t> last_line; // by old ICB
    std::set<std::uint32_t> receiving;              // new ICBs, by union index
    std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
    for (const auto& record : table.records()) {
        const Row row(table, record);
        const auto old_cell = row["old_icb_code"];
        const auto found_old = icbs.codes.find(old_cell.text());
        if (!found_old || !icbs.rows[*found_old].exists_in(before)) {
            old_cell.fail("unknown ICB code " + in_quotes(old_cell.text()) + " in " +
                          before.label() + "; valid: an ICB that exists the year before the " +
                          "reconfiguration");
        }
        const auto new_cell = row["new_icb_code"];
        const auto found_new = listed.find(new_cell.text());
        if (!found_new) {
            new_cell.fail("unknown ICB code " + in_quotes(new_cell.text()) +
                          "; valid: a code "
                          "from " +
                          icb_file.filename().string() + ", the ICBs of " + year.label());
        }
        const auto to = *icbs.codes.find(new_cell.text());
        const auto share_cell = row["share_of_old_icb"];
        const auto share = read_number(share_cell, k_share_format);
        if (share > k_share_whole) {
            share_cell.fail(share_text(share) + " is more than the whole population; valid: " +
                            valid_text(k_share_format));
        }
        if (!seen.emplace(*found_old, to).second) {
            old_cell.fail("a second row from " + std::string(old_cell.text()) + " to " +
                          std::string(new_cell.text()) + "; valid: one row per pair");
        }
        total[*found_old] += share;
        last_line[*found_old] = row.line();
        receiving.insert(to);
        shares.push_back({IcbId(*found_old), IcbId(to), share});
    }
    table.require_records("mapping");
    const auto fail_at = [&file](std::size_t line, std::string field, const std::string& problem) {
        throw ScenarioError({.file = file, .line = line, .column = 0, .field = std::move(field)},
                            problem);
    };
    for (const auto& icb : icbs.rows) {
        if (!icb.exists_in(before)) {
            continue;
        }
        const auto index = icb.id.value();
        const auto it = total.find(index);
        if (it == total.end()) {
            fail_at(0, "old_icb_code",
                    "ICB " + icb.code + " of " + before.label() +
                        " has no row, so the mapping "
                        "would lose its population; valid: a row for every ICB of " +
                        before.label());
        }
        if (it->second != k_share_whole) {
            fail_at(last_line.at(index), "share_of_old_icb",
                    "the shares of " + icb.code + " add up to " + share_text(it->second) +
                        ", so the mapping would " +
                        (it->second < k_share_whole ? "lose" : "invent") +
                        " population; valid: shares of each old ICB that add up to exactly 1");
        }
    }
    for (std::size_t n = 0; n < listed.size(); ++n) {
        const auto to = *icbs.codes.find(listed.code(n));
        if (!receiving.contains(to)) {
            fail_at(0, "new_icb_code",
                    "ICB " + listed.code(n) + " of " + year.label() +
                        " takes no population; "
                        "valid: a row to every ICB of " +
                        icb_file.filename().string());
        }
    }
    return shares;
}

} // namespace

Reconfigurations read_reconfigurations(const TomlReader& toml, const toml::table& root,
                                       const ReconfigurationInputs& inputs) {
    Reconfigurations out;
    std::map<FinancialYear, std::size_t> lines;
    std::size_t number = 0;
    for (const toml::table* entry : root_entries(toml, root, k_array)) {
        const std::string prefix = std::string(k_array) + "[" + std::to_string(++number) + "]";
        toml.check_keys(*entry, prefix + ".", k_keys);
        const auto field = [&prefix](std::string_view key) {
            return TomlReader::dotted(prefix, key);
        };
        const toml::node& start_node = toml.required(*entry, prefix, "start");
        const std::string_view start_text = toml.string(start_node, field("start"));
        const auto start = parse_financial_month(start_text);
        if (!start) {
            toml.fail(start_node.source(), field("start"),
                      in_quotes(start_text) +
                          " is not a financial month; valid: " + std::string(k_month_valid));
        }
        if (start->month != 1) {
            toml.fail(start_node.source(), field("start"),
                      "a reconfiguration in " + start->label() +
                          "; valid: the first month of a financial year, e.g. \"" +
                          start->year.label() + " M01\"");
        }
        const FinancialYear year = start->year;
        if (year <= inputs.first_year) {
            toml.fail(start_node.source(), field("start"),
                      "a reconfiguration in " + year.label() + ", when the scenario starts in " +
                          inputs.first_year.label() +
                          "; valid: a financial year after the first (the first year's ICBs are "
                          "icbs.csv's)");
        }
        if (const auto it = lines.find(year); it != lines.end()) {
            toml.fail(start_node.source(), field("start"),
                      "a second reconfiguration in " + year.label() + " (the first on line " +
                          std::to_string(it->second) +
                          "); valid: one per financial year, with every change in its mapping");
        }
        if (!lines.empty() && year < lines.rbegin()->first) {
            toml.fail(start_node.source(), field("start"),
                      year.label() + " comes before the reconfiguration on line " +
                          std::to_string(lines.rbegin()->second) +
                          "; valid: entries in financial-year order");
        }
        lines.emplace(year, start_node.source().begin.line);
        const auto icb_file =
            table_path(toml, toml.required(*entry, prefix, "icbs"), field("icbs"), "icbs_2026_27");
        const auto mapping_file = table_path(toml, toml.required(*entry, prefix, "mapping"),
                                             field("mapping"), "icb_mapping");
        CodeIndex listed("ICB", "icb_code", icb_file);
        const auto indices = read_year_icbs(icb_file, year, inputs, out.needs, listed);
        const std::set<std::uint32_t> kept(indices.begin(), indices.end());
        entities::Reconfiguration reconfiguration;
        reconfiguration.year = year;
        reconfiguration.source = toml.source_ref(*entry);
        reconfiguration.shares = read_mapping(mapping_file, year, inputs, listed, icb_file);
        for (auto& icb : inputs.icbs.rows) {
            if (icb.exists_in(FinancialYear(year.start_year() - 1)) &&
                !kept.contains(icb.id.value())) {
                icb.until = year;
            }
        }
        out.entries.push_back(std::move(reconfiguration));
    }
    return out;
}

std::vector<entities::IcbYearNeed> read_icb_needs(const std::filesystem::path& file,
                                                  const CodeIndex& icbs,
                                                  const std::vector<entities::Icb>& rows,
                                                  const std::vector<entities::IcbYearNeed>& given) {
    const Table table(file, k_need_columns, k_no_columns);
    std::set<std::pair<std::uint32_t, int>> seen;
    for (const auto& need : given) {
        seen.emplace(need.icb.value(), need.year.start_year());
    }
    std::vector<entities::IcbYearNeed> needs;
    for (const auto& record : table.records()) {
        const Row row(table, record);
        const auto index = icbs.require(row["icb_code"]);
        const auto year_cell = row["financial_year"];
        const auto year = FinancialYear::parse(year_cell.text());
        if (!year) {
            year_cell.fail(in_quotes(year_cell.text()) +
                           " is not a financial year; valid: \"YYYY/YY\", e.g. \"2024/25\"");
        }
        const auto& icb = rows[index];
        if (!icb.exists_in(*year)) {
            year_cell.fail("ICB " + icb.code + " does not exist in " + year->label() +
                           "; valid: a financial year in which it exists");
        }
        if (!seen.emplace(index, year->start_year()).second) {
            year_cell.fail("a second population for " + icb.code + " in " + year->label() +
                           " (a reconfiguration's ICB table gives its FY's); valid: one per "
                           "ICB and financial year");
        }
        needs.push_back({icb.id, *year,
                         read_number(row["registered_population"], k_population_format),
                         read_number(row["need_index"], k_need_index_format)});
    }
    return needs;
}

} // namespace specflow::scenarios::detail
