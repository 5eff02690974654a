// A stress run's own results (reports/stress.hpp, kept by reports/store_stress.cpp): the
// distribution of a provider's forecast outturn at the forecast month, the tornado rows, and
// what the store keeps of them.

#include "reports/store.hpp"
#include "reports/stress.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using specflow::entities::ContractKind;
using specflow::entities::FinancialYear;
using specflow::entities::Money;
using specflow::entities::ProviderId;
using specflow::reports::Measure;
using specflow::reports::StressSink;
using specflow::testing::payer_icb;
using specflow::testing::payer_nhse;

constexpr FinancialYear k_first{2026};
constexpr FinancialYear k_second{2027};
constexpr ProviderId k_trust{0};
constexpr ProviderId k_other{1};

Money pence(std::int64_t value) {
    return Money::from_pence(value);
}

// Two ICBs, a trust with two flows and another provider with one.
specflow::entities::Scenario scenario() {
    specflow::testing::ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto north = b.icb("North ICB", region, Money{});
    const auto south = b.icb("South ICB", region, Money{});
    const auto trust = b.provider("The Trust", north);
    const auto other = b.provider("Other Trust", south);
    const auto chemo = b.line("Chemotherapy", pence(100));
    const auto radio = b.line("Radiotherapy", pence(100));
    const auto block = b.contract(payer_icb(north), trust, ContractKind::block, pence(1'200));
    const auto api = b.contract(payer_icb(south), trust, ContractKind::api, pence(1'200));
    const auto elsewhere = b.contract(payer_icb(north), other, ContractKind::block, pence(1'200));
    (void)b.flow(north, trust, chemo, 1'000, block);
    (void)b.flow(south, trust, radio, 1'000, api);
    (void)b.flow(north, other, chemo, 1'000, elsewhere);
    b.scenario().first_year = k_first;
    return b.scenario();
}

// Ranges of one penny a bin, so that every quantile is exact.
StressSink sink() {
    const specflow::reports::SummaryShape shape{
        .providers = 2, .icbs = 2, .years = 2, .first_year = k_first};
    specflow::reports::SummaryLayout layout;
    layout.year_bins = 2'000;
    layout.month_bins = 200;
    layout.years.assign((2 * 4 + 2 * 5 + 8) * 2, {-1'000, 1'000}); // + England's eight
    layout.months.assign(2 * 2 * 2 * 12, {-1'000, 1'000});
    return StressSink(shape, layout, Money{}, scenario(), k_trust, {0, 1}, {9, 6});
}

specflow::sim::ProviderMonth month(FinancialYear year, int m, ProviderId provider,
                                   std::int64_t income, std::int64_t forecast_income,
                                   std::int64_t forecast_pressure) {
    return {.month = {year, m},
            .provider = provider,
            .income = pence(income),
            .cost = Money{},
            .pressure = pence(-income),
            .unfunded_activity = Money{},
            .forecast = specflow::sim::ProviderForecast{.income = pence(forecast_income),
                                                        .cost = Money{},
                                                        .pressure = pence(forecast_pressure)}};
}

// Five replications: in the first FY the trust's forecast after M9 is v (income) and 100 − v
// (pressure), with v = 0, 10, 20, 30, 90; what it reports after M8, and the other provider's
// forecast, are not the forecast month's. In the second FY (forecast month 6) it is 2v and −v.
// The trust's first-year income is v, all of it from the first flow.
StressSink fed() {
    auto s = sink();
    for (const std::int64_t v : {0, 10, 20, 30, 90}) {
        s.on_provider_month(month(k_first, 8, k_trust, 0, 999, 999));
        s.on_provider_month(month(k_first, 9, k_trust, v, v, 100 - v));
        s.on_provider_month(month(k_first, 9, k_other, 0, 555, 555));
        s.on_flow_year({.year = k_first, .flow = 0, .value = pence(v)});
        s.on_flow_year({.year = k_first, .flow = 1, .value = Money{}});
        s.on_year_close({.year = k_first});
        s.on_provider_month(month(k_second, 6, k_trust, 0, 2 * v, -v));
        s.on_year_close({.year = k_second});
    }
    return s;
}

} // namespace

TEST_CASE("StressSink: the forecast outturn at each FY's forecast month, for its provider only") {
    const auto s = fed();
    // Sorted 0, 10, 20, 30, 90 and r = p × 4:
    // P5 = 0 + 0.2 × 10 = 2, P50 = 20, P95 = 30 + 0.8 × 60 = 78.
    const auto& income = s.forecast(Measure::income, 0);
    CHECK(income.count() == 5);
    CHECK(income.mean() == doctest::Approx(30));
    CHECK(income.quantile(0.05) == doctest::Approx(2));
    CHECK(income.quantile(0.50) == doctest::Approx(20));
    CHECK(income.quantile(0.95) == doctest::Approx(78));
    // 100 − v: 10, 70, 80, 90, 100: mean 70, P50 80, P5 10 + 0.2 × 60 = 22.
    const auto& pressure = s.forecast(Measure::pressure, 0);
    CHECK(pressure.mean() == doctest::Approx(70));
    CHECK(pressure.quantile(0.50) == doctest::Approx(80));
    CHECK(pressure.quantile(0.05) == doctest::Approx(22));
    // The second FY's at its own month: 2v = 0, 20, 40, 60, 180; P95 = 60 + 0.8 × 120 = 156.
    CHECK(s.forecast_month(1) == 6);
    CHECK(s.forecast(Measure::income, 1).quantile(0.95) == doctest::Approx(156));
    CHECK(s.forecast(Measure::pressure, 1).mean() == doctest::Approx(-30));
    // Merging two sinks adds their replications.
    auto twice = fed();
    twice.merge(fed());
    CHECK(twice.forecast(Measure::income, 0).count() == 10);
    CHECK(twice.forecast(Measure::income, 0).quantile(0.50) == doctest::Approx(20));
}

TEST_CASE("tornado_rows: the inputs that stand out, for income and for pressure") {
    const auto s = fed();
    const auto rows = specflow::reports::tornado_rows(s);
    // The first flow's value v is all of the income, but the North ICB pays it by block: for
    // income its chance is zero by construction. Pressure, −v, moves against it one for one:
    // a share of 1 − 1/n = 0.8 (every replication is number 0, one batch: no standard error).
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].total == "pressure");
    CHECK(rows[0].input == "North ICB × Chemotherapy");
    CHECK(rows[0].variance_share == doctest::Approx(0.8));
    CHECK(rows[0].standard_error == 0);
    CHECK(rows[0].direction == -1); // pressure falls as the flow's value rises
    CHECK(specflow::reports::stands_out(rows[0]));
    CHECK_FALSE(specflow::reports::stands_out(
        {.total = "income", .input = "x", .variance_share = 0.1, .standard_error = 0.05}));
    CHECK(specflow::reports::stands_out(
        {.total = "income", .input = "x", .variance_share = -0.11, .standard_error = 0.05}));
}

TEST_CASE("RunStore: a stress run keeps its kind, provider, exposure, forecast and tornado") {
    const auto dir =
        fs::temp_directory_path() / ("specflow-stress-test-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto s = fed();
    const auto sc = scenario();
    const specflow::reports::StressResults results{
        .sink = &s,
        .provider = k_trust,
        .exposure = {{k_first,
                      {{payer_icb(specflow::entities::IcbId{0}), ContractKind::block, pence(300)},
                       {payer_nhse(), ContractKind::drugs, pence(100)}}}},
        .tornado_year = k_first,
        .tornado = specflow::reports::tornado_rows(s)};
    specflow::reports::RunRecord record;
    record.command = "specflow stress --provider trust";
    record.scenario_name = "small";
    record.scenario_hash = "abc";
    record.replications = 5;
    record.kind = "stress";
    record.provider_code = "P0";
    std::int64_t run = 0;
    {
        specflow::reports::RunStore store(dir / "specflow.db");
        run = store.save(record, sc, {.summary = &s, .stress = &results});
        const auto stored = store.run(run);
        REQUIRE(stored.has_value());
        CHECK(stored->record.kind == "stress");
        CHECK(stored->record.provider_code == "P0");
        // £3.00 of £4.00 from North ICB's block, £1.00 from NHS England's drugs.
        const auto exposure = store.table(run, "provider_exposure");
        REQUIRE(exposure.size() == 3);
        CHECK(exposure[1] == std::vector<std::string>{"1", "P0", "2026/27", "I0", "North ICB",
                                                      "block", "300", "0.75"});
        CHECK(exposure[2] == std::vector<std::string>{"1", "P0", "2026/27", "NHSE", "NHS England",
                                                      "drugs", "100", "0.25"});
        // Pounds, as the other summaries: P50 of 0, 10, 20, 30, 90 pence is £0.20.
        const auto forecast = store.table(run, "provider_forecast_summary");
        REQUIRE(forecast.size() == 5); // two FYs × income and pressure
        CHECK(forecast[1][3] == "2026/27");
        CHECK(forecast[1][4] == "9");
        CHECK(forecast[1][5] == "income");
        CHECK(std::stod(forecast[1][9]) == doctest::Approx(0.20));
        CHECK(forecast[3][4] == "6");
        const auto tornado = store.table(run, "tornado");
        REQUIRE(tornado.size() == 2); // a header and the one row that stands out
        CHECK(std::vector<std::string>(tornado[1].begin(), tornado[1].begin() + 6) ==
              std::vector<std::string>{"1", "P0", "2026/27", "1", "pressure",
                                       "North ICB × Chemotherapy"});
        CHECK(std::stod(tornado[1][6]) == doctest::Approx(0.8));
        CHECK(tornado[1][8] == "-1"); // the direction: pressure moves against the input
    }
    fs::remove_all(dir);
}
