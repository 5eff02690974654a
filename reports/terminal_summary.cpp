#include "reports/terminal_summary.hpp"

#include "reports/format.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <map>
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

// One column per financial year: England's totals, from the national budget by who holds it,
// through what each holder paid and what it held back, to provider income. Income is the budget
// less what is held back, what ICBs paid local pathways and what lead-ICB hubs cost to run, to
// the penny: the hubs' costs are in the ICBs' payments (recharged like the contracts), local
// pathways are not, and an ICB's underspend here is after its pathways.
std::string totals_section(const RunTables& tables) {
    enum Row {
        budget_issued,
        icb_budget,
        direct_budget,
        hcdd_budget,
        icb_spend,
        hosting,
        local_investment,
        direct_spend,
        hcdd_spend,
        held_back,
        icb_variance,
        direct_variance,
        hcdd_variance,
        income,
        cost,
        pressure,
        unfunded,
        row_count
    };
    std::map<entities::FinancialYear, std::array<Money, row_count>> years;
    for (const auto& row : tables.icb_months) {
        auto& year = years[row.month.year];
        year[icb_budget] += row.budget;
        year[icb_spend] += row.spend;
        year[icb_variance] += row.variance - row.local_investment;
        year[local_investment] += row.local_investment;
        year[hosting] += row.hosting;
    }
    for (const auto& row : tables.national_months) {
        auto& year = years[row.month.year];
        year[direct_budget] += row.direct_budget;
        year[direct_spend] += row.direct_spend;
        year[direct_variance] += row.direct_budget - row.direct_spend;
        year[hcdd_budget] += row.hcdd_budget;
        year[hcdd_spend] += row.hcdd_spend;
        year[hcdd_variance] += row.hcdd_budget - row.hcdd_spend;
    }
    for (auto& [year, values] : years) {
        values[held_back] = values[icb_variance] + values[direct_variance] + values[hcdd_variance];
    }
    for (const auto& row : tables.provider_months) {
        auto& year = years[row.month.year];
        year[income] += row.income;
        year[cost] += row.cost;
        year[pressure] += row.pressure;
        year[unfunded] += row.unfunded_activity;
    }
    Money issued_before;
    for (const auto& close : tables.month_closes) {
        if (close.month.month == entities::k_months_per_year) {
            years[close.month.year][budget_issued] = close.ledger.issued_to_date - issued_before;
            issued_before = close.ledger.issued_to_date;
        }
    }
    std::string text = fmt::format("England totals\n  {:<38}", "");
    for (const auto& [year, values] : years) {
        text += fmt::format("{:>14}", year.label());
    }
    text += "\n";
    const std::array<std::pair<Row, std::string_view>, row_count> labels{{
        {budget_issued, "national budget"},
        {icb_budget, "  ICBs' delegable budgets"},
        {direct_budget, "  NHS England direct budget"},
        {hcdd_budget, "  HCDD budget (drugs and devices)"},
        {icb_spend, "paid by ICBs (net of recharges)"},
        {hosting, "  of which lead-ICB hubs' own costs"},
        {local_investment, "paid by ICBs to local pathways"},
        {direct_spend, "paid by NHS England direct"},
        {hcdd_spend, "paid for drugs and devices (HCDD)"},
        {held_back, "held back (+) or overspent (−)"},
        {icb_variance, "  by ICBs (+ = underspend)"},
        {direct_variance, "  by NHS England direct"},
        {hcdd_variance, "  by HCDD"},
        {income, "provider income"},
        {cost, "provider cost"},
        {pressure, "provider pressure (+ = loss)"},
        {unfunded, "unfunded activity"},
    }};
    for (const auto& [row, label] : labels) {
        // fmt pads by code points, so a label with "−" lines up like the others.
        text += fmt::format("  {:<38}", label);
        for (const auto& [year, values] : years) {
            text += fmt::format("{:>14}", format_millions(values[row]));
        }
        text += "\n";
    }
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
    std::string text = "\nLargest pressures over the run (cost − income; + = loss)\n";
    text += fmt::format("  {:<{}}{:>12}{:>12}{:>12}\n", "provider", width, "income", "cost",
                        "pressure");
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
                       tables.month_closes.size(), fmt::group_digits(transfers),
                       format_pounds(issued));
}

} // namespace

std::string terminal_summary(const entities::Scenario& scenario, const RunTables& tables) {
    const auto years = provider_years(scenario, tables);
    return totals_section(tables) + pressure_section(scenario, years) + ledger_section(tables);
}

} // namespace specflow::reports
