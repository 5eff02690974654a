// The Monte Carlo runner and its summaries: identical for any number of threads, and matching
// the closed forms on a scenario whose income is a sum of Poisson counts.

#include "../support/scenario_builder.hpp"
#include "reports/monte_carlo_summary.hpp"
#include "sim/runners/monte_carlo.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <doctest/doctest.h>
#include <span>
#include <stdexcept>
#include <vector>

namespace {

using namespace specflow::testing;
using specflow::entities::ContractKind;
using specflow::entities::Money;
using specflow::reports::Measure;
using specflow::reports::SummarySink;

SummarySink summarise(const specflow::sim::RunModel& model, const specflow::entities::Scenario& s,
                      std::uint32_t replications, std::uint32_t threads) {
    const specflow::reports::SummaryShape shape{s.providers.size(), s.icbs.size(),
                                                model.year_count(), s.first_year};
    const auto pilots =
        specflow::sim::run_monte_carlo(model, s.seed, {.replications = 100, .threads = 1}, [&] {
            return std::make_unique<specflow::reports::PilotSink>(shape);
        });
    const auto layout =
        specflow::reports::layout_from(static_cast<specflow::reports::PilotSink&>(*pilots[0]));
    auto sinks = specflow::sim::run_monte_carlo(
        model, s.seed, {.replications = replications, .threads = threads, .block_size = 7},
        [&] { return std::make_unique<SummarySink>(shape, layout, Money{}); });
    auto summary = std::move(static_cast<SummarySink&>(*sinks[0]));
    for (std::size_t i = 1; i < sinks.size(); ++i) {
        summary.merge(static_cast<const SummarySink&>(*sinks[i]));
    }
    return summary;
}

// Two ICBs, two providers, activity contracts only: a provider's yearly income is
// Σ price × Poisson(λ) over its flows, so E = Σ λ price and Var = Σ λ price².
ScenarioBuilder analytic() {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto a = b.icb("A", region, pounds(50'000'000));
    const auto c = b.icb("C", region, pounds(50'000'000));
    const auto p = b.provider("P", a);
    const auto q = b.provider("Q", c);
    const auto transplant = b.line("Transplant", pounds(17'000));
    const auto chemo = b.line("Chemotherapy", pounds(450));
    for (const auto provider : {p, q}) {
        b.cost(provider, transplant, pounds(1'000'000), pounds(9'000));
        b.cost(provider, chemo, pounds(100'000), pounds(300));
    }
    const auto ap = b.contract(payer_icb(a), p, ContractKind::activity, Money{});
    const auto cp = b.contract(payer_icb(c), p, ContractKind::activity, Money{});
    const auto cq = b.contract(payer_icb(c), q, ContractKind::activity, Money{});
    b.flow(a, p, transplant, 24'000, ap); // 24 a year
    b.flow(a, p, chemo, 3'600'000, ap);   // 3,600 a year
    b.flow(c, p, transplant, 6'500, cp);  // 6.5 a year
    b.flow(c, q, chemo, 1'200'000, cq);   // 1,200 a year
    return b;
}

} // namespace

TEST_CASE("Monte Carlo summaries are identical for 1 and 2 threads") {
    auto b = analytic();
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        specflow::sim::Sampling::poisson);
    const auto one = summarise(model, b.scenario(), 500, 1);
    const auto two = summarise(model, b.scenario(), 500, 2);
    CHECK(one.to_words() == two.to_words());
    CHECK(one.year(one.year_slot(Measure::income, 0, 0)).count() == 500);
}

TEST_CASE("Monte Carlo: the workers' times are counted without changing a number") {
    auto b = analytic();
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        specflow::sim::Sampling::poisson);
    const specflow::reports::SummaryShape shape{
        b.scenario().providers.size(), b.scenario().icbs.size(), 1, b.scenario().first_year};
    const auto run = [&](specflow::sim::MonteCarloTimes* times) {
        const auto sinks = specflow::sim::run_monte_carlo(
            model, b.scenario().seed, {.replications = 64, .threads = 2, .times = times},
            [&] { return std::make_unique<specflow::reports::PilotSink>(shape); });
        // Every replication's income of provider P's year, whichever worker ran it.
        std::vector<std::int64_t> values;
        for (const auto& sink : sinks) {
            const auto& pilot = static_cast<const specflow::reports::PilotSink&>(*sink);
            const auto some = pilot.year_values(pilot.year_slot(Measure::income, 0, 0));
            values.insert(values.end(), some.begin(), some.end());
        }
        std::sort(values.begin(), values.end());
        return values;
    };
    specflow::sim::MonteCarloTimes times;
    const auto timed = run(&times);
    CHECK(timed.size() == 64);
    CHECK(timed == run(nullptr));
    // Replications 1 .. 64 each draw their activity and run their monthly cycle: both take time.
    CHECK(times.draws_ns.load() > 0);
    CHECK(times.cycles_ns.load() > 0);
}

TEST_CASE("Monte Carlo mean and variance of income match the closed forms at R = 10,000") {
    auto b = analytic();
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        specflow::sim::Sampling::poisson);
    constexpr std::uint32_t k_replications = 10'000;
    const auto summary = summarise(model, b.scenario(), k_replications, 2);
    // In pence: P: E = 24 × 1,700,000 + 3,600 × 45,000 + 6.5 × 1,700,000
    //   = 40,800,000 + 162,000,000 + 11,050,000 = 213,850,000;
    //   Var = 24 × 1.7e6² + 3,600 × 45,000² + 6.5 × 1.7e6² = 9.5435e13.
    // Q: E = 1,200 × 45,000 = 54,000,000; Var = 1,200 × 45,000² = 2.43e12.
    const double expected_mean[] = {213'850'000.0, 54'000'000.0};
    const double expected_variance[] = {30.5 * 1.7e6 * 1.7e6 + 3'600.0 * 45'000.0 * 45'000.0,
                                        1'200.0 * 45'000.0 * 45'000.0};
    for (std::size_t p = 0; p < 2; ++p) {
        CAPTURE(p);
        const auto& income = summary.year(summary.year_slot(Measure::income, p, 0));
        const double n = static_cast<double>(income.count());
        const double se_mean = std::sqrt(expected_variance[p] / n);
        const double se_variance = expected_variance[p] * std::sqrt(2.0 / (n - 1));
        CHECK(std::fabs(income.mean() - expected_mean[p]) < 3 * se_mean);
        CHECK(std::fabs(income.variance() - expected_variance[p]) < 3 * se_variance);
    }
}

TEST_CASE("the summaries' layout from several workers' pilots is the one pilot's of them all") {
    // The ranges of pilot replications 1–100 in one sink, and in three sinks of replications
    // 1–30, 31–45 and 46–100 read together: every slot's least and greatest value are the same,
    // so are the ranges.
    auto b = analytic();
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        specflow::sim::Sampling::poisson);
    const auto& s = b.scenario();
    const specflow::reports::SummaryShape shape{s.providers.size(), s.icbs.size(),
                                                model.year_count(), s.first_year};
    const auto pilot = [&](std::uint32_t first, std::uint32_t count) {
        auto sinks = specflow::sim::run_monte_carlo(
            model, s.seed, {.first_replication = first, .replications = count, .threads = 1},
            [&] { return std::make_unique<specflow::reports::PilotSink>(shape); });
        return std::unique_ptr<specflow::reports::PilotSink>(
            static_cast<specflow::reports::PilotSink*>(sinks[0].release()));
    };
    const auto whole = specflow::reports::layout_from(*pilot(1, 100));
    const std::array parts_owned{pilot(1, 30), pilot(31, 15), pilot(46, 55)};
    std::vector<const specflow::reports::PilotSink*> parts;
    for (const auto& part : parts_owned) {
        parts.push_back(part.get());
    }
    const auto together = specflow::reports::layout_from(parts);
    CHECK(together.years == whole.years);
    CHECK(together.months == whole.months);
    // No part alone spans what they all do (else this test could not fail).
    for (const auto* part : parts) {
        CHECK(specflow::reports::layout_from(*part).years != whole.years);
    }
    CHECK_THROWS_AS(
        specflow::reports::layout_from(std::span<const specflow::reports::PilotSink* const>{}),
        std::invalid_argument);
}

TEST_CASE("Monte Carlo: income excluding drugs takes out the pass-through, and only it") {
    // P is paid a £1,000,000 block for 3,600 chemotherapy attendances a year, whose drugs
    // (£1,200,000 a year, £333.33 a case) NHS England passes through at cost. Whatever the
    // activity, P's income other than drugs is the block: every replication £1,000,000, so its
    // distribution has no spread, while the whole income moves with the drugs alone.
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto a = b.icb("A", region, pounds(50'000'000));
    const auto p = b.provider("P", a);
    const auto chemo = b.line("Chemotherapy", pounds(450));
    b.cost(p, chemo, pounds(100'000), pounds(300));
    b.scenario().drugs.push_back({p, chemo, pounds(1'200'000)});
    const auto block = b.contract(payer_icb(a), p, ContractKind::block, pounds(1'000'000));
    b.flow(a, p, chemo, 3'600'000, block);
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        specflow::sim::Sampling::poisson);
    const auto summary = summarise(model, b.scenario(), 2'000, 2);
    const auto& income = summary.year(summary.year_slot(Measure::income, 0, 0));
    const auto& own = summary.year(summary.year_slot(Measure::income_excl_drugs, 0, 0));
    const auto& drugs = summary.year(summary.year_slot(Measure::paid_drugs, 0, 0));
    REQUIRE(own.count() == 2'000);
    CHECK(own.mean() == 100'000'000.0);
    CHECK(own.variance() == 0.0);
    CHECK(own.quantile(0.05) == 100'000'000.0);
    CHECK(own.quantile(0.95) == 100'000'000.0);
    // The whole income is the block plus the drugs: E = £1,200,000 of drugs on average.
    CHECK(income.mean() - own.mean() == doctest::Approx(drugs.mean()));
    CHECK(drugs.mean() == doctest::Approx(120'000'000.0).epsilon(0.01));
    CHECK(income.variance() == doctest::Approx(drugs.variance()));
    CHECK(income.variance() > 0.0);
}
