#include "reports/report_builder.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

namespace specflow::reports {

namespace {

constexpr double k_pence_per_million = 1e8;

// One series per ICB, aligned on the years: the first slot is the baseline's DfT (before
// convergence), then each year's after it. An ICB a reconfiguration formed starts with its
// carried baseline's DfT in the slot before its first year; a slot of a year the ICB does not
// exist in is NaN (null in the page: a gap), so no line is drawn against another year's slot.
void read_dft(SQLite::Database& db, std::int64_t run, ReportData& data) {
    SQLite::Statement st(
        db, "SELECT fy, icb_name, region, dft_before_pct, dft_after_pct FROM allocations "
            "WHERE run_id = ? ORDER BY icb_code, fy");
    st.bind(1, run);
    struct Row {
        std::string fy;
        double before = 0;
        double after = 0;
    };
    std::vector<std::pair<ReportData::DftSeries, std::vector<Row>>> icbs;
    std::map<std::string, std::size_t> index;
    std::set<std::string> years;
    while (st.executeStep()) {
        const auto fy = st.getColumn(0).getString();
        const auto name = st.getColumn(1).getString();
        years.insert(fy);
        const auto [it, inserted] = index.try_emplace(name, icbs.size());
        if (inserted) {
            icbs.push_back({{name, st.getColumn(2).getString(), {}}, {}});
        }
        icbs[it->second].second.push_back(
            {fy, st.getColumn(3).getDouble(), st.getColumn(4).getDouble()});
    }
    if (years.empty()) {
        return;
    }
    data.years.push_back("baseline");
    data.years.insert(data.years.end(), years.begin(), years.end());
    const auto slot_of = [&data](const std::string& fy) {
        return static_cast<std::size_t>(std::find(data.years.begin(), data.years.end(), fy) -
                                        data.years.begin());
    };
    for (auto& [series, rows] : icbs) {
        series.dft_pct.assign(data.years.size(), std::numeric_limits<double>::quiet_NaN());
        series.dft_pct[slot_of(rows.front().fy) - 1] = rows.front().before;
        for (const auto& row : rows) {
            series.dft_pct[slot_of(row.fy)] = row.after;
        }
        data.dft.push_back(std::move(series));
    }
}

// England's first-FY money by route, pence: the budget holders' variances and what providers
// were paid (a single replication's, or Monte Carlo means).
struct Routes {
    std::string fy;
    std::int64_t allocation = 0;
    std::int64_t hcdd_variance = 0;
    std::int64_t direct_variance = 0;
    std::map<std::string, std::int64_t> paid; // by national_budget_name
};

Routes single_routes(SQLite::Database& db, std::int64_t run) {
    Routes r;
    SQLite::Statement holders(
        db, "SELECT fy, budget_holder, SUM(variance) FROM nhse_month WHERE run_id = ? AND fy = "
            "(SELECT MIN(fy) FROM nhse_month WHERE run_id = ?1) GROUP BY budget_holder");
    holders.bind(1, run);
    while (holders.executeStep()) {
        r.fy = holders.getColumn(0).getString();
        const auto holder = holders.getColumn(1).getString();
        (holder.starts_with("HCDD") ? r.hcdd_variance : r.direct_variance) =
            holders.getColumn(2).getInt64();
    }
    // The same routes as the Monte Carlo summary's (ReplicationCollector::on_income).
    SQLite::Statement paid(
        db, "SELECT CASE WHEN contract_kind = 'drugs' THEN 'HCDD (high-cost drugs and devices)' "
            "WHEN payer_code = 'NHSE' THEN 'NHS England direct commissioning' "
            "WHEN contract_kind = 'block' THEN 'ICBs'' block contracts' "
            "WHEN contract_kind = 'api' THEN 'ICBs'' API contracts' "
            "WHEN contract_kind = 'activity' THEN 'ICBs'' activity contracts' "
            "ELSE 'ICBs'' LVA contracts' END, SUM(amount) FROM income_by_source WHERE run_id = ? "
            "AND fy = ? GROUP BY 1");
    paid.bind(1, run);
    paid.bind(2, r.fy);
    while (paid.executeStep()) {
        r.paid[paid.getColumn(0).getString()] = paid.getColumn(1).getInt64();
    }
    return r;
}

Routes monte_carlo_routes(SQLite::Database& db, std::int64_t run) {
    Routes r;
    SQLite::Statement st(db, "SELECT fy, budget, measure, mean FROM national_summary WHERE "
                             "run_id = ? AND fy = (SELECT MIN(fy) FROM national_summary WHERE "
                             "run_id = ?1)");
    st.bind(1, run);
    while (st.executeStep()) {
        r.fy = st.getColumn(0).getString();
        const auto budget = st.getColumn(1).getString();
        const auto pence = std::llround(st.getColumn(3).getDouble() * 100.0);
        if (st.getColumn(2).getString() == "variance") {
            (budget.starts_with("HCDD") ? r.hcdd_variance : r.direct_variance) = pence;
        } else {
            r.paid[budget] = pence;
        }
    }
    return r;
}

// The first FY's money, every amount once: the allocations; what each budget holder did not
// pay out (a fall; an overspend rises); provider income; then provider income by route, down to
// nothing. The ICBs' step is what is left, so the steps close on the totals to the penny.
void read_waterfall(SQLite::Database& db, const StoredRun& run, ReportData& data) {
    auto routes =
        run.record.replications == 0 ? single_routes(db, run.id) : monte_carlo_routes(db, run.id);
    if (routes.fy.empty()) {
        return; // a Monte Carlo run stored before version 8
    }
    SQLite::Statement alloc(db,
                            "SELECT SUM(allocation) FROM allocations WHERE run_id = ? AND fy = ?");
    alloc.bind(1, run.id);
    alloc.bind(2, routes.fy);
    if (!alloc.executeStep() || alloc.getColumn(0).isNull()) {
        return; // a scenario without [allocation]
    }
    routes.allocation = alloc.getColumn(0).getInt64();
    std::int64_t income = 0;
    for (const auto& [route, amount] : routes.paid) {
        income += amount;
    }
    const auto icbs_not_paid =
        routes.allocation - income - routes.hcdd_variance - routes.direct_variance;
    data.waterfall_fy = routes.fy;
    auto& w = data.waterfall;
    w.push_back({"Allocations", routes.allocation, true,
                 "England's allocations for specialised services: the ICBs' converged "
                 "allocations, the central HCDD budget included"});
    w.push_back({"HCDD budget not spent", -routes.hcdd_variance, false,
                 "the central high-cost drugs budget less the drugs and devices reimbursed to "
                 "providers (a rise is an overspend)"});
    w.push_back({"NHS England direct: not paid out", -routes.direct_variance, false,
                 "NHS England's budget for the services it commissions directly less its "
                 "contracts' payments (a rise is an overspend)"});
    w.push_back({"ICBs: not paid out", -icbs_not_paid, false,
                 "the ICB populations' budgets (held by the ICB, or by NHS England for a joint "
                 "ICB) less their payments to providers: under- or overspends, reserves, local "
                 "investment and lead-ICB hosting costs (a rise is an overspend)"});
    w.push_back({"Provider income", income, true, "what every provider was paid"});
    const std::pair<std::string_view, std::string_view> steps[] = {
        {"HCDD (high-cost drugs and devices)", "High-cost drugs (HCDD)"},
        {"NHS England direct commissioning", "NHS England direct contracts"},
        {"ICBs' block contracts", "ICBs' block contracts"},
        {"ICBs' API contracts", "ICBs' API contracts"},
        {"ICBs' activity contracts", "ICBs' activity contracts"},
        {"ICBs' LVA contracts", "ICBs' LVA contracts"}};
    for (const auto& [route, label] : steps) {
        const auto paid = routes.paid.find(std::string(route));
        if (paid != routes.paid.end() && paid->second != 0) {
            w.push_back(
                {std::string(label), -paid->second, false, "provider income paid this way"});
        }
    }
}

void read_fans(SQLite::Database& db, const StoredRun& run, ReportData& data) {
    // The four providers with the widest income band (P95 − P5) in the first year, or, for a
    // single replication, the four with the largest pressure.
    const bool monte_carlo = run.record.replications > 0;
    SQLite::Statement pick(
        db, monte_carlo
                ? "SELECT provider_code, provider_name FROM provider_summary WHERE run_id = ? "
                  "AND measure = 'income' AND fy = (SELECT MIN(fy) FROM provider_summary WHERE "
                  "run_id = ?) "
                  "ORDER BY p95 - p5 DESC LIMIT 4"
                : "SELECT provider_code, provider_name FROM provider_month WHERE run_id = ? "
                  "GROUP BY provider_code ORDER BY SUM(pressure) DESC LIMIT 4");
    pick.bind(1, run.id);
    if (monte_carlo) {
        pick.bind(2, run.id);
    }
    std::vector<std::pair<std::string, std::string>> providers;
    while (pick.executeStep()) {
        providers.emplace_back(pick.getColumn(0).getString(), pick.getColumn(1).getString());
    }
    for (const auto& [code, name] : providers) {
        ReportData::Fan fan;
        fan.provider_name = name;
        SQLite::Statement st(
            db,
            monte_carlo
                ? "SELECT fy, month, measure, p5, p10, p50, p90, p95 FROM provider_fan "
                  "WHERE run_id = ? AND provider_code = ? ORDER BY fy, month, measure"
                : "SELECT fy, month, 'income', income, income, income, income, income FROM "
                  "provider_month "
                  "WHERE run_id = ? AND provider_code = ? UNION ALL "
                  "SELECT fy, month, 'pressure', pressure, pressure, pressure, pressure, pressure "
                  "FROM provider_month WHERE run_id = ?3 AND provider_code = ?4 ORDER BY 1, 2, 3");
        st.bind(1, run.id);
        st.bind(2, code);
        if (!monte_carlo) {
            st.bind(3, run.id);
            st.bind(4, code);
        }
        const double scale = monte_carlo ? 1e6 : k_pence_per_million;
        while (st.executeStep()) {
            const auto measure = st.getColumn(2).getString();
            auto& band = measure == "income" ? fan.income : fan.pressure;
            if (measure == "income") {
                fan.months.push_back(fmt::format("{} M{:02}", st.getColumn(0).getString(),
                                                 st.getColumn(1).getInt()));
            }
            band.p5.push_back(st.getColumn(3).getDouble() / scale);
            band.p10.push_back(st.getColumn(4).getDouble() / scale);
            band.p50.push_back(st.getColumn(5).getDouble() / scale);
            band.p90.push_back(st.getColumn(6).getDouble() / scale);
            band.p95.push_back(st.getColumn(7).getDouble() / scale);
        }
        data.fans.push_back(std::move(fan));
    }
}

void read_heat(SQLite::Database& db, std::int64_t run, ReportData& data) {
    // ICBs against the specialist providers that receive out-of-area patients, first FY.
    SQLite::Statement st(
        db,
        "SELECT f.icb_code, f.provider_code, SUM(f.planned_value), MAX(f.out_of_area) FROM flows f "
        "WHERE f.run_id = ? AND f.fy = (SELECT MIN(fy) FROM flows WHERE run_id = ?) "
        "AND f.provider_code IN (SELECT provider_code FROM flows WHERE run_id = ?1 AND out_of_area "
        "= 1 "
        "GROUP BY provider_code HAVING COUNT(DISTINCT icb_code) > 3) "
        "GROUP BY f.icb_code, f.provider_code");
    st.bind(1, run);
    st.bind(2, run);
    std::map<std::string, std::size_t> icbs;
    std::map<std::string, std::size_t> providers;
    while (st.executeStep()) {
        const auto icb = st.getColumn(0).getString();
        const auto provider = st.getColumn(1).getString();
        const auto [i, new_icb] = icbs.try_emplace(icb, data.heat_icbs.size());
        if (new_icb) {
            data.heat_icbs.push_back(icb);
        }
        const auto [p, new_provider] = providers.try_emplace(provider, data.heat_providers.size());
        if (new_provider) {
            data.heat_providers.push_back(provider);
        }
        data.heat.push_back({i->second, p->second,
                             st.getColumn(2).getDouble() / k_pence_per_million,
                             st.getColumn(3).getInt() == 1});
    }
    // Full names for the axes.
    for (auto& code : data.heat_icbs) {
        SQLite::Statement name(
            db, "SELECT icb_name FROM icb_month WHERE run_id = ? AND icb_code = ? UNION "
                "SELECT icb_name FROM icb_summary WHERE run_id = ?1 AND icb_code = ?2 LIMIT 1");
        name.bind(1, run);
        name.bind(2, code);
        if (name.executeStep()) {
            code = name.getColumn(0).getString();
        }
    }
    for (auto& code : data.heat_providers) {
        SQLite::Statement name(
            db,
            "SELECT provider_name FROM provider_month WHERE run_id = ? AND provider_code = ? UNION "
            "SELECT provider_name FROM provider_summary WHERE run_id = ?1 AND provider_code = ?2 "
            "LIMIT 1");
        name.bind(1, run);
        name.bind(2, code);
        if (name.executeStep()) {
            code = name.getColumn(0).getString();
        }
    }
}

void read_risk(SQLite::Database& db, const StoredRun& run, ReportData& data) {
    SQLite::Statement count(db, "SELECT COUNT(DISTINCT provider_code) FROM provider_month WHERE "
                                "run_id = ? UNION ALL SELECT COUNT(DISTINCT provider_code) FROM "
                                "provider_summary WHERE run_id = ?1");
    count.bind(1, run.id);
    while (count.executeStep()) {
        data.providers_total = std::max<std::size_t>(
            data.providers_total, static_cast<std::size_t>(count.getColumn(0).getInt64()));
    }
    if (run.record.replications > 0) {
        // Drugs passed through at cost move income and cost alike: the risk is in the rest.
        SQLite::Statement own(db, "SELECT EXISTS(SELECT 1 FROM provider_summary WHERE run_id = ? "
                                  "AND measure = 'income_excl_drugs')");
        own.bind(1, run.id);
        data.risk_excludes_drugs = own.executeStep() && own.getColumn(0).getInt() != 0;
        SQLite::Statement st(
            db, "SELECT i.provider_name, i.p50, i.p5, p.p50, p.p90, p.probability_above, "
                "p.threshold FROM provider_summary i JOIN provider_summary p ON p.run_id = "
                "i.run_id AND p.provider_code = i.provider_code AND p.fy = i.fy AND p.measure = "
                "'pressure' WHERE i.run_id = ?1 AND i.measure = ?2 AND i.fy = (SELECT "
                "MIN(fy) FROM provider_summary WHERE run_id = ?1) ORDER BY i.p50 - i.p5 DESC, "
                "i.provider_name LIMIT 15");
        st.bind(1, run.id);
        st.bind(2, data.risk_excludes_drugs ? "income_excl_drugs" : "income");
        while (st.executeStep()) {
            ReportData::RiskRow row;
            row.provider_name = st.getColumn(0).getString();
            row.income_p50 = st.getColumn(1).getDouble() / 1e6;
            row.income_p5 = st.getColumn(2).getDouble() / 1e6;
            row.income_at_risk = row.income_p50 - row.income_p5;
            row.pressure_p50 = st.getColumn(3).getDouble() / 1e6;
            row.pressure_p90 = st.getColumn(4).getDouble() / 1e6;
            if (!st.getColumn(5).isNull()) {
                row.probability_above = st.getColumn(5).getDouble();
                data.threshold_pence = st.getColumn(6).getInt64();
            }
            data.income_at_risk.push_back(row);
        }
        return;
    }
    SQLite::Statement st(
        db, "SELECT provider_name, income, cost, pressure FROM provider_year_pounds WHERE run_id "
            "= ? AND fy = (SELECT MIN(fy) FROM provider_month WHERE run_id = ?1) ORDER BY "
            "pressure DESC, provider_name LIMIT 15");
    st.bind(1, run.id);
    while (st.executeStep()) {
        ReportData::RiskRow row;
        row.provider_name = st.getColumn(0).getString();
        row.income_p50 = row.income_p5 = st.getColumn(1).getDouble() / 1e6;
        row.cost = st.getColumn(2).getDouble() / 1e6;
        row.pressure_p50 = row.pressure_p90 = st.getColumn(3).getDouble() / 1e6;
        data.income_at_risk.push_back(row);
    }
}

// Per FY, ICBs by region then name, with status and who holds the budget (the allocations):
// a single replication's budget and spend, or a Monte Carlo run's budget (the delegable part of
// the allocation, which does not vary) with the variance's mean, P5 and P95.
void read_icb_table(SQLite::Database& db, const StoredRun& run, ReportData& data) {
    const bool monte_carlo = run.record.replications > 0;
    SQLite::Statement st(
        db, monte_carlo
                ? "SELECT s.icb_name, COALESCE(a.region, ''), s.fy, COALESCE(a.status, ''), "
                  "(a.delegated + a.held_for_icb) / 100.0, s.mean, s.p5, s.p95 FROM icb_summary "
                  "s LEFT JOIN allocations a ON a.run_id = s.run_id AND a.icb_code = s.icb_code "
                  "AND a.fy = s.fy WHERE s.run_id = ? AND s.measure = 'variance' ORDER BY s.fy, "
                  "2, s.icb_name"
                : "SELECT y.icb_name, COALESCE(a.region, ''), y.fy, COALESCE(a.status, ''), "
                  "y.budget, y.budget - y.spend, NULL, NULL FROM icb_year_pounds y LEFT JOIN "
                  "allocations a ON a.run_id = y.run_id AND a.icb_code = y.icb_code AND a.fy = "
                  "y.fy WHERE y.run_id = ? ORDER BY y.fy, 2, y.icb_name");
    st.bind(1, run.id);
    while (st.executeStep()) {
        ReportData::IcbRow row;
        row.icb_name = st.getColumn(0).getString();
        row.region_name = st.getColumn(1).getString();
        row.year = st.getColumn(2).getString();
        row.status = st.getColumn(3).getString();
        row.held_by = row.status == "delegated" || row.status.empty()
                          ? std::string("the ICB")
                          : "NHS England " + row.region_name;
        // A scenario without allocations gives a Monte Carlo run no budget: "n/a".
        row.budget = st.getColumn(4).isNull() ? std::numeric_limits<double>::quiet_NaN()
                                              : st.getColumn(4).getDouble() / 1e6;
        row.variance = st.getColumn(5).getDouble() / 1e6;
        row.spend = row.budget - row.variance;
        if (monte_carlo) {
            row.variance_p5 = st.getColumn(6).getDouble() / 1e6;
            row.variance_p95 = st.getColumn(7).getDouble() / 1e6;
        }
        data.icb_outturn.push_back(row);
    }
}

// A single replication's forecasts at the first FY's forecast month against the year's outturn.
void read_forecast(SQLite::Database& db, std::int64_t run, ReportData& data) {
    SQLite::Statement when(db, "SELECT fy, MIN(month) FROM icb_month WHERE run_id = ? AND "
                               "forecast_variance IS NOT NULL AND fy = (SELECT MIN(fy) FROM "
                               "icb_month WHERE run_id = ?1)");
    when.bind(1, run);
    if (!when.executeStep() || when.getColumn(1).isNull()) {
        return;
    }
    data.forecast_fy = when.getColumn(0).getString();
    data.forecast_month = when.getColumn(1).getInt();
    // The regions, then England as their sum.
    SQLite::Statement regions(
        db, "SELECT COALESCE(a.region, ''), SUM(CASE WHEN m.month = ?3 THEN m.forecast_variance "
            "END), SUM(m.variance) FROM icb_month m LEFT JOIN allocations a ON a.run_id = "
            "m.run_id AND a.icb_code = m.icb_code AND a.fy = m.fy WHERE m.run_id = ?1 AND m.fy = "
            "?2 GROUP BY 1 ORDER BY 1");
    regions.bind(1, run);
    regions.bind(2, data.forecast_fy);
    regions.bind(3, data.forecast_month);
    ReportData::ForecastRow england{"England", 0, 0};
    while (regions.executeStep()) {
        const ReportData::ForecastRow row{regions.getColumn(0).getString(),
                                          regions.getColumn(1).getDouble() / k_pence_per_million,
                                          regions.getColumn(2).getDouble() / k_pence_per_million};
        england.forecast += row.forecast;
        england.outturn += row.outturn;
        data.forecast_regions.push_back(row);
    }
    data.forecast_regions.push_back(england);
    SQLite::Statement providers(
        db, "SELECT provider_name, SUM(CASE WHEN month = ?3 THEN forecast_pressure END), "
            "SUM(pressure) FROM provider_month WHERE run_id = ?1 AND fy = ?2 GROUP BY "
            "provider_code ORDER BY 3 DESC, 1 LIMIT 10");
    providers.bind(1, run);
    providers.bind(2, data.forecast_fy);
    providers.bind(3, data.forecast_month);
    while (providers.executeStep()) {
        data.forecast_providers.push_back(
            {providers.getColumn(0).getString(),
             providers.getColumn(1).getDouble() / k_pence_per_million,
             providers.getColumn(2).getDouble() / k_pence_per_million});
    }
}

void read_granular(SQLite::Database& db, std::int64_t run, ReportData& data) {
    SQLite::Statement st(
        db, "SELECT fy, region, icb_name, service_line_name, spend, fair_share, gap, gap_pct "
            "FROM granular WHERE run_id = ? AND fy = (SELECT MIN(fy) FROM granular WHERE run_id "
            "= ?1) ORDER BY rowid");
    st.bind(1, run);
    while (st.executeStep()) {
        data.granular_fy = st.getColumn(0).getString();
        data.granular.push_back(
            {st.getColumn(1).getString(), st.getColumn(2).getString(), st.getColumn(3).getString(),
             st.getColumn(4).getDouble() / k_pence_per_million,
             st.getColumn(5).getDouble() / k_pence_per_million,
             st.getColumn(6).getDouble() / k_pence_per_million,
             st.getColumn(7).isNull() ? std::nullopt
                                      : std::optional<double>(st.getColumn(7).getDouble())});
    }
}

void read_reconfigurations(SQLite::Database& db, std::int64_t run, ReportData& data) {
    SQLite::Statement st(
        db, "SELECT fy, old_icb_name, new_icb_name, population_share, allocation_carried, "
            "contract_value_carried FROM reconfigurations WHERE run_id = ? ORDER BY rowid");
    st.bind(1, run);
    while (st.executeStep()) {
        data.reconfigurations.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(),
                                         st.getColumn(2).getString(), st.getColumn(3).getDouble(),
                                         st.getColumn(4).getDouble() / k_pence_per_million,
                                         st.getColumn(5).getDouble() / k_pence_per_million});
    }
}

// The figures of options_summary a report shows, by measure; amounts are pence, read as £m.
template <typename Figures>
using OptionMeasures = std::map<std::string_view, double Figures::*>;
using Set = OptionSetData;
const OptionMeasures<Set::IcbFigures> k_icb_measures{
    {"outturn_p5", &Set::IcbFigures::outturn_p5},
    {"outturn_p50", &Set::IcbFigures::outturn_p50},
    {"outturn_p95", &Set::IcbFigures::outturn_p95},
    {"probability_overspend_above", &Set::IcbFigures::probability_overspend_above},
    {"recharges_mean", &Set::IcbFigures::recharges_mean},
    {"pool_transfer_mean", &Set::IcbFigures::pool_transfer_mean}};
const OptionMeasures<Set::HostFigures> k_host_measures{
    {"exposure_p50", &Set::HostFigures::exposure_p50},
    {"exposure_p95", &Set::HostFigures::exposure_p95}};
const OptionMeasures<Set::ProviderFigures> k_provider_measures{
    {"income_mean", &Set::ProviderFigures::income_mean},
    {"income_p5", &Set::ProviderFigures::income_p5},
    {"income_p95", &Set::ProviderFigures::income_p95}};

struct OptionFigureRow {
    std::size_t option = 0; // index into OptionSetData::options
    std::string code;
    std::string name;
    std::string measure;
    double value = 0;
};

// Rows keep the order in which the store first lists them (the base's, as the terminal shows).
template <typename Figures>
void place(std::vector<Set::Row<Figures>>& rows, const OptionMeasures<Figures>& measures,
           std::size_t option_count, const OptionFigureRow& figure) {
    auto row = std::find_if(rows.begin(), rows.end(),
                            [&](const auto& r) { return r.code == figure.code; });
    if (row == rows.end()) {
        rows.push_back({figure.code, figure.name, std::vector<Figures>(option_count)});
        row = std::prev(rows.end());
    }
    const auto measure = measures.find(figure.measure);
    if (measure != measures.end()) {
        const bool probability = figure.measure == "probability_overspend_above";
        row->by_option[figure.option].*(measure->second) =
            probability ? figure.value : figure.value / k_pence_per_million;
    }
}

void read_option_figures(SQLite::Database& db, std::int64_t set, OptionSetData& options) {
    std::map<std::int64_t, std::size_t> index;
    for (std::size_t o = 0; o < options.options.size(); ++o) {
        index[static_cast<std::int64_t>(options.options[o].position)] = o;
    }
    SQLite::Statement st(db, "SELECT position, kind, code, name, measure, value FROM "
                             "options_summary WHERE set_id = ? AND fy = ? ORDER BY position, "
                             "rowid");
    st.bind(1, set);
    st.bind(2, options.fy);
    const auto count = options.options.size();
    while (st.executeStep()) {
        const OptionFigureRow figure{index.at(st.getColumn(0).getInt64()),
                                     st.getColumn(2).getString(), st.getColumn(3).getString(),
                                     st.getColumn(4).getString(), st.getColumn(5).getDouble()};
        const auto kind = st.getColumn(1).getString();
        if (kind == "icb") {
            place(options.icbs, k_icb_measures, count, figure);
        } else if (kind == "host") {
            place(options.hosts, k_host_measures, count, figure);
        } else if (kind == "provider") {
            place(options.providers, k_provider_measures, count, figure);
        }
    }
}

// The set a run of `specflow options` belongs to, its options (each a stored run) and their
// figures for the run's first FY; nothing for a run that is not an option.
void read_options(SQLite::Database& db, std::int64_t run, ReportData& data) {
    SQLite::Statement set_of(db, "SELECT set_id, MIN(fy) FROM options_summary WHERE run_id = ?");
    set_of.bind(1, run);
    if (!set_of.executeStep() || set_of.getColumn(0).isNull()) {
        return;
    }
    auto& options = data.options;
    const auto set = set_of.getColumn(0).getInt64();
    options.fy = set_of.getColumn(1).getString();
    options.run_id = run;
    SQLite::Statement listed(
        db, "SELECT DISTINCT o.position, o.option_name, o.run_id, r.scenario_title FROM "
            "options_summary o JOIN runs r USING (run_id) WHERE o.set_id = ? ORDER BY o.position");
    listed.bind(1, set);
    while (listed.executeStep()) {
        options.options.push_back({static_cast<std::size_t>(listed.getColumn(0).getInt64()),
                                   listed.getColumn(1).getString(), listed.getColumn(3).getString(),
                                   listed.getColumn(2).getInt64()});
    }
    // The command tracks one threshold for ICBs' overspends and providers' pressures alike;
    // only the pressures' rows keep it.
    SQLite::Statement threshold(db, "SELECT threshold FROM provider_summary WHERE run_id = ? AND "
                                    "measure = 'pressure' AND threshold IS NOT NULL LIMIT 1");
    threshold.bind(1, run);
    if (threshold.executeStep()) {
        options.threshold_pence = threshold.getColumn(0).getInt64();
    }
    read_option_figures(db, set, options);
}

} // namespace

ReportData report_data(RunStore& store, std::int64_t id) {
    const auto run = store.existing_run(id);
    ReportData data;
    const auto& r = run.record;
    data.title = r.scenario_title;
    data.question = r.scenario_question.empty() ? r.scenario_title : r.scenario_question;
    data.scenario_name = r.scenario_name;
    data.scenario_hash = r.scenario_hash;
    data.version = r.program_version;
    data.seed = r.seed;
    data.replications = r.replications;
    data.started_at = r.started_at;
    data.finished_at = r.finished_at;
    data.command = r.command;
    data.assumptions = scenario_parameters(r.scenario_text);
    auto& db = store.database();
    read_dft(db, id, data);
    read_waterfall(db, run, data);
    read_fans(db, run, data);
    read_heat(db, id, data);
    read_risk(db, run, data);
    read_icb_table(db, run, data);
    read_forecast(db, id, data);
    read_granular(db, id, data);
    read_reconfigurations(db, id, data);
    read_options(db, id, data);
    return data;
}

} // namespace specflow::reports
