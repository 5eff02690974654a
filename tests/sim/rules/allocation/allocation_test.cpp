// The allocation rules other than convergence (convergence_test.cpp): targets, DfT-derived
// baselines, the HCDD partition. Golden cases worked by hand in the comments, then the HCDD
// parts on 1,000 random inputs.

#include "sim/rules/allocation/hcdd_partition.hpp"
#include "sim/rules/allocation/targets.hpp"
#include "tests/support/random_scenario.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <vector>

namespace {

using specflow::entities::Money;
namespace rules = specflow::sim::rules;

Money millions(double value) {
    return Money::from_pence(std::llround(value * 100'000'000.0));
}

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
