#include "scenarios/service_line_reader.hpp"

#include "scenarios/activity_section_reader.hpp"
#include "scenarios/cell_readers.hpp"
#include "scenarios/table.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace specflow::scenarios::detail {

namespace {

constexpr std::array<std::string_view, 4> k_service_line_columns{
    "service_line_code", "service_line_name", "category", "unit_price_pounds"};
constexpr std::array<std::string_view, 6> k_optional_columns{
    "demand_trend_pct", "monthly_cv_pct",      "national_cv_pct",
    "provider_cv_pct",  "demand_trend_sd_pct", "monthly_profile"};
constexpr std::array<Choice<entities::PortfolioCategory>, 4> k_categories{{
    {"delegable", entities::PortfolioCategory::delegable},
    {"not_ready", entities::PortfolioCategory::not_ready},
    {"retained", entities::PortfolioCategory::retained},
    {"hcdd", entities::PortfolioCategory::hcdd},
}};

// A variation parameter of the line: an empty cell (or no column) keeps the scenario's value.
void read_variation(const Row& row, std::string_view column, const PercentRange& range,
                    std::int32_t& out_bp) {
    const auto cell = row.optional(column);
    if (!cell || cell->text().empty()) {
        return;
    }
    const NumberFormat format{.what = "a percentage", .places = 2, .example = "5"};
    const std::int64_t value_bp = read_number(*cell, format);
    if (value_bp < range.min_bp || value_bp > range.max_bp) {
        cell->fail(in_quotes(cell->text()) + " is out of range; valid: " +
                   std::string(range.valid) + " (or empty: the scenario's [activity] value)");
    }
    out_bp = static_cast<std::int32_t>(value_bp);
}

// Twelve whole numbers separated by spaces, April .. March; empty: the [policy] profile.
std::optional<std::array<std::int64_t, 12>> read_profile(const Row& row) {
    const auto cell = row.optional("monthly_profile");
    if (!cell || cell->text().empty()) {
        return std::nullopt;
    }
    constexpr std::string_view valid =
        "valid: 12 whole numbers separated by spaces, April .. March, none negative and at "
        "least one positive, e.g. 98 101 101 101 94 100 103 103 95 102 99 103 (or empty: the "
        "[policy] monthly_profile)";
    std::array<std::int64_t, 12> profile{};
    std::size_t count = 0;
    bool any_positive = false;
    const std::string_view text = cell->text();
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find(' ', at), text.size());
        if (end > at) {
            const std::string_view word = text.substr(at, end - at);
            std::int64_t weight = 0;
            if (word.find_first_not_of("0123456789") != std::string_view::npos || word.size() > 9 ||
                count == profile.size()) {
                cell->fail(in_quotes(text) + " is not twelve weights; " + std::string(valid));
            }
            for (const char digit : word) {
                weight = weight * 10 + (digit - '0');
            }
            any_positive = any_positive || weight > 0;
            profile[count++] = weight;
        }
        at = end + 1;
    }
    if (count != profile.size()) {
        cell->fail(in_quotes(text) + " has " + std::to_string(count) + " weights; " +
                   std::string(valid));
    }
    if (!any_positive) {
        cell->fail("every weight is 0; " + std::string(valid));
    }
    return profile;
}

} // namespace

CodedRows<entities::ServiceLine> read_service_lines(const std::filesystem::path& file,
                                                    const entities::ActivityVariation& variation) {
    const Table table(file, k_service_line_columns, k_optional_columns);
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
        line.variation = variation;
        read_variation(row, "monthly_cv_pct", k_monthly_cv_range, line.variation.monthly_cv_bp);
        read_variation(row, "national_cv_pct", k_factor_cv_range, line.variation.national_cv_bp);
        read_variation(row, "provider_cv_pct", k_factor_cv_range, line.variation.provider_cv_bp);
        read_variation(row, "demand_trend_sd_pct", k_trend_sd_range, line.variation.trend_sd_bp);
        line.monthly_profile = read_profile(row);
        lines.rows.push_back(std::move(line));
    }
    return lines;
}

} // namespace specflow::scenarios::detail
