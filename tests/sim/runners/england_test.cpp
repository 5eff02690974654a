// The built-in England scenario over five years: allocations under both policies, the HCDD
// partition, the narrowing spread of DfT, and the monthly ledger of a 5-year run.

#include "scenarios/builtin.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sim/rules/reconfiguration.hpp"
#include "sim/runners/allocation_plan.hpp"
#include "sim/runners/replication.hpp"
#include "tests/sim/runners/recording_sink.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

using specflow::entities::ConvergencePolicy;
using specflow::entities::Money;

specflow::entities::Scenario england() {
    return specflow::scenarios::load_scenario(
        specflow::scenarios::builtin_scenario_path("england-2024-25"));
}

double spread(const specflow::sim::YearAllocation& year) {
    const auto [low, high] =
        std::minmax_element(year.icbs.begin(), year.icbs.end(),
                            [](const auto& a, const auto& b) { return a.dft_after < b.dft_after; });
    return high->dft_after - low->dft_after;
}

} // namespace

TEST_CASE("England, five years, both policies: allocations add up to the budget exactly") {
    for (const auto policy : {ConvergencePolicy::level_up, ConvergencePolicy::pace}) {
        auto scenario = england();
        scenario.allocation.policy = policy;
        const auto years = specflow::sim::plan_allocations(scenario, 5);
        REQUIRE(years.size() == 5);
        for (std::size_t y = 0; y < years.size(); ++y) {
            CAPTURE(years[y].year.label());
            Money total;
            for (const auto& row : years[y].icbs) {
                total += row.allocation;
                // HCDD + delegated + retained = allocation, to the penny.
                CHECK(row.parts.hcdd + row.delegated + row.retained == row.allocation);
                CHECK(row.parts.hcdd + row.parts.delegable + row.parts.not_ready +
                          row.parts.retained_lines ==
                      row.allocation);
                // An over-target ICB's remainder grows no faster than the cost uplift (an
                // ICB the April 2026 reconfiguration changed is capped on what it carries).
                const auto last =
                    std::find_if(y > 0 ? years[y - 1].icbs.begin() : years[y].icbs.end(),
                                 y > 0 ? years[y - 1].icbs.end() : years[y].icbs.end(),
                                 [&](const auto& before) { return before.icb == row.icb; });
                const bool unchanged =
                    years[y].carried.empty() ||
                    std::count_if(
                        years[y].carried.begin(), years[y].carried.end(), [&](const auto& part) {
                            return part.to == row.icb &&
                                   !(part.from == row.icb && part.share_micro == 1'000'000);
                        }) == 0;
                if (y > 0 && unchanged && last != years[y - 1].icbs.end() &&
                    row.allocation > row.target) {
                    const auto uplift = scenario.allocation.years[y].cost_uplift_bp;
                    CHECK(row.parts.remainder <=
                          last->parts.remainder.scale(10'000 + uplift, 10'000,
                                                      specflow::entities::Rounding::down));
                }
            }
            CHECK(total == years[y].budget);
        }
    }
}

TEST_CASE("England with a cost uplift below the floor: over-target remainders are capped") {
    // 2025/26 floor 3% but a cost uplift of 1%: every over-target ICB's remainder may grow
    // only 1%, and the excess moves to its HCDD contribution.
    auto scenario = england();
    scenario.allocation.years[1].cost_uplift_bp = 100;
    const auto years = specflow::sim::plan_allocations(scenario, 2);
    int capped = 0;
    for (const auto& row : years[1].icbs) {
        const auto& last = years[0].icbs[row.icb.index()];
        const auto cap =
            last.parts.remainder.scale(10'100, 10'000, specflow::entities::Rounding::down);
        if (row.allocation > row.target) {
            CHECK(row.parts.remainder_capped);
            CHECK(row.parts.remainder == cap);
            ++capped;
        } else {
            CHECK_FALSE(row.parts.remainder_capped);
        }
        CHECK(row.parts.hcdd + row.delegated + row.retained == row.allocation);
    }
    CHECK(capped > 5);
}

TEST_CASE("England with the default parameters: the spread of DfT narrows every year") {
    const auto scenario = england();
    const auto years = specflow::sim::plan_allocations(scenario, 5);
    // The published DfTs (before convergence) span −12.69% (Somerset) to +25.17% (South East
    // London): 37.86 percentage points.
    double before_low = 1;
    double before_high = -1;
    for (const auto& row : years[0].icbs) {
        before_low = std::min(before_low, row.dft_before);
        before_high = std::max(before_high, row.dft_before);
    }
    CHECK(before_low == doctest::Approx(-0.1269).epsilon(1e-6));
    CHECK(before_high == doctest::Approx(0.2517).epsilon(1e-6));
    double last = before_high - before_low;
    for (const auto& year : years) {
        CAPTURE(year.year.label());
        CHECK(spread(year) < last);
        last = spread(year);
    }
}

TEST_CASE("England, each published DfT is reproduced by the derived baselines") {
    const auto scenario = england();
    const auto years = specflow::sim::plan_allocations(scenario, 1);
    for (const auto& row : years[0].icbs) {
        const auto published = static_cast<double>(scenario.icbs[row.icb.index()].dft_bp) / 1e4;
        CHECK(row.dft_before == doctest::Approx(published).epsilon(1e-9));
    }
}

TEST_CASE("England, a 5-year run balances its ledger at every month close") {
    const auto scenario = england();
    const specflow::sim::RunModel model(specflow::sim::plan_years(scenario, 5),
                                        specflow::sim::Sampling::poisson);
    Money budgets;
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        budgets += model.plan(y).scenario.national_budget();
    }
    for (const std::uint32_t replication : {0U, 1U}) {
        specflow::testing::RecordingSink sink;
        REQUIRE_NOTHROW(specflow::sim::run_replication(model, {scenario.seed, replication}, sink));
        CHECK(sink.closes.size() == 60);
        CHECK(sink.closes.back().ledger.issued_to_date == budgets);
    }
}

TEST_CASE("England, April 2026: 42 ICBs become 36, each baseline its predecessors' allocations") {
    const auto scenario = england();
    REQUIRE(scenario.reconfigurations.size() == 1);
    const auto& change = scenario.reconfigurations[0];
    CHECK(change.year == specflow::entities::FinancialYear(2026));
    const auto years = specflow::sim::plan_allocations(scenario, 5);
    CHECK(years[0].icbs.size() == 42);
    CHECK(years[1].icbs.size() == 42);
    CHECK(years[2].icbs.size() == 36);
    CHECK(years[3].icbs.size() == 36);
    CHECK(years[4].icbs.size() == 36);
    // The published mapping applied to 2025/26's allocations, by compact index, independently of
    // the plan's own bookkeeping: each new ICB's 2026/27 baseline is what it takes, to the penny.
    std::map<std::uint32_t, std::size_t> old_index;
    std::vector<Money> held;
    for (const auto& row : years[1].icbs) {
        old_index.emplace(row.icb.value(), held.size());
        held.push_back(row.allocation);
    }
    std::map<std::uint32_t, std::size_t> new_index;
    for (const auto& row : years[2].icbs) {
        new_index.emplace(row.icb.value(), new_index.size());
    }
    std::vector<specflow::sim::rules::MappingShare> shares;
    for (const auto& share : change.shares) {
        shares.push_back(
            {old_index.at(share.from.value()), new_index.at(share.to.value()), share.share_micro});
    }
    const specflow::sim::rules::IcbMapping mapping(held.size(), new_index.size(), shares);
    const auto carried = mapping.carry(held);
    Money before;
    Money after;
    for (const auto& row : years[2].icbs) {
        CAPTURE(scenario.icbs[row.icb.index()].code);
        CHECK(row.baseline == carried[new_index.at(row.icb.value())]);
        after += row.baseline;
    }
    for (const auto amount : held) {
        before += amount;
    }
    CHECK(after == before);
    // Central East (T01) takes all of Bedfordshire, Luton and Milton Keynes (QHG) and of
    // Cambridgeshire and Peterborough (QUE), and 79.764% of Hertfordshire and West Essex (QM7).
    const auto allocation_of = [&](std::string_view code) {
        for (const auto& row : years[1].icbs) {
            if (scenario.icbs[row.icb.index()].code == code) {
                return static_cast<double>(row.allocation.pence());
            }
        }
        FAIL("no ICB " << code);
        return 0.0;
    };
    for (const auto& row : years[2].icbs) {
        if (scenario.icbs[row.icb.index()].code == "T01") {
            CHECK(static_cast<double>(row.baseline.pence()) ==
                  doctest::Approx(allocation_of("QHG") + allocation_of("QUE") +
                                  0.797640 * allocation_of("QM7"))
                      .epsilon(1e-12));
        }
    }
}

TEST_CASE("England 2026/27, the default, starts where England 2024/25's run stands: every "
          "allocation of its three years to the penny") {
    // scenarios/england-2026-27/README.md: the same national budget and the same allocation for
    // every ICB in 2026/27, 2027/28 and 2028/29, and within £0.05m the same HCDD and delegable
    // money (five ICBs' HCDD shares rounded to the basis point).
    const auto from_2024 = england();
    const auto from_2026 = specflow::scenarios::load_scenario(
        specflow::scenarios::builtin_scenario_path("england-2026-27"));
    const auto five = specflow::sim::plan_allocations(from_2024, 5);
    const auto three = specflow::sim::plan_allocations(from_2026, 3);
    REQUIRE(three.size() == 3);
    for (std::size_t y = 0; y < three.size(); ++y) {
        const auto& later = three[y];
        const auto& earlier = five[y + 2];
        CAPTURE(later.year.label());
        CHECK(later.year == earlier.year);
        CHECK(later.budget == earlier.budget);
        std::map<std::string, const specflow::sim::IcbAllocation*> by_code;
        for (const auto& row : earlier.icbs) {
            by_code.emplace(from_2024.icbs[row.icb.index()].code, &row);
        }
        REQUIRE(later.icbs.size() == 36);
        for (const auto& row : later.icbs) {
            const auto& code = from_2026.icbs[row.icb.index()].code;
            CAPTURE(code);
            REQUIRE(by_code.contains(code));
            const auto& same = *by_code.at(code);
            CHECK(row.allocation == same.allocation);
            const auto within_fifty_thousand_pounds = [](Money a, Money b) {
                const auto gap = a.pence() - b.pence();
                return gap <= 5'000'000 && gap >= -5'000'000;
            };
            CHECK(within_fifty_thousand_pounds(row.parts.hcdd, same.parts.hcdd));
            CHECK(within_fifty_thousand_pounds(row.parts.delegable, same.parts.delegable));
        }
    }
}
