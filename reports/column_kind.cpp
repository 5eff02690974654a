#include "reports/column_kind.hpp"

#include "entities/money.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace specflow::reports {

namespace {

struct KindOf {
    std::string_view table;
    std::string_view columns; // space-separated
    ColumnKind kind;
};

constexpr std::string_view k_quantiles = "mean p5 p10 p50 p90 p95";

// Every numeric column of the store, by table (docs/store.md). A column not listed is text.
// `run_id` is an integer in every table.
constexpr std::array k_kinds{
    KindOf{"runs", "seed replications replication years", ColumnKind::integer},
    KindOf{"provider_month", "month", ColumnKind::integer},
    KindOf{"provider_month",
           "income cost pressure unfunded_activity forecast_income forecast_cost "
           "forecast_pressure",
           ColumnKind::pence},
    KindOf{"income_by_source", "month", ColumnKind::integer},
    KindOf{"income_by_source", "amount", ColumnKind::pence},
    KindOf{"icb_month", "month held_by_icb", ColumnKind::integer},
    KindOf{"icb_month",
           "budget spend variance risk_pool local_investment reserve released forecast_spend "
           "forecast_variance",
           ColumnKind::pence},
    KindOf{"nhse_month", "month", ColumnKind::integer},
    KindOf{"nhse_month", "budget spend variance", ColumnKind::pence},
    KindOf{"allocations", "baseline target allocation hcdd delegated retained held_for_icb",
           ColumnKind::pence},
    KindOf{"allocations", "dft_before_pct dft_after_pct growth_pct", ColumnKind::percent},
    KindOf{"reconfigurations", "allocation_carried contract_value_carried", ColumnKind::pence},
    KindOf{"reconfigurations", "population_share", ColumnKind::fraction},
    KindOf{"reconfigurations", "expected_cases_carried", ColumnKind::number},
    KindOf{"flows", "planned_value", ColumnKind::pence},
    KindOf{"flows", "planned_cases", ColumnKind::number},
    KindOf{"flows", "out_of_area", ColumnKind::integer},
    KindOf{"settlements", "month", ColumnKind::integer},
    KindOf{"settlements", "amount withheld outstanding", ColumnKind::pence},
    KindOf{"provider_summary", k_quantiles, ColumnKind::pounds},
    KindOf{"provider_summary", "probability_above", ColumnKind::fraction},
    KindOf{"provider_summary", "threshold", ColumnKind::pence},
    KindOf{"icb_summary", k_quantiles, ColumnKind::pounds},
    KindOf{"national_summary", k_quantiles, ColumnKind::pounds},
    KindOf{"provider_fan", "month", ColumnKind::integer},
    KindOf{"provider_fan", k_quantiles, ColumnKind::pounds},
    KindOf{"provider_exposure", "amount", ColumnKind::pence},
    KindOf{"provider_exposure", "share", ColumnKind::fraction},
    KindOf{"provider_forecast_summary", "month", ColumnKind::integer},
    KindOf{"provider_forecast_summary", k_quantiles, ColumnKind::pounds},
    KindOf{"options_summary", "set_id position", ColumnKind::integer},
    KindOf{"options_summary", "value", ColumnKind::measured},
    KindOf{"granular", "spend fair_share gap", ColumnKind::pence},
    KindOf{"granular", "gap_pct", ColumnKind::percent},
    KindOf{"tornado", "rank direction", ColumnKind::integer},
    KindOf{"tornado", "variance_share standard_error", ColumnKind::fraction},
};

// Whether `word` is one of the space-separated words of `words`.
bool listed(std::string_view words, std::string_view word) {
    while (!words.empty()) {
        const auto end = std::min(words.find(' '), words.size());
        if (words.substr(0, end) == word) {
            return true;
        }
        words.remove_prefix(std::min(end + 1, words.size()));
    }
    return false;
}

// Pounds as RunStore::table renders a real number (the shortest text that reads back exactly)
// in whole pence, half a penny rounded away from zero as `specflow run`'s CSV files round the
// same estimate. Rounded on the decimal text rather than on its binary value, whose product
// with 100 may fall either side of a half penny (1548764.605 × 100 = 154876460.49999997).
std::int64_t pence_of_pounds_text(const std::string& text) {
    if (text.find_first_of("eE") != std::string::npos) {
        return std::llround(std::stod(text) * 100.0); // far from a half penny at these sizes
    }
    const bool negative = text.starts_with('-');
    const auto digits = std::string_view(text).substr(negative ? 1 : 0);
    const auto point = digits.find('.');
    const auto whole = digits.substr(0, point);
    std::string fraction(point == std::string_view::npos ? "" : digits.substr(point + 1));
    fraction.resize(std::max<std::size_t>(fraction.size(), 3), '0');
    std::int64_t pence = (whole.empty() ? 0 : std::stoll(std::string(whole))) * 100 +
                         (fraction[0] - '0') * 10 + (fraction[1] - '0');
    if (fraction[2] >= '5') {
        ++pence;
    }
    return negative ? -pence : pence;
}

std::string pence_text(std::int64_t pence, MoneyUnit unit) {
    return unit == MoneyUnit::pence ? std::to_string(pence)
                                    : entities::Money::from_pence(pence).to_pounds_string();
}

} // namespace

ColumnKind column_kind(std::string_view table, std::string_view column) {
    if (column == "run_id") {
        return ColumnKind::integer;
    }
    for (const auto& entry : k_kinds) {
        if (entry.table == table && listed(entry.columns, column)) {
            return entry.kind;
        }
    }
    return ColumnKind::text;
}

ColumnKind cell_kind(std::string_view table, const std::vector<std::string>& header,
                     const std::vector<std::string>& row, std::size_t column) {
    const auto kind = column_kind(table, header.at(column));
    if (kind != ColumnKind::measured) {
        return kind;
    }
    const auto measure = std::find(header.begin(), header.end(), "measure");
    if (measure == header.end()) {
        throw std::logic_error("a measured column in a table without a measure column");
    }
    return row.at(static_cast<std::size_t>(measure - header.begin())) ==
                   "probability_overspend_above"
               ? ColumnKind::fraction
               : ColumnKind::pence;
}

std::optional<std::int64_t> stored_pence(ColumnKind kind, const std::string& text) {
    if (kind != ColumnKind::pence && kind != ColumnKind::pounds) {
        throw std::logic_error("stored_pence of a column that is not money");
    }
    if (text.empty()) {
        return std::nullopt;
    }
    const bool whole = text.find_first_of(".eE") == std::string::npos;
    if (kind == ColumnKind::pence) {
        return whole ? std::stoll(text) : std::llround(std::stod(text));
    }
    return pence_of_pounds_text(text);
}

std::vector<std::vector<std::string>>
rows_in_unit(std::string_view table, std::vector<std::vector<std::string>> rows, MoneyUnit unit) {
    if (rows.empty()) {
        return rows;
    }
    const auto& header = rows.front();
    for (std::size_t r = 1; r < rows.size(); ++r) {
        auto& row = rows[r];
        for (std::size_t c = 0; c < row.size(); ++c) {
            const auto kind = cell_kind(table, header, row, c);
            if (kind != ColumnKind::pence && kind != ColumnKind::pounds) {
                continue;
            }
            if (const auto pence = stored_pence(kind, row[c])) {
                row[c] = pence_text(*pence, unit);
            }
        }
    }
    return rows;
}

} // namespace specflow::reports
