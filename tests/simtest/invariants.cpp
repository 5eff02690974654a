#include "tests/simtest/invariants.hpp"

#include <fmt/format.h>
#include <map>
#include <tuple>
#include <utility>

namespace specflow::simtest {

namespace {

using entities::Money;

std::string money(Money amount) {
    return fmt::format("{} pence", amount.pence());
}

// The run's year index of a month.
std::size_t year_index(const sim::RunModel& model, const entities::FinancialMonth& month) {
    return static_cast<std::size_t>(month.year.start_year() -
                                    model.plan(0).scenario.first_year.start_year());
}

} // namespace

void check_conservation(const ReplicationRecord& r, std::vector<std::string>& failures) {
    const auto years = r.model.year_count();
    if (r.sink.closes.size() != 12 * years) {
        failures.push_back(fmt::format("replication {}: {} month closes for {} years",
                                       r.replication, r.sink.closes.size(), years));
        return;
    }
    std::vector<Money> issued(years);
    Money total;
    for (std::size_t y = 0; y < years; ++y) {
        total += r.model.plan(y).scenario.national_budget();
        issued[y] = total;
    }
    for (const auto& close : r.sink.closes) {
        const auto y = year_index(r.model, close.month);
        if (y >= years || close.ledger.issued_to_date != issued[y]) {
            failures.push_back(fmt::format(
                "replication {}, {}: {} issued to date, but the national budgets so far are {}",
                r.replication, close.month.label(), money(close.ledger.issued_to_date),
                y < years ? money(issued[y]) : "none"));
            return;
        }
    }
}

void check_budgets(const ReplicationRecord& r, std::vector<std::string>& failures) {
    const auto years = r.model.year_count();
    std::vector<Money> budget(years);
    std::vector<Money> held_back(years);
    std::vector<Money> income(years);
    std::vector<Money> income_by_source(years);
    for (const auto& row : r.sink.icbs) {
        const auto y = year_index(r.model, row.month);
        budget[y] += row.budget;
        held_back[y] += row.variance + row.hosting; // the hubs' own costs reach no provider
        if (row.variance != row.budget - row.spend) {
            failures.push_back(fmt::format("replication {}, {}, ICB {}: variance {} is not "
                                           "budget {} less spend {}",
                                           r.replication, row.month.label(), row.icb.value(),
                                           money(row.variance), money(row.budget),
                                           money(row.spend)));
            return;
        }
    }
    for (const auto& row : r.sink.nationals) {
        const auto y = year_index(r.model, row.month);
        budget[y] += row.direct_budget + row.hcdd_budget;
        held_back[y] += row.direct_budget - row.direct_spend + row.hcdd_budget - row.hcdd_spend;
    }
    for (const auto& row : r.sink.providers) {
        income[year_index(r.model, row.month)] += row.income;
        if (row.pressure != row.cost - row.income) {
            failures.push_back(fmt::format("replication {}, {}, provider {}: pressure is not "
                                           "cost less income",
                                           r.replication, row.month.label(), row.provider.value()));
            return;
        }
    }
    for (const auto& row : r.sink.incomes) {
        income_by_source[year_index(r.model, row.month)] += row.amount;
    }
    for (std::size_t y = 0; y < years; ++y) {
        const auto& plan = r.model.plan(y);
        const auto label = plan.scenario.first_year.label();
        const auto national = plan.scenario.national_budget();
        if (plan.allocation && national != plan.allocation->budget) {
            failures.push_back(fmt::format("{}: national budget {} is not the allocation's {}",
                                           label, money(national), money(plan.allocation->budget)));
        }
        if (budget[y] != national) {
            failures.push_back(fmt::format("replication {}, {}: budgets reported add up to {}, "
                                           "not the national budget {}",
                                           r.replication, label, money(budget[y]),
                                           money(national)));
        }
        if (income[y] != budget[y] - held_back[y]) {
            failures.push_back(fmt::format("replication {}, {}: provider income {} is not the "
                                           "budgets {} less what was held back {}",
                                           r.replication, label, money(income[y]), money(budget[y]),
                                           money(held_back[y])));
        }
        if (income_by_source[y] != income[y]) {
            failures.push_back(fmt::format("replication {}, {}: income by source {} is not "
                                           "provider income {}",
                                           r.replication, label, money(income_by_source[y]),
                                           money(income[y])));
        }
    }
}

void check_settlements(const ReplicationRecord& r, std::vector<std::string>& failures) {
    std::map<std::tuple<std::uint32_t, std::int64_t, int>, Money> pool_sum;
    for (const auto& row : r.sink.pools) {
        pool_sum[{row.pool.value(), row.month.year.start_year(), row.month.month}] += row.transfer;
    }
    for (const auto& [key, sum] : pool_sum) {
        if (sum != Money{}) {
            failures.push_back(fmt::format("replication {}: pool {} settlement in FY {} "
                                           "month {} transfers net to {}, not zero",
                                           r.replication, std::get<0>(key), std::get<1>(key),
                                           std::get<2>(key), money(sum)));
        }
    }
    // A settlement shares out exactly what the host paid. Per participant other than the host:
    // what is outstanding grows by what is withheld and falls by what an arbiter's ruling
    // settles (paid beyond what was due less withheld), and is never negative.
    std::map<std::tuple<std::uint32_t, std::int64_t, int>, std::pair<Money, Money>> shared;
    std::map<std::pair<std::uint32_t, std::uint32_t>, Money> outstanding;
    for (const auto& row : r.sink.recharges) {
        auto& [host_paid, due] =
            shared[{row.arrangement.value(), row.month.year.start_year(), row.month.month}];
        if (!row.host_paid.is_zero()) {
            host_paid = row.host_paid; // a ruling's row has none
        }
        due += row.due;
        const auto& scenario = r.model.plan(year_index(r.model, row.month)).scenario;
        if (scenario.lead_arrangements[row.arrangement.index()].host == row.participant) {
            continue; // the host pays itself nothing
        }
        auto& owed = outstanding[{row.arrangement.value(), row.participant.value()}];
        const Money settled = row.paid - (row.due - row.withheld);
        owed += row.withheld - settled;
        if (owed != row.outstanding || owed < Money{}) {
            failures.push_back(fmt::format(
                "replication {}, {}: arrangement {} participant {}: outstanding {} after "
                "withholding {} and settling {}, expected {}",
                r.replication, row.month.label(), row.arrangement.value(), row.participant.value(),
                money(row.outstanding), money(row.withheld), money(settled), money(owed)));
            return;
        }
    }
    for (const auto& [key, sums] : shared) {
        if (sums.first != sums.second) {
            failures.push_back(fmt::format("replication {}: arrangement {} settlement in FY {} "
                                           "month {} recharges {} of the {} the host paid",
                                           r.replication, std::get<0>(key), std::get<1>(key),
                                           std::get<2>(key), money(sums.second),
                                           money(sums.first)));
        }
    }
}

void check_forecasts(const ReplicationRecord& r, int from_month,
                     std::vector<std::string>& failures) {
    std::map<std::uint32_t, std::pair<Money, Money>> provider_year; // income, cost
    for (const auto& row : r.sink.providers) {
        auto& [income, cost] = provider_year[row.provider.value()];
        if (row.month.month == 1) {
            income = cost = Money{};
        }
        income += row.income;
        cost += row.cost;
        const bool expected = row.month.month >= from_month;
        if (row.forecast.has_value() != expected ||
            (row.month.month == 12 &&
             (row.forecast->income != income || row.forecast->cost != cost ||
              row.forecast->pressure != cost - income))) {
            failures.push_back(fmt::format("replication {}, {}, provider {}: the forecast "
                                           "outturn is missing, extra, or not the year's actual",
                                           r.replication, row.month.label(), row.provider.value()));
            return;
        }
    }
    std::map<std::uint32_t, std::pair<Money, Money>> icb_year; // budget, spend
    for (const auto& row : r.sink.icbs) {
        auto& [budget, spend] = icb_year[row.icb.value()];
        if (row.month.month == 1) {
            budget = spend = Money{};
        }
        budget += row.budget;
        spend += row.spend;
        const bool expected = row.month.month >= from_month;
        if (row.forecast.has_value() != expected ||
            (row.month.month == 12 &&
             (row.forecast->spend != spend || row.forecast->variance != budget - spend))) {
            failures.push_back(fmt::format("replication {}, {}, ICB {}: the forecast outturn "
                                           "is missing, extra, or not the year's actual",
                                           r.replication, row.month.label(), row.icb.value()));
            return;
        }
    }
}

} // namespace specflow::simtest
