// VarianceContributions (reports/tornado.hpp): golden cases worked by hand in the comments,
// then a property over random inputs, random splits and random merge orders. Merged states
// must be bit-identical, so the property compares to_words() with ==.

#include "../support/random_scenario.hpp"
#include "reports/tornado.hpp"
#include "shuffle.hpp"

#include <algorithm>
#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace {

using specflow::reports::VarianceContributions;
using specflow::testing::shuffle;
using specflow::testing::SplitMix64;

constexpr std::int64_t k_int64_min = std::numeric_limits<std::int64_t>::min();

VarianceContributions contributions(const std::vector<std::vector<std::int64_t>>& replications) {
    VarianceContributions v(replications.front().size());
    for (const auto& x : replications) {
        v.add(x, std::accumulate(x.begin(), x.end(), std::int64_t{0}));
    }
    return v;
}

} // namespace

TEST_CASE("tornado golden: a constant input has no share") {
    // x0 = 0, 10, 20 and x1 = 5: T = 5, 15, 25. Var(T) = Var(x0) = 200/3, Cov(x0, T) = 200/3,
    // Cov(x1, T) = 0 → shares 1 and 0.
    const auto v = contributions({{0, 5}, {10, 5}, {20, 5}});
    CHECK(v.count() == 3);
    CHECK(v.shares() == std::vector<double>{1.0, 0.0});
    CHECK(v.top(1) == std::vector<std::size_t>{0});
}

TEST_CASE("tornado golden: two varying inputs share the variance") {
    // x0 = 0, 10, 20, 30 (mean 15, deviations −15, −5, 5, 15) and x1 = 3, −1, 4, 1 (mean 1.75,
    // deviations 1.25, −2.75, 2.25, −0.75). Var(x0) = 500/4 = 125, Var(x1) = 14.75/4 = 3.6875,
    // Cov(x0, x1) = (−18.75 + 13.75 + 11.25 − 11.25)/4 = −1.25. Var(T) = 125 + 3.6875 − 2.5 =
    // 126.1875; Cov(x0, T) = 125 − 1.25 = 123.75; Cov(x1, T) = 3.6875 − 1.25 = 2.4375.
    // Shares (× 16/16): 1,980/2,019 and 39/2,019, which add up to 1.
    const auto v = contributions({{0, 3}, {10, -1}, {20, 4}, {30, 1}});
    const auto s = v.shares();
    CHECK(s[0] == doctest::Approx(1'980.0 / 2'019.0).epsilon(1e-15));
    CHECK(s[1] == doctest::Approx(39.0 / 2'019.0).epsilon(1e-15));
    CHECK(s[0] + s[1] == doctest::Approx(1.0).epsilon(1e-15));
}

TEST_CASE("tornado golden: an input moving against the rest has a negative share") {
    // x0 = 0, 10, 20 and x1 = 0, −5, −10: T = 0, 5, 10. Var(T) = 50/3, Cov(x0, T) = 100/3,
    // Cov(x1, T) = −50/3 → shares 2 and −1 (adding up to 1).
    const auto v = contributions({{0, 0}, {10, -5}, {20, -10}});
    CHECK(v.shares() == std::vector<double>{2.0, -1.0});
    CHECK(v.top(2) == std::vector<std::size_t>{0, 1});
}

TEST_CASE("tornado golden: top breaks ties by the lower index") {
    // x0 = 7 constant, x1 = x2 = 1, 2, 3: T = 9, 11, 13, Var(T) = 4 Var(x1), Cov(x1, T) =
    // Cov(x2, T) = 2 Var(x1) → shares 0, 0.5, 0.5.
    const auto v = contributions({{7, 1, 1}, {7, 2, 2}, {7, 3, 3}});
    CHECK(v.shares() == std::vector<double>{0.0, 0.5, 0.5});
    CHECK(v.top(1) == std::vector<std::size_t>{1});
    CHECK(v.top(2) == std::vector<std::size_t>{1, 2});
    CHECK(v.top(9) == std::vector<std::size_t>{1, 2, 0});
    CHECK(v.top(0).empty());
}

TEST_CASE("tornado: a total that never varies gives all shares 0") {
    // x0 = 1, 2, 3 and x1 = 3, 2, 1: T = 4 every time.
    CHECK(contributions({{1, 3}, {2, 2}, {3, 1}}).shares() == std::vector<double>{0.0, 0.0});
    const VarianceContributions empty(3);
    CHECK(empty.shares() == std::vector<double>{0.0, 0.0, 0.0});
    CHECK(empty.top(2) == std::vector<std::size_t>{0, 1});
}

TEST_CASE("tornado: bad arguments are refused and leave the state alone") {
    CHECK_THROWS_AS(VarianceContributions(0), std::invalid_argument);
    CHECK_THROWS_AS(VarianceContributions(VarianceContributions::k_inputs_max + 1),
                    std::invalid_argument);
    VarianceContributions v(2);
    CHECK_THROWS_AS(v.add(std::vector<std::int64_t>{1, 2, 3}, 6), std::invalid_argument);
    CHECK(v.count() == 0);
    VarianceContributions three(3);
    CHECK_THROWS_AS(v.merge(three), std::invalid_argument);
    auto words = v.to_words();
    CHECK_THROWS_AS(VarianceContributions::reduce_words(words, three.to_words()),
                    std::invalid_argument);
    CHECK(words == v.to_words());
    // ΣT² overflows on the second T of −2^63 (2 × 2^126 = 2^127); nothing changes.
    v.add(std::vector<std::int64_t>{0, 0}, k_int64_min);
    const auto before = v.to_words();
    CHECK_THROWS_AS(v.add(std::vector<std::int64_t>{0, 0}, k_int64_min),
                    specflow::entities::MoneyOverflow);
    CHECK(v.to_words() == before);
    auto bad = before;
    bad[1] = 3; // claims three inputs
    CHECK_THROWS_AS((void)VarianceContributions::from_words(bad), std::invalid_argument);
    CHECK(VarianceContributions::from_words(before) == v);
}

TEST_CASE("tornado property: any split and merge order gives the same words, shares add to 1") {
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        SplitMix64 rng(seed);
        const auto inputs = static_cast<std::size_t>(rng.between(1, 5));
        const auto n = rng.between(0, 300);
        std::vector<std::vector<std::int64_t>> replications;
        for (std::int64_t r = 0; r < n; ++r) {
            std::vector<std::int64_t> x;
            for (std::size_t i = 0; i < inputs; ++i) {
                // Large means, modest spreads: where naive Σx²/n − x̄² would lose digits.
                const auto centre = static_cast<std::int64_t>(i + 1) * 1'000'000'000'000;
                const auto spread =
                    rng.between(0, 3) == 0 ? 0 : 1'000'000 * static_cast<std::int64_t>(i + 1);
                x.push_back(centre + rng.between(-spread, spread));
            }
            replications.push_back(x);
        }
        VarianceContributions reference(inputs);
        for (const auto& x : replications) {
            reference.add(x, std::accumulate(x.begin(), x.end(), std::int64_t{0}));
        }
        const auto part_count = static_cast<std::size_t>(rng.between(1, 6));
        std::vector<VarianceContributions> parts(part_count, VarianceContributions(inputs));
        shuffle(replications, rng);
        for (const auto& x : replications) {
            parts[static_cast<std::size_t>(
                      rng.between(0, static_cast<std::int64_t>(part_count) - 1))]
                .add(x, std::accumulate(x.begin(), x.end(), std::int64_t{0}));
        }
        std::vector<std::size_t> order(part_count);
        std::iota(order.begin(), order.end(), std::size_t{0});
        shuffle(order, rng);
        VarianceContributions merged(inputs);
        for (const auto p : order) {
            merged.merge(parts[p]);
        }
        CHECK(merged.to_words() == reference.to_words());
        shuffle(order, rng);
        auto words = parts[order[0]].to_words();
        for (std::size_t i = 1; i < part_count; ++i) {
            VarianceContributions::reduce_words(words, parts[order[i]].to_words());
        }
        CHECK(words == reference.to_words());
        CHECK(VarianceContributions::from_words(words).shares() == reference.shares());
        // Against a two-pass computation on the deviations, and the shares' sum.
        const auto s = reference.shares();
        if (n < 2) {
            continue;
        }
        std::vector<long double> mean(inputs + 1, 0.0L);
        for (const auto& x : replications) {
            for (std::size_t i = 0; i < inputs; ++i) {
                mean[i] += static_cast<long double>(x[i]) / static_cast<long double>(n);
                mean[inputs] += static_cast<long double>(x[i]) / static_cast<long double>(n);
            }
        }
        std::vector<long double> covariance(inputs + 1, 0.0L); // last: Var(T)
        for (const auto& x : replications) {
            long double t = 0.0L;
            for (std::size_t i = 0; i < inputs; ++i) {
                t += static_cast<long double>(x[i]) - mean[i];
            }
            for (std::size_t i = 0; i < inputs; ++i) {
                covariance[i] += (static_cast<long double>(x[i]) - mean[i]) * t;
            }
            covariance[inputs] += t * t;
        }
        if (covariance[inputs] == 0.0L) {
            CHECK(std::all_of(s.begin(), s.end(), [](double share) { return share == 0.0; }));
            continue;
        }
        double total_share = 0.0;
        for (std::size_t i = 0; i < inputs; ++i) {
            CHECK(s[i] == doctest::Approx(static_cast<double>(covariance[i] / covariance[inputs]))
                              .epsilon(1e-9));
            total_share += s[i];
        }
        CHECK(total_share == doctest::Approx(1.0).epsilon(1e-12));
    }
}
