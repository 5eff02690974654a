// ActivityTotals: a block's sums by contract and provider, added up in lanes, are each
// replication's own flows added up in 128 bits; a month whose sums might leave 64 bits is added
// up in 128.

#include "sim/runners/activity_totals.hpp"
#include "sim/runners/run_model.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>
#include <vector>

namespace {

using namespace specflow::testing;
using specflow::entities::ContractKind;
using specflow::entities::Int128;
using specflow::entities::Money;
using specflow::sim::ActivityTotals;
using specflow::sim::MonthCases;

// Two providers; P's transplants and chemotherapy on one contract, its chemotherapy's drugs
// passed through on NHS England's drugs contract; Q's chemotherapy on another.
ScenarioBuilder two_providers() {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto a = b.icb("A", region, pounds(50'000'000));
    const auto p = b.provider("P", a);
    const auto q = b.provider("Q", a);
    const auto transplant = b.line("Transplant", pounds(17'000));
    const auto chemo = b.line("Chemotherapy", pounds(450));
    b.cost(p, transplant, pounds(1'000'000), pounds(9'000));
    b.cost(p, chemo, pounds(100'000), pounds(300));
    b.cost(q, chemo, pounds(100'000), pounds(250));
    b.scenario().drugs.push_back({p, chemo, pounds(1'200'000)});
    const auto at_p = b.contract(payer_icb(a), p, ContractKind::activity, Money{});
    const auto at_q = b.contract(payer_icb(a), q, ContractKind::activity, Money{});
    b.flow(a, p, transplant, 600'000, at_p);
    b.flow(a, p, chemo, 3'600'000, at_p);
    b.flow(a, q, chemo, 1'200'000, at_q);
    return b;
}

struct Sums {
    std::vector<Int128> value;
    std::vector<std::int64_t> cases;
    std::vector<Int128> marginal;
};

// Replication r's sums as its monthly loop would add them up, flow by flow in 128 bits.
Sums added_up(const specflow::sim::Model& year, int month, MonthCases cases, std::uint32_t r) {
    const auto rows = year.flow_rows(month);
    Sums sums{std::vector<Int128>(year.scenario().contracts.size(), 0),
              std::vector<std::int64_t>(year.scenario().contracts.size(), 0),
              std::vector<Int128>(year.scenario().providers.size(), 0)};
    for (std::size_t f = 0; f < year.flow_count(); ++f) {
        const std::int64_t milli = cases(r, f) * 1000;
        sums.value[rows.contract[f]] += static_cast<Int128>(milli) * rows.price[f];
        sums.cases[rows.contract[f]] += milli;
        sums.marginal[rows.provider[f]] += static_cast<Int128>(milli) * rows.marginal[f];
        if (rows.drug_contract[f] != specflow::sim::Model::k_no_drugs) {
            sums.value[rows.drug_contract[f]] += static_cast<Int128>(milli) * rows.drug_price[f];
        }
    }
    return sums;
}

void check_sums(const ActivityTotals::Month& got, const Sums& want) {
    std::vector<Int128> value;
    std::vector<Int128> marginal;
    if (got.wide) {
        value.assign(got.wide_value_milli_pence.begin(), got.wide_value_milli_pence.end());
        marginal.assign(got.wide_marginal_units.begin(), got.wide_marginal_units.end());
    } else {
        value.assign(got.value_milli_pence.begin(), got.value_milli_pence.end());
        marginal.assign(got.marginal_units.begin(), got.marginal_units.end());
    }
    CHECK(value == want.value);
    CHECK(std::vector<std::int64_t>(got.cases_milli.begin(), got.cases_milli.end()) == want.cases);
    CHECK(marginal == want.marginal);
}

} // namespace

TEST_CASE("ActivityTotals: a block's sums are each replication's flows added up in 128 bits") {
    auto b = two_providers();
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        specflow::sim::Sampling::poisson);
    const auto& year = model.year(0);
    REQUIRE(year.flow_count() == 3);
    ActivityTotals totals(model.years());
    constexpr std::uint32_t count = 5;
    constexpr std::size_t lanes = 8;
    totals.resize(count);
    std::vector<std::vector<std::int64_t>> months;
    for (int month = 1; month <= 12; ++month) {
        // Replication r, flow f: (month + 3r + 7f) cases; the lanes past the block hold 0.
        std::vector<std::int64_t> counts(year.flow_count() * lanes, 0);
        for (std::uint32_t r = 0; r < count; ++r) {
            for (std::size_t f = 0; f < year.flow_count(); ++f) {
                counts[f * lanes + r] = month + 3 * r + 7 * static_cast<std::int64_t>(f);
            }
        }
        months.push_back(std::move(counts));
        totals.sum_month(0, month, {.data = months.back().data(), .lanes = lanes}, count);
    }
    for (int month = 1; month <= 12; ++month) {
        const MonthCases cases{.data = months[month - 1].data(), .lanes = lanes};
        for (std::uint32_t r = 0; r < count; ++r) {
            CAPTURE(month);
            CAPTURE(r);
            const auto got = totals.of(r, 0, month);
            CHECK_FALSE(got.wide);
            check_sums(got, added_up(year, month, cases, r));
        }
    }
    // By hand, month 1, replication 2: P's transplants 1 + 6 = 7 cases at £17,000 and its
    // chemotherapy 14 cases at £450: 7,000 × 1,700,000 + 14,000 × 45,000 = 11,900,000,000 +
    // 630,000,000 = 12,530,000,000 thousandths of a penny on P's contract, for 21,000
    // thousandths of a case.
    const auto by_hand = totals.of(2, 0, 1);
    REQUIRE(by_hand.value_milli_pence.size() == 3);
    CHECK(by_hand.value_milli_pence[0] == 12'530'000'000);
    CHECK(by_hand.cases_milli[0] == 21'000);
}

TEST_CASE("ActivityTotals: a month whose sums might pass 64 bits is added up in 128") {
    auto b = two_providers();
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        specflow::sim::Sampling::poisson);
    const auto& year = model.year(0);
    ActivityTotals totals(model.years());
    constexpr std::uint32_t count = 3;
    constexpr std::size_t lanes = 8;
    totals.resize(count);
    // Month 3: 10¹³ transplants in replication 1 (10¹⁶ thousandths at £17,000: 1.7 × 10²² >
    // 2⁶³); month 4: a handful each.
    std::vector<std::int64_t> huge(year.flow_count() * lanes, 0);
    std::vector<std::int64_t> small(year.flow_count() * lanes, 0);
    for (std::uint32_t r = 0; r < count; ++r) {
        for (std::size_t f = 0; f < year.flow_count(); ++f) {
            huge[f * lanes + r] = r == 1 && f == 0 ? 10'000'000'000'000 : 5 + r;
            small[f * lanes + r] = 2 + r + static_cast<std::int64_t>(f);
        }
    }
    totals.sum_month(0, 3, {.data = huge.data(), .lanes = lanes}, count);
    totals.sum_month(0, 4, {.data = small.data(), .lanes = lanes}, count);
    for (std::uint32_t r = 0; r < count; ++r) {
        CAPTURE(r);
        const auto month3 = totals.of(r, 0, 3);
        CHECK(month3.wide);
        check_sums(month3, added_up(year, 3, {.data = huge.data(), .lanes = lanes}, r));
        const auto month4 = totals.of(r, 0, 4);
        CHECK_FALSE(month4.wide);
        check_sums(month4, added_up(year, 4, {.data = small.data(), .lanes = lanes}, r));
    }
    CHECK(totals.of(1, 0, 3).wide_value_milli_pence[0] ==
          static_cast<Int128>(10'000'000'000'000'000) * 1'700'000 + 6'000 * Int128{45'000});
    // A new block forgets the wide month.
    totals.resize(count);
    totals.sum_month(0, 3, {.data = small.data(), .lanes = lanes}, count);
    CHECK_FALSE(totals.of(0, 0, 3).wide);
}
