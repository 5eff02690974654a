// ActivityDraws: the counts of a block of replications, drawn before they run, are the counts
// each replication draws alone; Monte Carlo summaries do not depend on the block size; and the
// block chosen by the model.

#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/zero_probability.hpp"
#include "sim/runners/activity_draws.hpp"
#include "sim/runners/monte_carlo.hpp"
#include "sim/runners/run_model.hpp"
#include "tests/sim/runners/recording_sink.hpp"
#include "tests/support/scenario_builder.hpp"

#include <array>
#include <doctest/doctest.h>
#include <numeric>

namespace {

using namespace specflow::testing;
using specflow::entities::ContractKind;
using specflow::entities::Money;
using specflow::sim::ActivityDraws;

// Two lines: transplants varying beyond Poisson chance (overdispersion and common factors, with
// a mean of 32 or more in some months so that the gamma and PTRS draws are used too), and
// chemotherapy by Poisson chance alone, drawn from its guide tables.
ScenarioBuilder mixed() {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto a = b.icb("A", region, pounds(50'000'000));
    const auto p = b.provider("P", a);
    const auto transplant = b.line("Transplant", pounds(17'000));
    const auto chemo = b.line("Chemotherapy", pounds(450));
    b.scenario().service_lines[transplant.index()].variation = {
        .monthly_cv_bp = 2'000, .national_cv_bp = 500, .provider_cv_bp = 1'000, .trend_sd_bp = 100};
    b.cost(p, transplant, pounds(1'000'000), pounds(9'000));
    b.cost(p, chemo, pounds(100'000), pounds(300));
    const auto contract = b.contract(payer_icb(a), p, ContractKind::activity, Money{});
    b.flow(a, p, transplant, 30'000, contract);  // 2.5 a month
    b.flow(a, p, transplant, 600'000, contract); // 50 a month
    b.flow(a, p, chemo, 3'600'000, contract);    // 300 a month
    b.flow(a, p, chemo, 6'000, contract);        // 0.5 a month
    return b;
}

// Every flow of the year, watched: ActivityDraws keeps their counts.
std::vector<std::size_t> every_flow(const specflow::sim::Model& year) {
    std::vector<std::size_t> flows(year.flow_count());
    std::iota(flows.begin(), flows.end(), std::size_t{0});
    return flows;
}

} // namespace

TEST_CASE("ActivityDraws: a block's counts are each replication's own, in any block") {
    auto b = mixed();
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        specflow::sim::Sampling::poisson);
    REQUIRE(model.year(0).any_varies());
    REQUIRE_FALSE(model.year(0).varies(2));
    ActivityDraws block(model.years(), every_flow(model.year(0)));
    block.draw(7, 3, 8); // replications 3..10
    CHECK(block.holds(7, 3));
    CHECK(block.holds(7, 10));
    CHECK_FALSE(block.holds(7, 11));
    CHECK_FALSE(block.holds(7, 2));
    CHECK_FALSE(block.holds(8, 3));
    std::int64_t total = 0;
    for (std::uint32_t r = 3; r <= 10; ++r) {
        ActivityDraws alone(model.years(), every_flow(model.year(0)));
        alone.draw(7, r, 1);
        for (int month = 1; month <= 12; ++month) {
            CAPTURE(r);
            CAPTURE(month);
            const auto a = block.cases(r, month);
            const auto b1 = alone.cases(r, month);
            REQUIRE(a.size() == 4);
            CHECK(std::vector<std::int64_t>(a.begin(), a.end()) ==
                  std::vector<std::int64_t>(b1.begin(), b1.end()));
            for (const auto cases : a) {
                total += cases;
            }
        }
        CHECK(block.factors(r, 0).of_flow(0) == alone.factors(r, 0).of_flow(0));
        CHECK(block.factors(r, 0).of_flow(2) == 1.0); // chemotherapy has no factors
    }
    // Eight replications' years of (2.5 + 50) × 12 transplants and (300 + 0.5) × 12 chemotherapy
    // attendances: about 8 × 4,236 = 33,888 cases.
    CHECK(total > 30'000);
    CHECK(total < 38'000);
}

TEST_CASE("ActivityDraws refuses replication 0, which draws nothing") {
    auto b = mixed();
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        specflow::sim::Sampling::poisson);
    ActivityDraws draws(model.years());
    CHECK_THROWS_AS(draws.draw(7, 0, 2), std::logic_error);
}

TEST_CASE("Monte Carlo replications report the same whatever the block of draws they run in") {
    auto b = mixed();
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        specflow::sim::Sampling::poisson);
    // Replications 0..69 (0, the expected-value run, in the first block but drawing nothing),
    // on one thread, so that the sink hears them in order. In blocks of 32 the 2.5-a-month
    // transplants' walks go four groups of eight in step (replications 1..31, then 32..63); in
    // blocks of 8 or fewer, a group at a time.
    const auto incomes = [&](std::uint32_t block) {
        const auto sinks = specflow::sim::run_monte_carlo(
            model, 7,
            {.first_replication = 0, .replications = 70, .threads = 1, .block_size = block},
            [] { return std::make_unique<RecordingSink>(); });
        std::vector<std::int64_t> income;
        for (const auto& row : static_cast<const RecordingSink&>(*sinks[0]).providers) {
            income.push_back(row.income.pence());
        }
        return income;
    };
    const auto one = incomes(1);
    REQUIRE(one.size() == 70 * 12);
    CHECK(incomes(8) == one);
    CHECK(incomes(0) == one); // k_block
    CHECK(incomes(5) == one);
    CHECK(incomes(32) == one);
    // Replication 0 is the plan: 2.5 + 50 transplants a month at £17,000 and 300.5 attendances
    // at £450 are £892,500 + £135,225 = £1,027,725 in April (a flat profile).
    CHECK(one[0] == 102'772'500);
}

TEST_CASE("Near the end of a run a worker takes an even share of what is left, not a full block") {
    using specflow::sim::block_at;
    // A pilot of 100 on 2 workers: 32, 32, then 18 and 9 each rather than 32 for one and 4 for
    // the other, then 8 (a lane's worth) and the last 1.
    CHECK(block_at(32, 100, 2) == 32);
    CHECK(block_at(32, 68, 2) == 32);
    CHECK(block_at(32, 36, 2) == 18);
    CHECK(block_at(32, 18, 2) == 9);
    CHECK(block_at(32, 9, 2) == 8);
    CHECK(block_at(32, 1, 2) == 1);
    CHECK(block_at(32, 0, 2) == 0);
    CHECK(block_at(8, 1'000, 2) == 8);
    CHECK(block_at(8, 9, 2) == 8);
    CHECK(block_at(32, 40, 1) == 32); // one worker: nobody to wait for, but the same rule
    CHECK(block_at(1, 5, 2) == 1);    // a block the caller chose below 8 is kept
    CHECK(block_at(5, 7, 1) == 5);
}

TEST_CASE(
    "ActivityDraws: every varying count is the scalar sampler's on its flow-month's uniforms") {
    // Dispersions either side of 1 (a cv of 300% is k = 1/9, whose walks for means near 16 and
    // above can run past the lanes' 255 steps) and means either side of 16 and of 32.
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto a = b.icb("A", region, pounds(50'000'000));
    const auto p = b.provider("P", a);
    const auto wild = b.line("Wild", pounds(1'000));
    const auto calm = b.line("Calm", pounds(1'000));
    b.scenario().service_lines[wild.index()].variation = {.monthly_cv_bp = 30'000,
                                                          .provider_cv_bp = 500};
    b.scenario().service_lines[calm.index()].variation = {.monthly_cv_bp = 1'500,
                                                          .national_cv_bp = 500};
    b.cost(p, wild, pounds(100'000), pounds(300));
    b.cost(p, calm, pounds(100'000), pounds(300));
    const auto contract = b.contract(payer_icb(a), p, ContractKind::activity, Money{});
    for (const std::int64_t milli_a_year : {6'000, 150'000, 186'000, 300'000, 378'000, 1'200'000}) {
        b.flow(a, p, wild, milli_a_year, contract); // 0.5, 12.5, 15.5, 25, 31.5 and 100 a month
        b.flow(a, p, calm, milli_a_year, contract);
    }
    const specflow::sim::RunModel model(specflow::sim::plan_years(b.scenario(), 1),
                                        specflow::sim::Sampling::poisson);
    const auto& year = model.year(0);
    ActivityDraws block(model.years(), every_flow(year));
    constexpr std::uint32_t first = 1;
    constexpr std::uint32_t count = 40;
    block.draw(11, first, count);
    namespace counts = specflow::sim::counts;
    int long_walks = 0; // walked on alone, past the lanes' steps
    for (std::uint32_t r = first; r < first + count; ++r) {
        const specflow::sim::RandomStream stream(specflow::sim::StreamKey{11, r});
        for (int month = 1; month <= 12; ++month) {
            const auto cases = block.cases(r, month);
            const auto month_index = static_cast<std::uint32_t>(month - 1);
            for (std::size_t f = 0; f < year.flow_count(); ++f) {
                const double mean = static_cast<double>(year.expected_milli(f, month)) * 1e-3 *
                                    block.factors(r, 0).of_flow(f);
                const double k = year.dispersion(f);
                specflow::sim::UniformSequence uniform(stream, static_cast<std::uint32_t>(f),
                                                       month_index, specflow::sim::k_flow_counts);
                std::uint32_t draw = 0;
                std::int64_t expected = 0;
                if (mean < counts::k_small_negative_binomial_mean) {
                    // The small-mean walk starts from P(0) as negative_binomial_zero gives it.
                    const std::array<double, 1> means{mean};
                    const std::array<double, 1> ks{k};
                    std::array<double, 1> zero{};
                    counts::negative_binomial_zero(means, ks, zero);
                    expected = counts::negative_binomial_small(mean, k, zero[0], uniform, draw);
                    long_walks += expected >= 255 ? 1 : 0;
                } else {
                    expected = counts::negative_binomial(mean, k, uniform, draw);
                }
                CAPTURE(r);
                CAPTURE(month);
                CAPTURE(f);
                CHECK(cases[f] == expected);
            }
        }
    }
    CHECK(long_walks > 0);
}
