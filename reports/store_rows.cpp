#include "reports/store_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <tuple>

namespace specflow::reports {

namespace {

// A test hook: with SPECFLOW_STORE_PAUSE_MARKER set, the writer creates that file halfway
// through its transaction and sleeps, so that a test can kill it there.
void pause_for_test() {
    const char* marker = std::getenv("SPECFLOW_STORE_PAUSE_MARKER");
    if (marker == nullptr) {
        return;
    }
    std::ofstream(marker) << "paused\n";
    std::this_thread::sleep_for(std::chrono::seconds(30));
}

std::string fy_of(const entities::FinancialYear& year) {
    return year.label();
}

// A forecast amount in pence, or NULL before the forecast month.
template <typename Forecast, typename Field>
void bind_forecast(SQLite::Statement& statement, int at, const std::optional<Forecast>& forecast,
                   Field field) {
    if (forecast) {
        statement.bind(at, ((*forecast).*field).pence());
    } else {
        statement.bind(at);
    }
}

} // namespace

void insert_tables(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                   const RunTables& t) {
    SQLite::Statement provider(db, "INSERT INTO provider_month VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& row : t.provider_months) {
        const auto& p = s.providers[row.provider.index()];
        provider.bind(1, run);
        provider.bind(2, p.code);
        provider.bind(3, p.name);
        provider.bind(4, fy_of(row.month.year));
        provider.bind(5, row.month.month);
        provider.bind(6, row.income.pence());
        provider.bind(7, row.cost.pence());
        provider.bind(8, row.pressure.pence());
        provider.bind(9, row.unfunded_activity.pence());
        bind_forecast(provider, 10, row.forecast, &sim::ProviderForecast::income);
        bind_forecast(provider, 11, row.forecast, &sim::ProviderForecast::cost);
        bind_forecast(provider, 12, row.forecast, &sim::ProviderForecast::pressure);
        provider.exec();
        provider.reset();
    }
    pause_for_test();
    SQLite::Statement income(db, "INSERT INTO income_by_source VALUES (?,?,?,?,?,?,?,?)");
    for (const auto& row : t.incomes) {
        income.bind(1, run);
        income.bind(2, s.providers[row.provider.index()].code);
        income.bind(3, fy_of(row.month.year));
        income.bind(4, row.month.month);
        income.bind(5, row.payer.is_nhse() ? std::string("NHSE")
                                           : s.icbs[row.payer.icb->index()].code);
        income.bind(6, row.payer.is_nhse() ? std::string("NHS England")
                                           : s.icbs[row.payer.icb->index()].name);
        income.bind(7, std::string(entities::to_string(row.kind)));
        income.bind(8, row.amount.pence());
        income.exec();
        income.reset();
    }
    SQLite::Statement icb(db, "INSERT INTO icb_month VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& row : t.icb_months) {
        const auto& i = s.icbs[row.icb.index()];
        icb.bind(1, run);
        icb.bind(2, i.code);
        icb.bind(3, i.name);
        icb.bind(4, fy_of(row.month.year));
        icb.bind(5, row.month.month);
        icb.bind(6, row.budget.pence());
        icb.bind(7, row.spend.pence());
        icb.bind(8, row.variance.pence());
        icb.bind(9, row.held_by_icb ? 1 : 0);
        icb.bind(10, row.risk_pool.pence());
        icb.bind(11, row.local_investment.pence());
        icb.bind(12, row.reserve.pence());
        icb.bind(13, row.released.pence());
        bind_forecast(icb, 14, row.forecast, &sim::IcbForecast::spend);
        bind_forecast(icb, 15, row.forecast, &sim::IcbForecast::variance);
        icb.exec();
        icb.reset();
    }
    SQLite::Statement national(db, "INSERT INTO nhse_month VALUES (?,?,?,?,?,?,?)");
    for (const auto& row : t.national_months) {
        for (const auto& [holder, budget, spend] :
             {std::tuple{k_nhse_direct, row.direct_budget, row.direct_spend},
              std::tuple{k_nhse_hcdd, row.hcdd_budget, row.hcdd_spend}}) {
            national.bind(1, run);
            national.bind(2, fy_of(row.month.year));
            national.bind(3, row.month.month);
            national.bind(4, std::string(holder));
            national.bind(5, budget.pence());
            national.bind(6, spend.pence());
            national.bind(7, (budget - spend).pence());
            national.exec();
            national.reset();
        }
    }
    SQLite::Statement settlement(db, "INSERT INTO settlements VALUES (?,?,?,?,?,?,?,?,?)");
    for (const auto& row : t.recharges) {
        settlement.bind(1, run);
        settlement.bind(2, "recharge");
        settlement.bind(3, s.lead_arrangements[row.arrangement.index()].code);
        settlement.bind(4, fy_of(row.month.year));
        settlement.bind(5, row.month.month);
        settlement.bind(6, s.icbs[row.participant.index()].code);
        settlement.bind(7, row.paid.pence());
        settlement.bind(8, row.withheld.pence());
        settlement.bind(9, row.outstanding.pence());
        settlement.exec();
        settlement.reset();
    }
    for (const auto& row : t.pool_settlements) {
        settlement.bind(1, run);
        settlement.bind(2, "risk_pool");
        settlement.bind(3, s.risk_pools[row.pool.index()].code);
        settlement.bind(4, fy_of(row.month.year));
        settlement.bind(5, row.month.month);
        settlement.bind(6, s.icbs[row.member.index()].code);
        settlement.bind(7, row.transfer.pence());
        settlement.bind(8, 0);
        settlement.bind(9, 0);
        settlement.exec();
        settlement.reset();
    }
}

void insert_summary(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                    const SummarySink& summary) {
    const auto& shape = summary.shape();
    const auto year = [&](std::size_t y) {
        return entities::FinancialYear(shape.first_year.start_year() + static_cast<int>(y)).label();
    };
    const auto bind_quantiles = [](SQLite::Statement& st, int at, const Distribution& d) {
        st.bind(at, d.mean() / 100.0);
        int column = at + 1;
        for (const double q : d.summary_quantiles()) {
            st.bind(column++, q / 100.0);
        }
    };
    SQLite::Statement provider(db,
                               "INSERT INTO provider_summary VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (std::size_t p = 0; p < shape.providers; ++p) {
        for (std::size_t y = 0; y < shape.years; ++y) {
            for (const auto measure :
                 {Measure::income, Measure::cost, Measure::pressure, Measure::income_excl_drugs}) {
                provider.bind(1, run);
                provider.bind(2, s.providers[p].code);
                provider.bind(3, s.providers[p].name);
                provider.bind(4, year(y));
                provider.bind(5, std::string(measure_name(measure)));
                bind_quantiles(provider, 6, summary.year(summary.year_slot(measure, p, y)));
                if (measure == Measure::pressure && summary.threshold()) {
                    provider.bind(12, summary.probability_above(p, y));
                    provider.bind(13, summary.threshold()->pence());
                } else {
                    provider.bind(12);
                    provider.bind(13);
                }
                provider.exec();
                provider.reset();
            }
        }
    }
    SQLite::Statement icb(db, "INSERT INTO icb_summary VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    for (std::size_t i = 0; i < shape.icbs; ++i) {
        for (std::size_t y = 0; y < shape.years; ++y) {
            if (!s.icbs[i].exists_in(
                    entities::FinancialYear(shape.first_year.start_year() + static_cast<int>(y)))) {
                continue; // before it was formed, or after a reconfiguration ended it
            }
            for (const auto measure : k_icb_measure_list) {
                if (!summary.applies(measure, i, y)) {
                    continue;
                }
                icb.bind(1, run);
                icb.bind(2, s.icbs[i].code);
                icb.bind(3, s.icbs[i].name);
                icb.bind(4, year(y));
                icb.bind(5, std::string(measure_name(measure)));
                bind_quantiles(icb, 6, summary.year(summary.year_slot(measure, i, y)));
                icb.exec();
                icb.reset();
            }
        }
    }
    pause_for_test();
    SQLite::Statement fan(db, "INSERT INTO provider_fan VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    for (std::size_t p = 0; p < shape.providers; ++p) {
        for (std::size_t y = 0; y < shape.years; ++y) {
            for (int m = 1; m <= 12; ++m) {
                for (const auto measure : {Measure::income, Measure::pressure}) {
                    fan.bind(1, run);
                    fan.bind(2, s.providers[p].code);
                    fan.bind(3, year(y));
                    fan.bind(4, m);
                    fan.bind(5, measure == Measure::income ? "income" : "pressure");
                    bind_quantiles(fan, 6, summary.month(summary.month_slot(measure, p, y, m)));
                    fan.exec();
                    fan.reset();
                }
            }
        }
    }
}

void insert_allocations(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                        const std::vector<sim::YearAllocation>& years) {
    SQLite::Statement st(db, "INSERT INTO allocations (run_id, fy, icb_code, icb_name, region, "
                             "status, baseline, target, dft_before_pct, dft_after_pct, "
                             "growth_pct, allocation, hcdd, delegated, retained, held_for_icb) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& year : years) {
        for (const auto& row : year.icbs) {
            const auto& icb = s.icbs[row.icb.index()];
            st.bind(1, run);
            st.bind(2, year.year.label());
            st.bind(3, icb.code);
            st.bind(4, icb.name);
            st.bind(5, s.regions[icb.region.index()].name);
            st.bind(6, std::string(entities::to_string(row.status)));
            st.bind(7, row.baseline.pence());
            st.bind(8, row.target.pence());
            st.bind(9, row.dft_before * 100);
            st.bind(10, row.dft_after * 100);
            st.bind(11, row.growth * 100);
            st.bind(12, row.allocation.pence());
            st.bind(13, row.parts.hcdd.pence());
            // Retained: the lines NHS England keeps; held for the ICB: the delegable part it
            // holds for a joint ICB (version 8; before, `retained` held both).
            const auto retained = row.parts.not_ready + row.parts.retained_lines;
            st.bind(14, row.delegated.pence());
            st.bind(15, retained.pence());
            st.bind(16, (row.retained - retained).pence());
            st.exec();
            st.reset();
        }
    }
}

void insert_reconfigurations(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                             const std::vector<ReconfigurationRow>& rows) {
    SQLite::Statement st(db, "INSERT INTO reconfigurations VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (const auto& row : rows) {
        const auto& from = s.icbs[row.from.index()];
        const auto& to = s.icbs[row.to.index()];
        st.bind(1, run);
        st.bind(2, row.year.label());
        st.bind(3, from.code);
        st.bind(4, from.name);
        st.bind(5, to.code);
        st.bind(6, to.name);
        st.bind(7, static_cast<double>(row.share_micro) / 1e6);
        st.bind(8, row.allocation.pence());
        st.bind(9, row.contract_value.pence());
        st.bind(10, static_cast<double>(row.cases_milli) / 1e3);
        st.exec();
        st.reset();
    }
}

void insert_flows(SQLite::Database& db, std::int64_t run, const std::vector<sim::FlowPlan>& flows) {
    SQLite::Statement st(db, "INSERT INTO flows VALUES (?,?,?,?,?,?,?,?)");
    for (const auto& flow : flows) {
        st.bind(1, run);
        st.bind(2, flow.fy);
        st.bind(3, flow.icb_code);
        st.bind(4, flow.provider_code);
        st.bind(5, flow.service_line_code);
        st.bind(6, static_cast<double>(flow.planned_cases_milli) / 1000.0);
        st.bind(7, flow.planned_value_pence);
        st.bind(8, flow.out_of_area ? 1 : 0);
        st.exec();
        st.reset();
    }
}

} // namespace specflow::reports
