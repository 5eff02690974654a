#include "reports/exposure.hpp"

#include "reports/format.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace specflow::reports {

using entities::Money;

std::vector<ExposureRow> exposure(const std::vector<sim::IncomeBySource>& incomes,
                                  entities::ProviderId provider, entities::FinancialYear year) {
    // Keyed by (payer: NHS England first, then ICB index; kind).
    std::map<std::pair<std::int64_t, entities::ContractKind>, ExposureRow> by;
    for (const auto& row : incomes) {
        if (row.provider != provider || row.month.year != year) {
            continue;
        }
        const std::int64_t payer = row.payer.is_nhse() ? -1 : row.payer.icb->value();
        auto& into = by[{payer, row.kind}];
        into.payer = row.payer;
        into.kind = row.kind;
        into.amount += row.amount;
    }
    std::vector<ExposureRow> rows;
    for (const auto& [key, row] : by) {
        if (!row.amount.is_zero()) {
            rows.push_back(row);
        }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.amount > b.amount; });
    return rows;
}

std::string exposure_text(const entities::Scenario& s, const std::vector<ExposureRow>& rows,
                          entities::ProviderId provider, entities::FinancialYear year) {
    Money total;
    std::size_t width = 12;
    for (const auto& row : rows) {
        total += row.amount;
        width = std::max(width, payer_name(s, row.payer).size());
    }
    std::string text =
        fmt::format("\nWhere {} income comes from in {} (plan: the expected-value run)\n",
                    s.providers[provider.index()].name, year.label());
    text += fmt::format("  {:<{}} {:<10}{:>12}{:>9}\n", "commissioner", width, "contract", "income",
                        "share");
    for (const auto& row : rows) {
        text += fmt::format("  {:<{}} {:<10}{:>12}{:>8.1f}%\n", payer_name(s, row.payer), width,
                            entities::to_string(row.kind), format_millions(row.amount),
                            total.is_zero() ? 0.0
                                            : 100.0 * (static_cast<double>(row.amount.pence()) /
                                                       static_cast<double>(total.pence())));
    }
    text += fmt::format("  {:<{}} {:<10}{:>12}{:>8.1f}%\n", "total", width, "",
                        format_millions(total), total.is_zero() ? 0.0 : 100.0);
    return text;
}

} // namespace specflow::reports
