#include "reports/terminal_summary.hpp"

#include "reports/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <vector>

namespace specflow::reports {

using entities::Money;

namespace {

struct ProviderYear {
    Money income;
    Money cost;
    Money pressure;
    Money unfunded;
};

std::vector<ProviderYear> provider_years(const entities::Scenario& scenario,
                                         const RunTables& tables) {
    std::vector<ProviderYear> years(scenario.providers.size());
    for (const auto& row : tables.provider_months) {
        auto& year = years[row.provider.index()];
        year.income += row.income;
        year.cost += row.cost;
        year.pressure += row.pressure;
        year.unfunded += row.unfunded_activity;
    }
    return years;
}

std::string totals_section(const entities::Scenario& scenario, const RunTables& tables,
                           const std::vector<ProviderYear>& years) {
    Money budget;
    Money spend;
    for (const auto& row : tables.icb_months) {
        budget += row.budget;
        spend += row.spend;
    }
    ProviderYear all;
    for (const auto& year : years) {
        all.income += year.income;
        all.cost += year.cost;
        all.pressure += year.pressure;
        all.unfunded += year.unfunded;
    }
    std::string text = fmt::format("England totals, {}\n", scenario.first_year.label());
    const auto line = [&](std::string_view label, Money amount) {
        text += fmt::format("  {:<34}{:>16}\n", label, format_millions(amount));
    };
    line("national budget", scenario.national_budget());
    line("ICB budgets", budget);
    line("ICB spend", spend);
    line("ICB variance (+ = underspend)", budget - spend);
    line("provider income", all.income);
    line("provider cost", all.cost);
    line("provider pressure (+ = loss)", all.pressure);
    line("unfunded activity", all.unfunded);
    return text;
}

std::string pressure_section(const entities::Scenario& scenario,
                             const std::vector<ProviderYear>& years) {
    std::vector<std::size_t> order(years.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return years[a].pressure > years[b].pressure;
    });
    order.resize(std::min<std::size_t>(order.size(), 10));
    std::size_t width = 8;
    for (const auto p : order) {
        width = std::max(width, scenario.providers[p].name.size());
    }
    std::string text = "\nLargest pressures (cost − income; + = loss)\n";
    text += fmt::format("  {:<{}}{:>12}{:>12}{:>12}\n", "provider", width, "income", "cost", "pressure");
    for (const auto p : order) {
        text += fmt::format("  {:<{}}{:>12}{:>12}{:>12}\n", scenario.providers[p].name, width,
                            format_millions(years[p].income), format_millions(years[p].cost),
                            format_millions(years[p].pressure));
    }
    return text;
}

std::string ledger_section(const RunTables& tables) {
    std::size_t transfers = 0;
    for (const auto& close : tables.month_closes) {
        transfers += close.ledger.transfer_count;
    }
    const Money issued =
        tables.month_closes.empty() ? Money{} : tables.month_closes.back().ledger.issued_to_date;
    return fmt::format("\nLedger: balanced at all {} month closes; {} transfers; {} entered, all "
                       "from the national budget\n",
                       tables.month_closes.size(), fmt::group_digits(transfers), format_pounds(issued));
}

} // namespace

std::string terminal_summary(const entities::Scenario& scenario, const RunTables& tables) {
    const auto years = provider_years(scenario, tables);
    return totals_section(scenario, tables, years) + pressure_section(scenario, years) +
           ledger_section(tables);
}

} // namespace specflow::reports
