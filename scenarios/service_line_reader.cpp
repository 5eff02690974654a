#include "scenarios/service_line_reader.hpp"

#include "scenarios/cell_readers.hpp"
#include "scenarios/table.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace specflow::scenarios::detail {

namespace {

constexpr std::array<std::string_view, 4> k_service_line_columns{
    "service_line_code", "service_line_name", "category", "unit_price_pounds"};
constexpr std::array<std::string_view, 1> k_optional_columns{"demand_trend_pct"};
constexpr std::array<Choice<entities::PortfolioCategory>, 4> k_categories{{
    {"delegable", entities::PortfolioCategory::delegable},
    {"not_ready", entities::PortfolioCategory::not_ready},
    {"retained", entities::PortfolioCategory::retained},
    {"hcdd", entities::PortfolioCategory::hcdd},
}};

} // namespace

CodedRows<entities::ServiceLine> read_service_lines(const std::filesystem::path& file) {
    const Table table(read_csv(file), k_service_line_columns, k_optional_columns);
    CodedRows<entities::ServiceLine> lines{
        .rows = {}, .codes = CodeIndex("service line", "service_line_code", table.path())};
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::ServiceLine line;
        line.id = entities::ServiceLineId(lines.next_index());
        line.code = read_code(row["service_line_code"]);
        lines.codes.add(row["service_line_code"]);
        line.name = read_name(row["service_line_name"]);
        line.category = read_choice(row["category"], k_categories);
        line.unit_price = read_pounds(row["unit_price_pounds"]);
        if (const auto trend = row.optional("demand_trend_pct")) {
            // Once the column is there, an empty cell is more likely a slip than a wish for 0.
            if (trend->text().empty()) {
                trend->fail("empty, but the column is present so every row needs a value; " +
                            valid_text(k_growth_format));
            }
            line.demand_trend_bp = read_growth_bp(*trend);
        }
        lines.rows.push_back(std::move(line));
    }
    return lines;
}

} // namespace specflow::scenarios::detail
