// The built-in example scenarios: each must show the effect its README paragraph describes,
// against the England baseline on the same random numbers.

#include "scenarios/scenario_loader.hpp"
#include "sim/rules/activity_value.hpp"
#include "sim/runners/replication.hpp"
#include "tests/sim/runners/recording_sink.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <filesystem>

namespace {

namespace fs = std::filesystem;
using specflow::entities::Money;
using specflow::testing::RecordingSink;

const fs::path k_scenarios = fs::path(SPECFLOW_SOURCE_DIR) / "scenarios";

struct Run {
    specflow::entities::Scenario scenario;
    std::unique_ptr<specflow::sim::RunModel> model;
    RecordingSink sink;
};

std::unique_ptr<Run> run_file(const fs::path& file, int years, std::uint32_t replication) {
    auto result = std::make_unique<Run>();
    result->scenario = specflow::scenarios::load_scenario(file);
    result->model = std::make_unique<specflow::sim::RunModel>(
        specflow::sim::plan_years(result->scenario, years),
        replication == 0 ? specflow::sim::Sampling::expected_only
                         : specflow::sim::Sampling::poisson);
    specflow::sim::run_replication(*result->model, {result->scenario.seed, replication},
                                   result->sink);
    return result;
}

std::unique_ptr<Run> run(const std::string& name, int years, std::uint32_t replication) {
    return run_file(k_scenarios / name / "scenario.toml", years, replication);
}

std::size_t provider_index(const specflow::entities::Scenario& s, const std::string& code) {
    for (const auto& p : s.providers) {
        if (p.code == code) {
            return p.id.index();
        }
    }
    throw std::out_of_range(code);
}

std::size_t icb_index(const specflow::entities::Scenario& s, const std::string& code) {
    for (const auto& i : s.icbs) {
        if (i.code == code) {
            return i.id.index();
        }
    }
    throw std::out_of_range(code);
}

// A provider's year. `drugs` is the high-cost drugs income NHS England passes through (and the
// matching cost): it follows activity, so the contract effects below are read without it.
struct ProviderTotals {
    Money income;
    Money cost;
    Money pressure;
    Money unfunded;
    Money drugs;
};

ProviderTotals provider_year(const RecordingSink& sink, std::size_t provider,
                             int start_year = 2024) {
    ProviderTotals t;
    for (const auto& row : sink.providers) {
        if (row.provider.index() == provider && row.month.year.start_year() == start_year) {
            t.income += row.income;
            t.cost += row.cost;
            t.pressure += row.pressure;
            t.unfunded += row.unfunded_activity;
        }
    }
    for (const auto& row : sink.incomes) {
        if (row.provider.index() == provider && row.month.year.start_year() == start_year &&
            row.kind == specflow::entities::ContractKind::drugs) {
            t.drugs += row.amount;
        }
    }
    return t;
}

Money icb_spend(const RecordingSink& sink, std::size_t icb, int start_year) {
    Money spend;
    for (const auto& row : sink.icbs) {
        if (row.icb.index() == icb && row.month.year.start_year() == start_year) {
            spend += row.spend;
        }
    }
    return spend;
}

// Σ over months 7..12 of what the plan moves: the flow's planned thousandths of a case × share.
std::int64_t moved_milli(const specflow::sim::Model& base, const specflow::entities::Scenario& s,
                         const std::string& icb, const std::string& provider,
                         const std::string& line, int from_month, std::int64_t share_bp) {
    std::int64_t moved = 0;
    for (std::size_t f = 0; f < s.flows.size(); ++f) {
        const auto& flow = s.flows[f];
        if (s.icbs[flow.icb.index()].code == icb &&
            s.providers[flow.provider.index()].code == provider &&
            s.service_lines[flow.service_line.index()].code == line) {
            for (int m = from_month; m <= 12; ++m) {
                moved += static_cast<std::int64_t>(
                    std::llround(static_cast<double>(base.expected_milli(f, m)) *
                                 static_cast<double>(share_bp) / 1e4));
            }
        }
    }
    return moved;
}

Money price_of(const specflow::entities::Scenario& s, const std::string& line) {
    for (const auto& l : s.service_lines) {
        if (l.code == line) {
            return l.unit_price;
        }
    }
    throw std::out_of_range(line);
}

} // namespace

TEST_CASE("example repatriation: Southampton's contract income falls, Oxford's rises by the same, "
          "Southampton's fixed costs stay") {
    const auto base = run("england-2024-25", 1, 0);
    const auto shocked = run("repatriation", 1, 0);
    const auto& s = shocked->scenario;
    const auto southampton = provider_index(s, "RHM");
    const auto oxford = provider_index(s, "RTH");
    // 30% of BOB's planned neurosurgery cases at Southampton, M7..M12, valued at the
    // neurosurgery price: API at 100% takes it off Southampton's contract income (below plan)
    // and adds it to Oxford's (above plan). The drugs the cases use move with them.
    const auto moved =
        moved_milli(base->model->year(0), base->scenario, "QU9", "RHM", "NEURO", 7, 3'000);
    const auto value =
        price_of(s, "NEURO").scale(moved, 1'000, specflow::entities::Rounding::nearest_even);
    CHECK(moved > 35'000); // more than 35 cases move
    const auto contract_income = [](const ProviderTotals& t) { return t.income - t.drugs; };
    const auto lost = contract_income(provider_year(base->sink, southampton)) -
                      contract_income(provider_year(shocked->sink, southampton));
    const auto gained = contract_income(provider_year(shocked->sink, oxford)) -
                        contract_income(provider_year(base->sink, oxford));
    CHECK(std::llabs((lost - value).pence()) <= 6); // a penny a month
    CHECK(std::llabs((gained - value).pence()) <= 6);
    // Southampton's fixed costs stay: its pressure rises, by less than the income it lost.
    const auto before = provider_year(base->sink, southampton);
    const auto after = provider_year(shocked->sink, southampton);
    CHECK(after.pressure > before.pressure);
    CHECK(after.pressure - before.pressure < lost);
    CHECK(after.drugs < before.drugs);
}

TEST_CASE("example lva-transplant-spike: Liverpool's contract income does not move, its pressure "
          "rises") {
    const auto base = run("england-2024-25", 1, 0);
    const auto shocked = run("lva-transplant-spike", 1, 0);
    const auto liverpool = provider_index(shocked->scenario, "REM");
    const auto before = provider_year(base->sink, liverpool);
    const auto after = provider_year(shocked->sink, liverpool);
    // The LVA block pays the same; only the transplants' drugs, passed through, follow the cases.
    CHECK(after.income - after.drugs == before.income - before.drugs);
    CHECK(after.drugs > before.drugs);
    // Extra cases: half of North East and North Cumbria's planned transplants at Liverpool for
    // M4..M12, about 7.6; each costs Liverpool its marginal cost, about £11,000.
    const auto extra =
        moved_milli(base->model->year(0), base->scenario, "QHM", "REM", "RENTX", 4, 5'000);
    CHECK(extra > 7'000);
    CHECK(extra < 8'000);
    CHECK(after.pressure - before.pressure ==
          (after.cost - after.drugs) - (before.cost - before.drugs));
    CHECK(after.pressure - before.pressure > Money::from_pounds(50'000));
    CHECK(after.unfunded > before.unfunded);
}

TEST_CASE("example spinal-pathway: from year 2 the saving stays in the delegated ICB's budget") {
    const auto base = run("england-2024-25", 2, 0);
    const auto shocked = run("spinal-pathway", 2, 0);
    const auto& s = shocked->scenario;
    const auto icb = icb_index(s, "QE1");
    // Year 1: nothing changes in specialised spend; the ICB pays £3m into the pathway.
    CHECK(icb_spend(shocked->sink, icb, 2024) == icb_spend(base->sink, icb, 2024));
    Money invested;
    for (const auto& row : shocked->sink.icbs) {
        if (row.icb.index() == icb) {
            invested += row.local_investment;
            CHECK(row.held_by_icb);
        }
    }
    CHECK(invested == Money::from_pounds(6'000'000));
    // Year 2: 15% fewer spinal cases at Manchester and Liverpool, under API contracts paying
    // 100% below plan: the ICB spends 15% of its spinal activity value less.
    const auto& year2 = base->model->year(1);
    std::int64_t saved = 0;
    for (const auto* provider : {"R0A", "REM"}) {
        saved +=
            moved_milli(year2, base->model->plan(1).scenario, "QE1", provider, "SPINE", 1, 1'500);
    }
    const auto saving = price_of(base->model->plan(1).scenario, "SPINE")
                            .scale(saved, 1'000, specflow::entities::Rounding::nearest_even);
    const auto fall = icb_spend(base->sink, icb, 2025) - icb_spend(shocked->sink, icb, 2025);
    CHECK(saving > Money::from_pounds(5'000'000));
    CHECK(std::llabs((fall - saving).pence()) <= 24);
}

TEST_CASE("example east-of-england-hub: the host pays, recharges add up, the region's spend is "
          "unchanged") {
    const auto base = run("england-2024-25", 1, 1);
    const auto hub = run("east-of-england-hub", 1, 1);
    const auto& s = hub->scenario;
    REQUIRE(hub->sink.recharges.size() == 12 * 6);
    for (std::size_t i = 0; i < hub->sink.recharges.size(); i += 6) {
        Money due;
        for (std::size_t j = i; j < i + 6; ++j) {
            due += hub->sink.recharges[j].due;
        }
        CHECK(due == hub->sink.recharges[i].host_paid);
    }
    Money before;
    Money after;
    bool moved = false;
    for (const auto* code : {"QHG", "QUE", "QM7", "QH8", "QMM", "QJG"}) {
        const auto icb = icb_index(s, code);
        before += icb_spend(base->sink, icb, 2024);
        after += icb_spend(hub->sink, icb, 2024);
        moved = moved || icb_spend(base->sink, icb, 2024) != icb_spend(hub->sink, icb, 2024);
    }
    // Sharing by cases rather than by value moves money between the six ICBs, but not in total.
    CHECK(after == before);
    CHECK(moved);
}

TEST_CASE("example midlands-risk-pool: pooling narrows the spread of the members' outturns") {
    const auto spread = [](const std::vector<double>& v) {
        double mean = 0;
        for (const auto x : v) {
            mean += x / static_cast<double>(v.size());
        }
        double squares = 0;
        for (const auto x : v) {
            squares += (x - mean) * (x - mean);
        }
        return std::sqrt(squares / static_cast<double>(v.size()));
    };
    double spread_before = 0;
    double spread_after = 0;
    for (std::uint32_t replication = 1; replication <= 10; ++replication) {
        const auto pooled = run("midlands-risk-pool", 1, replication);
        const auto& s = pooled->model->plan(0).scenario; // budgets come from the allocation plan
        REQUIRE(pooled->sink.pools.size() == 4 * 11);
        std::vector<double> before(11, 0);
        std::vector<double> after(11, 0);
        for (std::size_t q = 0; q < 4; ++q) {
            Money sum;
            for (std::size_t i = 0; i < 11; ++i) {
                const auto& row = pooled->sink.pools[q * 11 + i];
                sum += row.transfer;
                // Compare each member's result as a share of its budget.
                const auto budget = static_cast<double>(s.icbs[row.member.index()].budget.pence());
                before[i] += static_cast<double>(row.variance.pence()) / budget;
                after[i] += static_cast<double>((row.variance + row.transfer).pence()) / budget;
            }
            CHECK(sum == Money{});
        }
        spread_before += spread(before);
        spread_after += spread(after);
    }
    // Replications 1..10, 2024/25: the members' spread after the pool is 0.51 of the spread
    // before, summed over the ten (one replication alone ranges from about 0.5 to 0.97). Each
    // member bears the first £1m of its quarter's variance alone, which leaves some of its own
    // spread where it is.
    CHECK(spread_after < 0.7 * spread_before);
}

TEST_CASE("east-of-england-options: options that differ only in the recharge basis pay every "
          "provider the same in every replication (common random numbers)") {
    const auto options = k_scenarios / "east-of-england-options";
    for (std::uint32_t replication = 1; replication <= 10; ++replication) {
        CAPTURE(replication);
        const auto by_value = run_file(options / "host-value.toml", 1, replication);
        const auto by_plan = run_file(options / "host-plan.toml", 1, replication);
        REQUIRE(by_value->sink.providers.size() == by_plan->sink.providers.size());
        bool same = true;
        for (std::size_t k = 0; k < by_value->sink.providers.size(); ++k) {
            same = same &&
                   by_value->sink.providers[k].income == by_plan->sink.providers[k].income &&
                   by_value->sink.providers[k].cost == by_plan->sink.providers[k].cost;
        }
        CHECK(same);
        // ...while the ICBs' recharges differ: the basis decides who pays.
        bool recharges_differ = false;
        for (std::size_t k = 0; k < by_value->sink.icbs.size(); ++k) {
            recharges_differ = recharges_differ ||
                               by_value->sink.icbs[k].recharges != by_plan->sink.icbs[k].recharges;
        }
        CHECK(recharges_differ);
    }
}
