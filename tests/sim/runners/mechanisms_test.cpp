// Golden runs of the mechanisms that move risk (DESIGN.md §5–§8), each on a small scenario
// with the arithmetic in a comment: lead-ICB recharges, disputes, risk pools, LVA over the
// years, repatriation and upstream investment.

#include "sim/rules/lva.hpp"
#include "sim/rules/risk_pool.hpp"
#include "sim/runners/replication.hpp"
#include "sim/runners/year_plan.hpp"
#include "tests/sim/runners/lva_pair.hpp"
#include "tests/sim/runners/recording_sink.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>
#include <map>

namespace {

using namespace specflow::testing;
using specflow::entities::ContractKind;
using specflow::entities::FinancialMonth;
using specflow::entities::FinancialYear;
using specflow::entities::Money;
using specflow::entities::RechargeBasis;
using specflow::entities::Shock;
using specflow::sim::Model;
using specflow::sim::Sampling;

// Three ICBs A (host), B and C in one region, each with an activity contract at one provider
// for one line at £1,000 a case; A plans 120 cases a year, B 60 and C 0 (10, 5 and 0 a month);
// budgets £1.2m, £0.6m and £0.3m.
ScenarioBuilder hosted(specflow::entities::RechargeBasis basis,
                       specflow::entities::Settlement settlement) {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto a = b.icb("A", region, pounds(1'200'000));
    const auto bb = b.icb("B", region, pounds(600'000));
    const auto c = b.icb("C", region, pounds(300'000));
    const auto provider = b.provider("Provider", a);
    const auto line = b.line("Line", pounds(1'000));
    b.cost(provider, line, pounds(0), pounds(1));
    const std::int64_t plans[] = {120'000, 60'000, 0};
    const specflow::entities::IcbId icbs[] = {a, bb, c};
    for (int i = 0; i < 3; ++i) {
        const auto contract =
            b.contract(payer_icb(icbs[i]), provider, ContractKind::activity, Money{});
        b.flow(icbs[i], provider, line, plans[i], contract);
    }
    specflow::entities::LeadArrangement arrangement;
    arrangement.code = "hub";
    arrangement.host = a;
    arrangement.participants = {a, bb, c};
    arrangement.providers = {provider};
    arrangement.basis = basis;
    arrangement.settlement = settlement;
    b.scenario().lead_arrangements.push_back(arrangement);
    return b;
}

template <typename Effect>
Shock shock(Effect effect, FinancialMonth start, std::optional<FinancialMonth> end = std::nullopt) {
    Shock s;
    s.code = "test";
    s.start = start;
    s.end = end;
    s.effect = effect;
    return s;
}

const FinancialYear k_fy{2024};

} // namespace

TEST_CASE("lead ICB: recharges on the plan basis, monthly, by hand") {
    // Replication 0: A's and B's activity is their plan, 10 and 5 cases: the host pays
    // 15 × £1,000 = £15,000 a month. Plan shares 10:5:0 → A £10,000, B £5,000, C £0. B pays the
    // host £5,000; every ICB's spend is its own share; the recharges add up to what was paid.
    auto b =
        hosted(specflow::entities::RechargeBasis::plan, specflow::entities::Settlement::monthly);
    const Model model(b.scenario(), Sampling::expected_only);
    RecordingSink sink;
    specflow::sim::run_replication(model, {1, 0}, sink);
    REQUIRE(sink.recharges.size() == 36);
    for (std::size_t i = 0; i < sink.recharges.size(); i += 3) {
        CHECK(sink.recharges[i].host_paid == pounds(15'000));
        CHECK(sink.recharges[i].due == pounds(10'000));
        CHECK(sink.recharges[i + 1].due == pounds(5'000));
        CHECK(sink.recharges[i + 1].paid == pounds(5'000));
        CHECK(sink.recharges[i + 2].due == Money{});
    }
    CHECK(sink.icb(0, 4).spend == pounds(10'000));
    CHECK(sink.icb(1, 4).spend == pounds(5'000));
    CHECK(sink.icb(2, 4).spend == Money{});
}

TEST_CASE("lead ICB: every basis, monthly and quarterly, recharges sum to the host's payments") {
    using specflow::entities::RechargeBasis;
    using specflow::entities::Settlement;
    for (const auto basis :
         {RechargeBasis::activity, RechargeBasis::plan, RechargeBasis::allocation}) {
        for (const auto settlement : {Settlement::monthly, Settlement::quarterly}) {
            auto b = hosted(basis, settlement);
            const Model model(b.scenario(), Sampling::poisson);
            RecordingSink sink;
            specflow::sim::run_replication(model, {5, 2}, sink);
            CHECK(sink.recharges.size() == (settlement == Settlement::monthly ? 36U : 12U));
            for (std::size_t i = 0; i < sink.recharges.size(); i += 3) {
                CHECK(sink.recharges[i].due + sink.recharges[i + 1].due +
                          sink.recharges[i + 2].due ==
                      sink.recharges[i].host_paid);
            }
            if (basis == RechargeBasis::allocation) {
                // Budgets £1.2m : £0.6m : £0.3m → 4/7, 2/7 and 1/7 of what the host paid.
                // C's due is a seventh of the host's payments, to the penny.
                const auto paid = sink.recharges[0].host_paid;
                CHECK(paid > Money{});
                CHECK(std::llabs(sink.recharges[2].due.pence() * 7 - paid.pence()) <= 7);
            }
        }
    }
}

// Three ICBs buy two lines priced £453 and £60,000 in different mixes from one provider, each
// under its own activity contract; A hosts all three contracts.
ScenarioBuilder mixed_prices(std::optional<specflow::entities::RechargeBasis> basis) {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const specflow::entities::IcbId icbs[] = {b.icb("A", region, pounds(1'200'000)),
                                              b.icb("B", region, pounds(600'000)),
                                              b.icb("C", region, pounds(1'500'000))};
    const auto provider = b.provider("Provider", icbs[0]);
    const auto cheap = b.line("Cheap", pounds(453));
    const auto dear = b.line("Dear", pounds(60'000));
    b.cost(provider, cheap, pounds(0), pounds(1));
    b.cost(provider, dear, pounds(0), pounds(1));
    // Cases a year, in thousandths: A 120 cheap and 12 dear, B 1,200 cheap, C 24 dear.
    const std::int64_t cheap_plan[] = {120'000, 1'200'000, 0};
    const std::int64_t dear_plan[] = {12'000, 0, 24'000};
    for (int i = 0; i < 3; ++i) {
        const auto contract =
            b.contract(payer_icb(icbs[i]), provider, ContractKind::activity, Money{});
        if (cheap_plan[i] > 0) {
            b.flow(icbs[i], provider, cheap, cheap_plan[i], contract);
        }
        if (dear_plan[i] > 0) {
            b.flow(icbs[i], provider, dear, dear_plan[i], contract);
        }
    }
    if (basis) {
        specflow::entities::LeadArrangement arrangement;
        arrangement.code = "hub";
        arrangement.host = icbs[0];
        arrangement.participants = {icbs[0], icbs[1], icbs[2]};
        arrangement.providers = {provider};
        arrangement.basis = *basis;
        b.scenario().lead_arrangements.push_back(arrangement);
    }
    return b;
}

TEST_CASE("value basis: in the expected-value run it moves no money between ICBs whose activity "
          "equals plan") {
    // A month's activity value: A 10 × £453 + 1 × £60,000 = £64,530; B 100 × £453 = £45,300;
    // C 2 × £60,000 = £120,000. A pays the provider £229,830 and, by value, recharges B £45,300
    // and C £120,000: each ICB's outturn is what it is when each pays its own contract. By case
    // counts (11, 100, 2 of 113) B would be recharged £203,389.38 for £45,300 of care.
    auto own = mixed_prices(std::nullopt);
    const Model own_model(own.scenario(), Sampling::expected_only);
    RecordingSink alone;
    specflow::sim::run_replication(own_model, {1, 0}, alone);
    for (const auto basis : {RechargeBasis::value, RechargeBasis::activity}) {
        auto hub = mixed_prices(basis);
        const Model model(hub.scenario(), Sampling::expected_only);
        RecordingSink sink;
        specflow::sim::run_replication(model, {1, 0}, sink);
        for (int month = 1; month <= 12; ++month) {
            CAPTURE(month);
            CHECK(sink.icb(0, month).spend + sink.icb(1, month).spend + sink.icb(2, month).spend ==
                  pounds(229'830));
            if (basis == RechargeBasis::value) {
                CHECK(sink.icb(0, month).spend == pounds(64'530));
                CHECK(sink.icb(1, month).recharges == pounds(45'300));
                CHECK(sink.icb(2, month).recharges == pounds(120'000));
                for (std::uint32_t icb = 0; icb < 3; ++icb) {
                    CHECK(sink.icb(icb, month).variance == alone.icb(icb, month).variance);
                }
            } else {
                CHECK(sink.icb(1, month).recharges == Money::from_pence(20'338'938));
            }
        }
    }
}

TEST_CASE("hosting cost: the host pays the hub's cost monthly and recharges it on the basis") {
    // A's plan is 120 cases a year and B's 60, C's none, at £1,000: A pays the provider £15,000
    // a month. With a £120,000 hub a year A also pays £10,000 a month, so it recharges £25,000
    // by plan, 120 : 60 : 0 — B is due £8,333.33 (£5,000 of care, £3,333.33 of hub), A bears
    // £16,666.67, C nothing.
    auto b =
        hosted(specflow::entities::RechargeBasis::plan, specflow::entities::Settlement::monthly);
    b.scenario().lead_arrangements[0].hosting_cost = pounds(120'000);
    const Model model(b.scenario(), Sampling::expected_only);
    RecordingSink sink;
    specflow::sim::run_replication(model, {1, 0}, sink);
    for (int month = 1; month <= 12; ++month) {
        CAPTURE(month);
        CHECK(sink.icb(0, month).hosting == pounds(10'000));
        CHECK(sink.icb(1, month).recharges == Money::from_pence(833'333));
        CHECK(sink.icb(0, month).spend == Money::from_pence(1'666'667));
        CHECK(sink.icb(1, month).spend == Money::from_pence(833'333));
        CHECK(sink.icb(2, month).spend == Money{});
    }
}

TEST_CASE("dispute: what B withholds is still owed, and its outturn bears it and the host carries "
          "the cash") {
    // A hosts B's and C's contracts; A's own plan is 120 cases a year and B's 60, at £1,000:
    // A pays the provider £15,000 a month and recharges B £5,000 (the plan basis). B withholds
    // 40% from M4 until the arbiter settles in M9: £2,000 a month for M4..M8 = £10,000, which B
    // pays in M9.
    auto b =
        hosted(specflow::entities::RechargeBasis::plan, specflow::entities::Settlement::monthly);
    const Model undisputed(b.scenario(), Sampling::expected_only);
    RecordingSink before;
    specflow::sim::run_replication(undisputed, {1, 0}, before);
    specflow::entities::Dispute dispute;
    dispute.arrangement = 0;
    dispute.participant = specflow::entities::IcbId(1);
    dispute.withheld_bp = 4'000;
    dispute.settled = {k_fy, 9};
    b.scenario().shocks.push_back(shock(dispute, {k_fy, 4}));
    const Model model(b.scenario(), Sampling::expected_only);
    RecordingSink sink;
    specflow::sim::run_replication(model, {1, 0}, sink);
    Money outstanding_m8;
    Money settled_m9;
    for (const auto& r : sink.recharges) {
        if (r.participant.value() == 1 && r.month.month == 8 && r.due > Money{}) {
            outstanding_m8 = r.outstanding;
            CHECK(r.withheld == pounds(2'000));
            CHECK(r.paid == pounds(3'000));
        }
        if (r.participant.value() == 1 && r.month.month == 9 && r.due.is_zero()) {
            settled_m9 = r.paid;
        }
    }
    CHECK(outstanding_m8 == pounds(10'000));
    CHECK(settled_m9 == pounds(10'000));
    // Accrued (DESIGN.md §6): B's spend is its whole £5,000 every month, withheld or not, and
    // A's is £15,000 − £5,000 = £10,000; the ruling in M9 moves cash only.
    for (const int month : {3, 4, 8, 9, 12}) {
        CAPTURE(month);
        CHECK(sink.icb(1, month).spend == pounds(5'000));
        CHECK(sink.icb(1, month).recharges == pounds(5'000));
        CHECK(sink.icb(0, month).spend == pounds(10'000));
        CHECK(sink.icb(0, month).recharges == -pounds(5'000));
    }
    // A's cash exposure at each month's end is what B owes it: £2,000 × months withheld, back
    // to zero once the arbiter rules (monthly settlement leaves no open period at a month end).
    CHECK(sink.icb(0, 3).host_exposure == Money{});
    CHECK(sink.icb(0, 4).host_exposure == pounds(2'000));
    CHECK(sink.icb(0, 8).host_exposure == pounds(10'000));
    CHECK(sink.icb(0, 9).host_exposure == Money{});
    CHECK(sink.icb(1, 8).host_exposure == Money{}); // B hosts nothing
    // So every ICB's outturn, month by month, is what it was without the dispute.
    for (int month = 1; month <= 12; ++month) {
        for (std::uint32_t icb = 0; icb < 3; ++icb) {
            CAPTURE(month);
            CAPTURE(icb);
            CHECK(sink.icb(icb, month).variance == before.icb(icb, month).variance);
        }
    }
}

TEST_CASE("risk pool: transfers net to zero and match the rule each quarter") {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto provider_icb = b.icb("X", region, pounds(1'200'000));
    (void)b.icb("Y", region, pounds(2'400'000));
    const auto provider = b.provider("Provider", provider_icb);
    const auto line = b.line("Line", pounds(10'000));
    b.cost(provider, line, pounds(0), pounds(1));
    for (std::uint32_t i = 0; i < 2; ++i) {
        const auto icb = specflow::entities::IcbId(i);
        const auto contract = b.contract(payer_icb(icb), provider, ContractKind::activity, Money{});
        b.flow(icb, provider, line, 120'000 * (i + 1), contract);
    }
    specflow::entities::RiskPool pool;
    pool.code = "pool";
    pool.members = {specflow::entities::IcbId(0), specflow::entities::IcbId(1)};
    pool.settlement = specflow::entities::Settlement::quarterly;
    pool.threshold = pounds(5'000);
    pool.cap = pounds(40'000);
    b.scenario().risk_pools.push_back(pool);
    const Model model(b.scenario(), Sampling::poisson);
    RecordingSink sink;
    specflow::sim::run_replication(model, {3, 1}, sink);
    REQUIRE(sink.pools.size() == 8);
    for (std::size_t q = 0; q < 4; ++q) {
        const auto& x = sink.pools[2 * q];
        const auto& y = sink.pools[2 * q + 1];
        CHECK(x.transfer + y.transfer == Money{});
        const Money variances[] = {x.variance, y.variance};
        const std::int64_t weights[] = {pounds(1'200'000).pence(), pounds(2'400'000).pence()};
        const auto expected =
            specflow::sim::rules::settle_risk_pool({variances, weights, pool.threshold, pool.cap});
        CHECK(x.transfer == expected[0]);
        CHECK(y.transfer == expected[1]);
    }
}

TEST_CASE("repatriation moves the expected activity and strands the losing trust's fixed cost") {
    // One ICB, two providers, activity contracts at £5,900 a case. The far provider plans 120
    // cases a year (10 a month) with fixed costs of £600,000 a year and £900 a case: £5,900 a
    // case at plan. From M7, 30% moves to the local provider: 3 cases a month for six months =
    // 18 cases. The far provider loses 18 × £5,900 = £106,200 of income and saves 18 × £900 =
    // £16,200 of cost: its pressure rises by £90,000 = 30% of six months of fixed cost.
    const auto build = [](bool shocked) {
        ScenarioBuilder b;
        const auto region = b.region("Region");
        const auto icb = b.icb("ICB", region, pounds(2'000'000));
        const auto far = b.provider("Far", icb);
        const auto local = b.provider("Local", icb);
        const auto line = b.line("Line", pounds(5'900));
        b.cost(far, line, pounds(600'000), pounds(900));
        b.cost(local, line, pounds(0), pounds(900));
        b.flow(icb, far, line, 120'000,
               b.contract(payer_icb(icb), far, ContractKind::activity, Money{}));
        (void)b.contract(payer_icb(icb), local, ContractKind::activity, Money{});
        if (shocked) {
            specflow::entities::Repatriation move{icb, line, far, local, 3'000};
            b.scenario().shocks.push_back(shock(move, {k_fy, 7}));
        }
        return b;
    };
    auto base_builder = build(false);
    auto shocked_builder = build(true);
    const auto base_plan = specflow::sim::plan_years(base_builder.scenario(), 1);
    const auto shocked_plan = specflow::sim::plan_years(shocked_builder.scenario(), 1);
    REQUIRE(shocked_plan[0].scenario.flows.size() == 2); // the local flow was added
    const Model base(base_plan[0].scenario, Sampling::expected_only);
    const Model shocked(shocked_plan[0].scenario, Sampling::expected_only);
    CHECK(shocked.expected_milli(0, 6) == 10'000);
    CHECK(shocked.expected_milli(0, 7) == 7'000);
    CHECK(shocked.expected_milli(1, 7) == 3'000);
    RecordingSink before;
    RecordingSink after;
    specflow::sim::run_replication(base, {1, 0}, before);
    specflow::sim::run_replication(shocked, {1, 0}, after);
    Money pressure_before;
    Money pressure_after;
    Money local_income;
    for (int m = 1; m <= 12; ++m) {
        pressure_before += before.provider(0, m).pressure;
        pressure_after += after.provider(0, m).pressure;
        local_income += after.provider(1, m).income;
    }
    CHECK(pressure_after - pressure_before == pounds(90'000));
    CHECK(local_income == pounds(18 * 5'900));
}

TEST_CASE("upstream investment: the saving lands with the ICB when delegated, with NHS England "
          "when not") {
    // £2,000 a month invested from M1 (£24,000 a year); after a 3-month lag the ICB's activity
    // (10 cases a month at £2,000, activity contract) falls 20%: 2 cases × £2,000 = £4,000 a
    // month saved for M4..M12 = £36,000. The ICB population's spend falls by £36,000 either way;
    // the money saved, less what the pathway cost, stays where the budget is held: the ICB's
    // account when delegated, the region's (NHS England's) when joint.
    for (const auto status : {specflow::entities::DelegationStatus::delegated,
                              specflow::entities::DelegationStatus::joint}) {
        ScenarioBuilder b;
        const auto region = b.region("Region");
        const auto icb = b.icb("ICB", region, pounds(240'000));
        b.scenario().icbs[0].delegation = status;
        const auto provider = b.provider("Provider", icb);
        const auto line = b.line("Spinal surgery", pounds(2'000));
        b.cost(provider, line, pounds(0), pounds(500));
        b.flow(icb, provider, line, 120'000,
               b.contract(payer_icb(icb), provider, ContractKind::activity, Money{}));
        specflow::entities::UpstreamInvestment investment{icb, pounds(2'000), line, 3, 2'000};
        b.scenario().shocks.push_back(shock(investment, {k_fy, 1}));
        const Model model(b.scenario(), Sampling::expected_only);
        RecordingSink sink;
        specflow::sim::run_replication(model, {1, 0}, sink);
        Money spend;
        Money invested;
        for (int m = 1; m <= 12; ++m) {
            spend += sink.icb(0, m).spend;
            invested += sink.icb(0, m).local_investment;
            CHECK(sink.icb(0, m).held_by_icb ==
                  (status == specflow::entities::DelegationStatus::delegated));
        }
        CHECK(spend == pounds(240'000 - 36'000));
        CHECK(invested == pounds(24'000));
        // The year's underspend after the pathway, £36,000 − £24,000 = £12,000, leaves a
        // delegated ICB's budget at year end (released to its other budgets, as it is not
        // ringfenced); under joint commissioning NHS England's region keeps it. A bug released
        // the whole £36,000, as if the pathway had cost nothing, and left the ICB's account
        // £24,000 overdrawn.
        const auto& december = sink.icb(0, 12);
        if (status == specflow::entities::DelegationStatus::delegated) {
            CHECK(december.released == pounds(12'000));
        } else {
            CHECK(december.released == Money{});
        }
    }
}

TEST_CASE("LVA: the year-4 value is the mean of the actual values of years 1 to 3, uplifted") {
    // One ICB pays one provider £240,000 a year by LVA for 12 transplants a year at £20,000.
    // Each year prices rise by cost uplift 3% − efficiency 1% = 2%. With a marginal cost of £1
    // a case the year's cases can be read back from the provider's cost. Year 4's LVA value
    // must be mean(v1, v2, v3) × 1.02 where v_y = cases_y × price_y, and it is paid in twelfths.
    auto b = lva_transplant_pair(4);
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 4),
                                        Sampling::poisson);
    RecordingSink sink;
    specflow::sim::run_replication(model, {9, 4}, sink);
    std::vector<Money> actual;
    Money year_four_income;
    for (std::size_t y = 0; y < 4; ++y) {
        std::int64_t cases = 0;
        for (const auto& row : sink.providers) {
            if (row.month.year.start_year() == 2024 + static_cast<int>(y)) {
                cases += row.cost.pence() / 100;
                if (y == 3) {
                    year_four_income += row.income;
                }
            }
        }
        actual.push_back(model.plan(y).scenario.service_lines[0].unit_price * cases);
    }
    // Prices: £20,000, £20,400, £20,808, £21,224.16.
    CHECK(model.plan(3).scenario.service_lines[0].unit_price == Money::from_pence(2'122'416));
    const auto expected = specflow::sim::rules::lva_value(std::span(actual).first(3), 200);
    CHECK(year_four_income == expected);
    CHECK(expected != pounds(240'000)); // the draws moved it
}

namespace {

// Two years, prices rising 2%: the allocation needs only to exist. Its budget is more than the
// contracts cost and the whole of the headroom is held in reserve, so the commissioning plan
// invests nothing and the contracts keep their values.
void two_years(ScenarioBuilder& b, Money threshold_year_two) {
    auto& allocation = b.scenario().allocation;
    allocation.baseline_total = pounds(1'000'000);
    allocation.delegable_share_bp = 10'000;
    for (int y = 0; y < 2; ++y) {
        specflow::entities::YearPolicy year;
        year.year = FinancialYear(2024 + y);
        year.budget = pounds(1'000'000);
        year.cost_uplift_bp = 300;
        year.efficiency_bp = 100;
        year.reserve_bp = 10'000;
        if (y == 1) {
            year.lva_threshold = threshold_year_two;
        }
        allocation.years.push_back(year);
    }
}

// Providers' income by FY and contract kind in the expected-value run of the plans.
std::map<std::pair<int, ContractKind>, Money>
income_by_kind(const std::vector<specflow::sim::YearPlan>& plans) {
    const specflow::sim::RunModel model(plans, Sampling::expected_only);
    RecordingSink sink;
    specflow::sim::run_replication(model, {1, 0}, sink);
    std::map<std::pair<int, ContractKind>, Money> totals;
    for (const auto& row : sink.incomes) {
        totals[{row.month.year.start_year(), row.kind}] += row.amount;
    }
    return totals;
}

// One ICB's two pairs at one line priced £20,000: X, a £200,000 block for 10 cases a year, and
// Y, a £240,000 LVA for 12; the LVA threshold £500,000.
struct TwoPairs {
    ScenarioBuilder b;
    specflow::entities::ContractId block; // X's
    specflow::entities::ContractId lva;   // Y's
};

TwoPairs two_pairs() {
    TwoPairs pairs;
    auto& b = pairs.b;
    const auto region = b.region("Region");
    const auto icb = b.icb("ICB", region, Money{});
    const auto x = b.provider("X", icb);
    const auto y = b.provider("Y", icb);
    const auto line = b.line("Line", pounds(20'000));
    b.cost(x, line, pounds(0), pounds(1));
    b.cost(y, line, pounds(0), pounds(1));
    pairs.block = b.contract(payer_icb(icb), x, ContractKind::block, pounds(200'000));
    pairs.lva = b.contract(payer_icb(icb), y, ContractKind::lva, pounds(240'000));
    b.flow(icb, x, line, 10'000, pairs.block);
    b.flow(icb, y, line, 12'000, pairs.lva);
    b.scenario().policy.lva_threshold = pounds(500'000);
    return pairs;
}

} // namespace

TEST_CASE("LVA: pairs cross the threshold in both directions at the year end") {
    // X: a £200,000 block for 10 cases a year at £20,000 — under the £500,000 threshold, so in
    // year 2 it is paid by LVA at its year-1 actual value (10 × £20,000) × 1.02 = £204,000.
    // Y: a £240,000 LVA for 12 cases; the year-2 threshold falls to £100,000, so Y becomes a
    // block at 12 × £20,000 × 1.02 = £244,800.
    auto pairs = two_pairs();
    auto& b = pairs.b;
    SUBCASE("X becomes LVA") {
        two_years(b, pounds(500'000));
        const auto totals = income_by_kind(specflow::sim::plan_years(b.scenario(), 2));
        CHECK(totals.at({2024, ContractKind::block}) == pounds(200'000));
        CHECK(totals.at({2025, ContractKind::lva}) == pounds(204'000 + 244'800));
    }
    SUBCASE("Y becomes a block when the threshold falls below its value") {
        two_years(b, pounds(100'000));
        const auto totals = income_by_kind(specflow::sim::plan_years(b.scenario(), 2));
        CHECK(totals.at({2024, ContractKind::lva}) == pounds(240'000));
        // X (£200,000 × 1.02 = £204,000 rebased) and Y (£244,800) are both blocks in year 2.
        CHECK(totals.at({2025, ContractKind::block}) == pounds(204'000 + 244'800));
    }
}

TEST_CASE("LVA: the years before the first join the rolling average from year 2") {
    // Y: a £240,000 LVA for 12 cases a year at £20,000, whose actual values in the two FYs
    // before the first were £330,000 and £210,000. Year 1 pays the plan's £240,000; year 2 pays
    // mean(£330,000, £210,000, £240,000) × 1.02 = £260,000 × 1.02 = £265,200 (without the
    // history it would be £244,800). X: a £200,000 block under the £500,000 threshold, whose
    // past values were £140,000 and £200,000: a block in year 1, then LVA at
    // mean(£140,000, £200,000, £200,000) × 1.02 = £180,000 × 1.02 = £183,600.
    auto pairs = two_pairs();
    auto& b = pairs.b;
    b.scenario().contracts[pairs.block.index()].lva_history = {pounds(140'000), pounds(200'000)};
    b.scenario().contracts[pairs.lva.index()].lva_history = {pounds(330'000), pounds(210'000)};
    two_years(b, pounds(500'000));
    const auto plans = specflow::sim::plan_years(b.scenario(), 2);
    const auto totals = income_by_kind(plans);
    CHECK(totals.at({2024, ContractKind::block}) == pounds(200'000));
    CHECK(totals.at({2024, ContractKind::lva}) == pounds(240'000));
    CHECK(totals.at({2025, ContractKind::lva}) == pounds(183'600 + 265'200));
    // The year plan commits the same LVA terms, so its expected value agrees with the run.
    REQUIRE(plans[1].commissioning.size() == 2);
    CHECK(plans[1].commissioning[0].committed == pounds(183'600 + 265'200));
}

TEST_CASE("payment basis change: transplants move out of an LVA block onto activity from year 2") {
    // An LVA contract covers transplants (6 a year at £20,000) and dialysis (120 at £2,000):
    // £360,000. From 2025/26 transplants are paid by activity: a new activity contract pays
    // 6 × £20,400 = £122,400, and the LVA keeps dialysis. (Bug fixed: the LVA's rolling average
    // used to count the transplants it no longer covers.)
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto icb = b.icb("ICB", region, Money{});
    const auto provider = b.provider("Trust", icb);
    const auto transplant = b.line("Renal transplant", pounds(20'000));
    const auto dialysis = b.line("Dialysis", pounds(2'000));
    b.cost(provider, transplant, pounds(0), pounds(1));
    b.cost(provider, dialysis, pounds(0), pounds(1));
    const auto lva = b.contract(payer_icb(icb), provider, ContractKind::lva, pounds(360'000));
    b.flow(icb, provider, transplant, 6'000, lva);
    b.flow(icb, provider, dialysis, 120'000, lva);
    two_years(b, pounds(500'000));
    specflow::entities::PaymentBasisChange change{transplant, ContractKind::activity, std::nullopt,
                                                  std::nullopt};
    b.scenario().shocks.push_back(shock(change, {FinancialYear{2025}, 1}));
    const auto plans = specflow::sim::plan_years(b.scenario(), 2);
    REQUIRE(plans[1].scenario.contracts.size() == 2);
    CHECK(plans[1].scenario.contracts[1].kind == ContractKind::activity);
    const auto totals = income_by_kind(plans);
    CHECK(totals.at({2024, ContractKind::lva}) == pounds(360'000));
    CHECK(totals.at({2025, ContractKind::activity}) == pounds(122'400));
    // The LVA keeps dialysis only: £360,000 × 1.02 − £122,400 = £244,800 (its rolling average
    // starts afresh, since its past activity included the transplants).
    CHECK(totals.at({2025, ContractKind::lva}) == pounds(244'800));
}
