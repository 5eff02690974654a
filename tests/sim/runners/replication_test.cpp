// Golden runs of the monthly cycle on a one-ICB scenario with one provider per contract kind.
// Every flow plans 120 cases a year at £1,000 (10 a month, flat profile); every provider has a
// fixed cost of £600,000 a year (£50,000 a month).

#include "sim/runners/replication.hpp"
#include "tests/sim/runners/recording_sink.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>

namespace {

using namespace specflow::testing;
using specflow::entities::ContractKind;
using specflow::entities::Money;
using specflow::sim::Model;
using specflow::sim::Sampling;

// Providers 0..3 are paid by block, api, activity and lva in that order; provider 4 by API at
// 75% above and 50% below plan. Marginal cost is `marginal` per case.
ScenarioBuilder four_kinds(Money marginal) {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto icb = b.icb("Alpha, Beta and Gamma", region, pounds(2'700'000));
    const auto line = b.line("Renal transplant", pounds(1'000));
    const struct {
        ContractKind kind;
        Money value;
        std::int32_t above_bp;
        std::int32_t below_bp;
    } terms[] = {
        {ContractKind::block, Money::from_pence(120'000'005), 10'000, 10'000},
        {ContractKind::api, pounds(1'200'000), 10'000, 10'000},
        {ContractKind::activity, Money{}, 10'000, 10'000},
        {ContractKind::lva, pounds(240'000), 10'000, 10'000},
        {ContractKind::api, pounds(1'200'000), 7'500, 5'000},
    };
    for (const auto& t : terms) {
        const auto provider = b.provider("Provider", icb);
        b.cost(provider, line, pounds(600'000), marginal);
        const auto contract =
            b.contract(payer_icb(icb), provider, t.kind, t.value, t.above_bp, t.below_bp);
        b.flow(icb, provider, line, 120'000, contract);
    }
    return b;
}

} // namespace

TEST_CASE("replication 0 pays each contract kind by hand-checked arithmetic") {
    auto builder = four_kinds(pounds(900));
    const Model model(builder.scenario(), Sampling::expected_only);
    RecordingSink sink;
    specflow::sim::run_replication(model, {42, 0}, sink);
    REQUIRE(sink.closes.size() == 12);

    // Cost every month: £50,000 fixed + 10 × £900 = £59,000.
    for (std::uint32_t p = 0; p < 5; ++p) {
        CHECK(sink.provider(p, 1).cost == pounds(59'000));
    }
    // Block: £1,200,000.05 → £100,000.01 in M1..M5, £100,000.00 after; pressure M1 =
    // £59,000 − £100,000.01 = −£41,000.01.
    CHECK(sink.provider(0, 1).income == Money::from_pence(10'000'001));
    CHECK(sink.provider(0, 1).pressure == Money::from_pence(-4'100'001));
    CHECK(sink.provider(0, 6).income == pounds(100'000));
    // API at plan: fixed £100,000 and no variable element.
    CHECK(sink.provider(1, 1).income == pounds(100'000));
    // Activity: 10 × £1,000 = £10,000; pressure £59,000 − £10,000 = £49,000.
    CHECK(sink.provider(2, 3).income == pounds(10'000));
    CHECK(sink.provider(2, 3).pressure == pounds(49'000));
    // LVA: £240,000 / 12 = £20,000.
    CHECK(sink.provider(3, 12).income == pounds(20'000));
    // ICB: budget £2,700,000 / 12 = £225,000; M1 spend 100,000.01 + 100,000 + 10,000 + 20,000
    // + 100,000 = £330,000.01; variance £225,000 − £330,000.01 = −£105,000.01 (overspent).
    CHECK(sink.icb(0, 1).budget == pounds(225'000));
    CHECK(sink.icb(0, 1).spend == Money::from_pence(33'000'001));
    CHECK(sink.icb(0, 1).variance == Money::from_pence(-10'500'001));
    // The national budget (the ICB's £2.7m) entered once and nothing else did.
    CHECK(sink.closes.back().ledger.issued_to_date == pounds(2'700'000));
}

TEST_CASE("stochastic activity: each kind pays by its rule, month by month") {
    // With a marginal cost of £1 a case, a month's cost is £50,000 + cases × £1, so the test
    // can read the drawn cases back from the cost and check each payment against them.
    auto builder = four_kinds(pounds(1));
    const Model model(builder.scenario(), Sampling::poisson);
    RecordingSink sink;
    specflow::sim::run_replication(model, {7, 3}, sink);
    int months_off_plan = 0;
    for (int month = 1; month <= 12; ++month) {
        const auto cases = [&](std::uint32_t p) {
            return (sink.provider(p, month).cost - pounds(50'000)).pence() / 100;
        };
        const auto block_expected = month <= 5 ? Money::from_pence(10'000'001) : pounds(100'000);
        CHECK(sink.provider(0, month).income == block_expected);
        CHECK(sink.provider(0, month).unfunded_activity ==
              pounds(std::max<std::int64_t>(0, cases(0) - 10) * 1'000));
        // API 100%/100%: £100,000 + (cases − 10) × £1,000.
        CHECK(sink.provider(1, month).income == pounds(100'000 + (cases(1) - 10) * 1'000));
        // Activity: cases × £1,000.
        CHECK(sink.provider(2, month).income == pounds(cases(2) * 1'000));
        CHECK(sink.provider(3, month).income == pounds(20'000));
        // API 75%/50%: £100,000 + (cases − 10) × £1,000 × 75% above plan or × 50% below.
        const auto d = cases(4) - 10;
        const auto variable = d >= 0 ? d * 750 : d * 500;
        CHECK(sink.provider(4, month).income == pounds(100'000 + variable));
        for (std::uint32_t p = 0; p < 5; ++p) {
            months_off_plan += cases(p) != 10 ? 1 : 0;
            CHECK(sink.provider(p, month).pressure ==
                  sink.provider(p, month).cost - sink.provider(p, month).income);
        }
    }
    CHECK(months_off_plan > 30); // Poisson(10) is off plan seven times in eight
}

TEST_CASE("same seed and replication give identical runs, and another seed differs") {
    auto builder = four_kinds(pounds(1));
    const Model model(builder.scenario(), Sampling::poisson);
    RecordingSink first;
    RecordingSink again;
    RecordingSink other;
    specflow::sim::run_replication(model, {7, 1}, first);
    specflow::sim::run_replication(model, {7, 1}, again);
    specflow::sim::run_replication(model, {8, 1}, other);
    bool any_difference = false;
    for (std::size_t i = 0; i < first.providers.size(); ++i) {
        CHECK(first.providers[i].cost == again.providers[i].cost);
        CHECK(first.providers[i].income == again.providers[i].income);
        any_difference = any_difference || first.providers[i].cost != other.providers[i].cost;
    }
    CHECK(any_difference);
}

namespace {

// One ICB paying one provider a £1.2m block for 120 cases a year, and a second ICB, "Joined",
// with a £600,000 budget and no contracts; `status` is the second ICB's delegation.
ScenarioBuilder with_second_icb(specflow::entities::DelegationStatus status) {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto icb = b.icb("Stays", region, pounds(1'200'000));
    const auto line = b.line("Line", pounds(10'000));
    const auto provider = b.provider("Provider", icb);
    b.cost(provider, line, pounds(0), pounds(1));
    b.flow(icb, provider, line, 120'000,
           b.contract(payer_icb(icb), provider, ContractKind::block, pounds(1'200'000)));
    const auto joined = b.icb("Joined", region, pounds(600'000));
    b.scenario().icbs[joined.index()].code = "NEW";
    b.scenario().icbs[joined.index()].delegation = status;
    return b;
}

} // namespace

TEST_CASE("books are rebuilt per FY: an ICB that first appears in year 2 opens its own") {
    // Year 1 has only "Stays"; year 2 adds "Joined" (£600,000: £50,000 a month, nothing spent).
    auto b = with_second_icb(specflow::entities::DelegationStatus::delegated);
    std::vector<specflow::sim::YearPlan> plans(2);
    plans[0].scenario = b.scenario();
    plans[0].scenario.icbs.pop_back();
    plans[1].scenario = b.scenario();
    plans[1].scenario.first_year = specflow::entities::FinancialYear{2025};
    const specflow::sim::RunModel model(std::move(plans), Sampling::expected_only);
    RecordingSink sink;
    specflow::sim::run_replication(model, {1, 0}, sink);
    REQUIRE(sink.closes.size() == 24); // every month closed with balanced books
    std::size_t joined_months = 0;
    for (const auto& month : sink.icbs) {
        if (month.icb.value() == 1) {
            ++joined_months;
            CHECK(month.month.year == specflow::entities::FinancialYear{2025});
            CHECK(month.budget == pounds(50'000));
            CHECK(month.spend == Money{});
            // Delegated: its year's £600,000 underspend is released at the year end.
            CHECK(month.released == (month.month.month == 12 ? pounds(600'000) : Money{}));
        }
    }
    CHECK(joined_months == 12);
}

TEST_CASE("books are rebuilt per FY: an ICB may not leave with money on its books unmapped") {
    // "Joined" is joint: NHS England's region holds its unspent £600,000, which nothing releases.
    // Without a reconfiguration mapping that money would have nowhere to go: refused.
    auto b = with_second_icb(specflow::entities::DelegationStatus::joint);
    std::vector<specflow::sim::YearPlan> plans(2);
    plans[0].scenario = b.scenario();
    plans[1].scenario = b.scenario();
    plans[1].scenario.icbs.pop_back();
    plans[1].scenario.first_year = specflow::entities::FinancialYear{2025};
    const specflow::sim::RunModel model(std::move(plans), Sampling::expected_only);
    RecordingSink sink;
    CHECK_THROWS_WITH_AS(specflow::sim::run_replication(model, {1, 0}, sink),
                         doctest::Contains("NEW leaves with money on its books"), std::logic_error);
}
