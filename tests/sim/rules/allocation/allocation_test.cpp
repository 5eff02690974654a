// The allocation rules: targets, DfT-derived baselines, convergence under both policies, the
// HCDD partition. Golden cases worked by hand in the comments, then properties over 1,000
// random inputs per policy.

#include "sim/rules/allocation/convergence.hpp"
#include "sim/rules/allocation/hcdd_partition.hpp"
#include "sim/rules/allocation/infeasible_policy.hpp"
#include "sim/rules/allocation/targets.hpp"
#include "tests/support/random_scenario.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <vector>

namespace {

using specflow::entities::ConvergencePolicy;
using specflow::entities::Money;
using specflow::sim::InfeasiblePolicy;
namespace rules = specflow::sim::rules;

Money millions(double value) {
    return Money::from_pence(std::llround(value * 100'000'000.0));
}

std::vector<Money> converge(ConvergencePolicy policy, const std::vector<Money>& baselines,
                            const std::vector<Money>& targets, Money budget, int floor_bp,
                            int cap_bp, int tolerance_bp, int pace_bp) {
    return rules::converge({.policy = policy,
                            .baselines = baselines,
                            .targets = targets,
                            .budget = budget,
                            .floor_growth_bp = floor_bp,
                            .cap_growth_bp = cap_bp,
                            .tolerance_bp = tolerance_bp,
                            .pace_bp = pace_bp});
}

// Four ICBs with equal weights: baselines £100m, £100m, £80m, £120m (Σ £400m); the budget of
// £420m gives each a target of £105m. Relative DfT (B/ΣB)/(T/ΣT) − 1: 0, 0, −20%, +20%.
const std::vector<Money> k_baselines{millions(100), millions(100), millions(80), millions(120)};
const std::vector<Money> k_targets{millions(105), millions(105), millions(105), millions(105)};

} // namespace

TEST_CASE("targets share the total by weight and sum back exactly") {
    // £1.00 by weights 1:1:1 → 34p, 33p, 33p (largest remainder, ties to the earliest).
    const std::vector<std::int64_t> weights{1, 1, 1};
    const auto t = rules::targets(Money::from_pence(100), weights);
    CHECK(t ==
          std::vector<Money>{Money::from_pence(34), Money::from_pence(33), Money::from_pence(33)});
}

TEST_CASE("baselines from published DfTs reproduce them") {
    // Weights 1, 1, 2 with DfTs +10%, −10%, 0: shares 1.1, 0.9, 2.0 of £400m → £110m, £90m,
    // £200m; implied targets k w with k = 400 / 4 = 100 → £100m, £100m, £200m: DfT +10%, −10%, 0.
    const std::vector<std::int64_t> weights{1, 1, 2};
    const std::vector<std::int64_t> dft{1'000, -1'000, 0};
    const auto b = rules::baselines_from_dft(millions(400), weights, dft);
    CHECK(b == std::vector<Money>{millions(110), millions(90), millions(200)});
}

TEST_CASE("level_up golden: the floor for all, the budget lifts the furthest below target") {
    // Floor 2%, cap 30%, tolerance 2.5%. ICBs 1, 2 and 4 get the floor: £102m, £102m, £122.4m
    // (Σ £326.4m). ICB 3 (20% below) is lifted to 105 (1 − X): 326.4 + 105 (1 − X) = 420 gives
    // 105 (1 − X) = £93.6m (X = 10.86% ≥ 2.5%), growth 17% within the cap.
    const auto a = converge(ConvergencePolicy::level_up, k_baselines, k_targets, millions(420), 200,
                            3'000, 250, 0);
    CHECK(a == std::vector<Money>{millions(102), millions(102), millions(93.6), millions(122.4)});
}

TEST_CASE("level_up golden: when the cap binds, the rest raises the common growth") {
    // Cap 10%: ICB 3 stops at 80 × 1.1 = £88m, and even at −2.5% (£102.375m) the floor leaves
    // money over (326.4 + 88 = 414.4 < 420). So X stays at the band and the common growth g
    // rises: 320 (1 + g) + 88 = 420 → g = 3.75%: £103.75m, £103.75m, £88m, £124.5m.
    const auto a = converge(ConvergencePolicy::level_up, k_baselines, k_targets, millions(420), 200,
                            1'000, 250, 0);
    CHECK(a ==
          std::vector<Money>{millions(103.75), millions(103.75), millions(88), millions(124.5)});
}

TEST_CASE("pace golden: each closes half its gap to the band's edge, plus a common growth") {
    // Targets scaled to the baseline total are £100m each. Gaps to the band (±2.5%): ICB 3
    // 97.5 − 80 = +17.5, ICB 4 102.5 − 120 = −17.5, others 0. Pace 50%: a = B (1 + u) ± 8.75;
    // Σ = 400 (1 + u) = 420 → u = 5%: £105m, £105m, 84 + 8.75 = £92.75m, 126 − 8.75 = £117.25m
    // (−2.3%, above the −5% floor).
    const auto a = converge(ConvergencePolicy::pace, k_baselines, k_targets, millions(420), -500,
                            3'000, 250, 5'000);
    CHECK(a == std::vector<Money>{millions(105), millions(105), millions(92.75), millions(117.25)});
}

TEST_CASE("infeasible policies are refused, naming the parameter and the feasible range") {
    const auto refused = [](int floor_bp, int cap_bp, std::int64_t budget_m) {
        try {
            (void)converge(ConvergencePolicy::level_up, k_baselines, k_targets,
                           millions(static_cast<double>(budget_m)), floor_bp, cap_bp, 250, 0);
        } catch (const InfeasiblePolicy& error) {
            return std::string(error.parameter()) + " | " + error.what();
        }
        return std::string("accepted");
    };
    // Floor 6% needs 400 × 1.06 = £424m > £420m: the most the floor can be is 5.00%.
    const auto floor = refused(600, 1'000, 420);
    CHECK(floor.find("floor_growth_pct |") == 0);
    CHECK(floor.find("at most 5.00%") != std::string::npos);
    // Cap 4% reaches 416 < 420: the cap must be at least 5.00%.
    const auto cap = refused(100, 400, 420);
    CHECK(cap.find("cap_growth_pct |") == 0);
    CHECK(cap.find("at least 5.00%") != std::string::npos);
    // A floor above the cap.
    CHECK(
        refused(800, 700, 420).find("floor_growth_pct | the floor growth 8.00% is above the cap") ==
        0);
    CHECK(refused(200, 1'000, 420) == "accepted");
}

TEST_CASE("HCDD partition golden") {
    // £105m at 15%: HCDD £15.75m, remainder £89.25m, split 85/8/7: £75.8625m, £7.14m, £6.2475m.
    auto p = rules::partition_allocation({.allocation = millions(105),
                                          .hcdd_share_bp = 1'500,
                                          .remainder_cap = std::nullopt,
                                          .delegable_share_bp = 8'500,
                                          .not_ready_share_bp = 800,
                                          .retained_share_bp = 700});
    CHECK(p.hcdd == millions(15.75));
    CHECK(p.delegable == millions(75.8625));
    CHECK(p.not_ready == millions(7.14));
    CHECK(p.retained_lines == millions(6.2475));
    CHECK_FALSE(p.remainder_capped);
    // Over target, last year's remainder £85m and a 2.9% cost uplift cap it at £87.465m: the
    // excess £1.785m moves to HCDD (£17.535m).
    p = rules::partition_allocation({.allocation = millions(105),
                                     .hcdd_share_bp = 1'500,
                                     .remainder_cap = millions(87.465),
                                     .delegable_share_bp = 8'500,
                                     .not_ready_share_bp = 800,
                                     .retained_share_bp = 700});
    CHECK(p.remainder == millions(87.465));
    CHECK(p.hcdd == millions(17.535));
    CHECK(p.remainder_capped);
    CHECK(p.hcdd + p.delegable + p.not_ready + p.retained_lines == millions(105));
}

namespace {

struct RandomProblem {
    std::vector<Money> baselines;
    std::vector<Money> targets;
    Money budget;
    int floor_bp = 0;
    int cap_bp = 0;
    int tolerance_bp = 0;
    int pace_bp = 0;
};

// A feasible problem: floor ≤ the even growth ≤ cap.
RandomProblem random_problem(std::uint64_t seed) {
    specflow::testing::SplitMix64 rng(seed);
    RandomProblem p;
    const auto n = rng.between(2, 14);
    std::vector<std::int64_t> weights;
    std::int64_t base_total = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        p.baselines.push_back(Money::from_pence(rng.between(1'000'000, 9'000'000'000)));
        base_total += p.baselines.back().pence();
        weights.push_back(rng.between(1, 5'000'000));
    }
    const auto growth_bp = rng.between(-300, 1'200);
    p.budget = Money::from_pence(base_total)
                   .scale(10'000 + growth_bp, 10'000, specflow::entities::Rounding::nearest_even);
    p.targets = rules::targets(p.budget, weights);
    p.floor_bp = static_cast<int>(growth_bp - rng.between(1, 400));
    p.cap_bp = static_cast<int>(growth_bp + rng.between(1, 2'000));
    p.tolerance_bp = static_cast<int>(rng.between(0, 800));
    p.pace_bp = static_cast<int>(rng.between(0, 10'000));
    return p;
}

double relative_dft(const RandomProblem& p, std::size_t i) {
    double base_total = 0;
    double target_total = 0;
    for (std::size_t j = 0; j < p.baselines.size(); ++j) {
        base_total += static_cast<double>(p.baselines[j].pence());
        target_total += static_cast<double>(p.targets[j].pence());
    }
    return (static_cast<double>(p.baselines[i].pence()) / base_total) /
               (static_cast<double>(p.targets[i].pence()) / target_total) -
           1.0;
}

void check_convergence_properties(ConvergencePolicy policy, std::uint64_t seed) {
    const auto p = random_problem(seed);
    const auto a = converge(policy, p.baselines, p.targets, p.budget, p.floor_bp, p.cap_bp,
                            p.tolerance_bp, p.pace_bp);
    Money total;
    std::vector<double> growth;
    for (std::size_t i = 0; i < a.size(); ++i) {
        total += a[i];
        const auto base = p.baselines[i];
        // Never below the floor nor above the cap, to the penny.
        CHECK(a[i] >= base.scale(10'000 + p.floor_bp, 10'000, specflow::entities::Rounding::up));
        CHECK(a[i] <= base.scale(10'000 + p.cap_bp, 10'000, specflow::entities::Rounding::down));
        growth.push_back(static_cast<double>(a[i].pence()) / static_cast<double>(base.pence()) - 1);
    }
    CHECK(total == p.budget);
    // Growth differs between ICBs that should grow alike only by a penny or two of rounding.
    const auto penny_slack = [&](std::size_t i, std::size_t j) {
        return 2.5 / static_cast<double>(p.baselines[i].pence()) +
               2.5 / static_cast<double>(p.baselines[j].pence());
    };
    const double tolerance = p.tolerance_bp / 10'000.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        for (std::size_t j = 0; j < a.size(); ++j) {
            const double ri = relative_dft(p, i);
            const double rj = relative_dft(p, j);
            if (std::fabs(ri) <= tolerance - 1e-12 && std::fabs(rj) <= tolerance - 1e-12) {
                CHECK(std::fabs(growth[i] - growth[j]) <= penny_slack(i, j));
            }
            if (policy == ConvergencePolicy::level_up && ri < rj) {
                // Further below target never grows less than nearer to it.
                CHECK(growth[i] >= growth[j] - penny_slack(i, j));
            }
        }
    }
}

} // namespace

TEST_CASE("level_up properties on 1,000 random inputs") {
    for (std::uint64_t seed = 1; seed <= 1'000; ++seed) {
        CAPTURE(seed);
        check_convergence_properties(ConvergencePolicy::level_up, seed);
    }
}

TEST_CASE("pace properties on 1,000 random inputs") {
    for (std::uint64_t seed = 5'001; seed <= 6'000; ++seed) {
        CAPTURE(seed);
        check_convergence_properties(ConvergencePolicy::pace, seed);
    }
}

TEST_CASE("HCDD partition parts add up on 1,000 random inputs") {
    specflow::testing::SplitMix64 rng(99);
    for (int i = 0; i < 1'000; ++i) {
        const auto allocation = Money::from_pence(rng.between(0, 5'000'000'000'00));
        const auto share = static_cast<std::int32_t>(rng.between(0, 10'000));
        const auto delegable = static_cast<std::int32_t>(rng.between(0, 10'000));
        const auto not_ready = static_cast<std::int32_t>(rng.between(0, 10'000 - delegable));
        const std::optional<Money> cap =
            rng.between(0, 1) == 0
                ? std::nullopt
                : std::optional(Money::from_pence(rng.between(0, allocation.pence())));
        const auto p =
            rules::partition_allocation({.allocation = allocation,
                                         .hcdd_share_bp = share,
                                         .remainder_cap = cap,
                                         .delegable_share_bp = delegable,
                                         .not_ready_share_bp = not_ready,
                                         .retained_share_bp = 10'000 - delegable - not_ready});
        CHECK(p.hcdd + p.delegable + p.not_ready + p.retained_lines == allocation);
        if (cap) {
            CHECK(p.remainder <= *cap);
        }
    }
}
