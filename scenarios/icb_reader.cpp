#include "scenarios/icb_reader.hpp"

#include "scenarios/cell_readers.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/table.hpp"

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace specflow::scenarios::detail {

namespace {

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
constexpr std::array<Choice<bool>, 2> k_yes_no{{{"yes", true}, {"no", false}}};

// With [allocation] the pipeline sets every ICB's budget, so a budget_pounds column would be
// ignored; it is an error rather than a silent surprise.
Table icb_table(CsvTable csv, Budgets budgets) {
    if (budgets == Budgets::from_tables) {
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

// The optional columns that override allocation inputs; a column, once there, is filled in
// every row, since an empty cell is more likely a slip than a wish for the default.
void read_allocation_inputs(const Row& row, const IcbInputs& inputs, entities::Icb& icb) {
    const auto filled = [&row](std::string_view column, const NumberFormat& format) {
        auto cell = row.optional(column);
        if (cell && cell->text().empty()) {
            cell->fail("empty, but the column is present so every row needs a value; " +
                       valid_text(format));
        }
        return cell;
    };
    const auto hcdd_share = filled("hcdd_share_pct", k_percent_format);
    icb.hcdd_share_bp = hcdd_share ? read_percent_bp(*hcdd_share) : inputs.hcdd_share_default_bp;
    if (const auto baseline = filled("baseline_pounds", k_pounds_format)) {
        icb.baseline = read_pounds(*baseline);
    }
    // Six decimals are millionths: a weight of 1.25 is stored as 1,250,000.
    if (const auto weight = filled("target_weight", k_target_weight_format)) {
        icb.target_weight = read_number(*weight, k_target_weight_format);
    }
}

} // namespace

CodedRows<entities::Icb> read_icbs(const std::filesystem::path& file, const IcbInputs& inputs) {
    const Table table = icb_table(
        read_csv(file, Table::columns_text(inputs.budgets == Budgets::from_tables
                                               ? std::span<const std::string_view>(k_icb_columns)
                                               : k_icb_allocated_columns,
                                           k_icb_optional_columns)),
        inputs.budgets);
    CodedRows<entities::Icb> icbs{.rows = {}, .codes = CodeIndex("ICB", "icb_code", table.path())};
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Icb icb;
        icb.id = entities::IcbId(icbs.next_index());
        icb.code = read_code(row["icb_code"]);
        if (icb.code == k_nhse_payer) {
            // A payer column holds either an ICB code or NHSE; an ICB so named would be ambiguous.
            row["icb_code"].fail("'NHSE' is reserved for NHS England as a payer; valid: an ODS "
                                 "code such as QHG");
        }
        icbs.codes.add(row["icb_code"]);
        icb.name = read_name(row["icb_name"]);
        icb.region = entities::RegionId(inputs.regions.require(row["region_code"]));
        icb.registered_population = read_number(row["registered_population"], k_population_format);
        icb.need_index_micro = read_number(row["need_index"], k_need_index_format);
        // Percent with two decimals is basis points: -11.11% is -1111 bp.
        icb.dft_bp = read_number(row["dft_pct"], k_dft_format);
        icb.delegation = read_choice(row["delegation"], k_delegation_choices);
        icb.ringfenced = read_choice(row["ringfenced"], k_yes_no);
        if (inputs.budgets == Budgets::from_tables) {
            icb.budget = read_pounds(row[k_icb_budget_column]);
        }
        read_allocation_inputs(row, inputs, icb);
        icbs.rows.push_back(std::move(icb));
    }
    table.require_records("ICB");
    return icbs;
}

} // namespace specflow::scenarios::detail
