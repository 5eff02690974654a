// VarianceAttribution (reports/variance_attribution.hpp): golden cases worked by hand, inputs
// marked zero by construction, and the same result however replications are split and merged.

#include "reports/variance_attribution.hpp"

#include <cstdint>
#include <doctest/doctest.h>
#include <stdexcept>
#include <vector>

namespace {

using specflow::reports::VarianceAttribution;

} // namespace

TEST_CASE("VarianceAttribution: an input that is the total explains it, less chance's 1/n") {
    // T = x0 over replications 1..20 with x0 = 1, 2, …, 20; x1 = 7 always (no variance).
    // Cov(x0, T)² / (Var(x0) Var(T)) = 1, less 1/n = 0.05: a share of 0.95. Batches of two
    // replications have no standard error (each batch's share would be 1 − 1/2 = 0.5, ten equal
    // values whose spread, 0, said the share was certain).
    VarianceAttribution v(2);
    for (std::uint32_t r = 1; r <= 20; ++r) {
        const std::vector<std::int64_t> inputs{static_cast<std::int64_t>(r), 7};
        v.add(r, inputs, static_cast<std::int64_t>(r));
    }
    const auto shares = v.shares();
    CHECK(shares[0].share == doctest::Approx(0.95));
    CHECK(shares[0].direction == 1);
    CHECK(shares[0].standard_error == 0.0);
    CHECK_FALSE(v.standard_errors_known());
    CHECK(shares[1].share == 0.0);
    CHECK(shares[1].direction == 0);
    // Var(T) of 1..20 = 35.
    CHECK(v.total_variance() == doctest::Approx(35.0));
    CHECK(v.sum().share == doctest::Approx(0.95));
}

TEST_CASE("VarianceAttribution: an input marked zero by construction reports exactly 0") {
    VarianceAttribution v(2, {true, false});
    for (std::uint32_t r = 1; r <= 50; ++r) {
        const auto x = static_cast<std::int64_t>((r * 37) % 11);
        const std::vector<std::int64_t> inputs{x, -x};
        v.add(r, inputs, x);
    }
    const auto shares = v.shares();
    CHECK(shares[0].share == 0.0);
    CHECK(shares[0].standard_error == 0.0);
    CHECK(shares[1].share > 0.9);
    CHECK(shares[1].direction == -1);
    CHECK_THROWS_AS(VarianceAttribution(2, {true}), std::invalid_argument);
}

TEST_CASE("VarianceAttribution: merging in any split and order gives identical results") {
    const auto add = [](VarianceAttribution& v, std::uint32_t first, std::uint32_t last) {
        for (std::uint32_t r = first; r <= last; ++r) {
            const auto a = static_cast<std::int64_t>((r * 7919) % 1009) - 500;
            const auto b = static_cast<std::int64_t>((r * 104729) % 997) - 498;
            const std::vector<std::int64_t> inputs{a, b};
            v.add(r, inputs, 3 * a - b + 11);
        }
    };
    VarianceAttribution whole(2);
    add(whole, 1, 300);
    VarianceAttribution first(2);
    VarianceAttribution second(2);
    add(first, 1, 137);
    add(second, 138, 300);
    second.merge(first);
    const auto a = whole.shares();
    const auto b = second.shares();
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].share == b[i].share);
        CHECK(a[i].standard_error == b[i].standard_error);
    }
    // T = 3a − b + 11 is linear in the two uncorrelated inputs: the shares add up to about 1.
    CHECK(whole.sum().share == doctest::Approx(1.0).epsilon(0.05));
    CHECK_THROWS_AS(whole.merge(VarianceAttribution(3)), std::invalid_argument);
}

TEST_CASE("VarianceAttribution: a standard error once every batch has 10 replications") {
    // T = x0 + x1, x0 and x1 scrambled independently of each other: each explains about half.
    // At 99 replications batch 0 (replications 10, 20, …, 90) has 9, so no share has a
    // standard error; the 100th gives every batch 10, and the shares' spread across batches.
    // A bug gave 20 replications (batches of two) a standard error of 0.0% and called every
    // share significant.
    VarianceAttribution v(2);
    const auto add = [&](std::uint32_t r) {
        const auto a = static_cast<std::int64_t>((r * 7919) % 1009);
        const auto b = static_cast<std::int64_t>((r * 104729) % 997);
        const std::vector<std::int64_t> inputs{a, b};
        v.add(r, inputs, a + b);
    };
    for (std::uint32_t r = 1; r <= 99; ++r) {
        add(r);
    }
    CHECK_FALSE(v.standard_errors_known());
    CHECK(v.shares()[0].standard_error == 0.0);
    CHECK(v.sum().standard_error == 0.0);
    add(100);
    CHECK(v.standard_errors_known());
    CHECK(v.shares()[0].standard_error > 0.0);
    CHECK(v.shares()[1].standard_error > 0.0);
    CHECK(v.sum().standard_error > 0.0);
}
