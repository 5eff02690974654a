#include "sim/rules/allocation/convergence.hpp"

#include "sim/rules/allocation/infeasible_policy.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numeric>

namespace specflow::sim::rules {

using entities::ConvergencePolicy;
using entities::Int128;
using entities::Money;
using entities::Rounding;

namespace {

using Real = long double;

constexpr int k_bisection_steps = 200;
constexpr Real k_bp = 10'000.0L;

std::string percent(Int128 bp) {
    const bool negative = bp < 0;
    const auto magnitude = static_cast<long long>(negative ? -bp : bp);
    return fmt::format("{}{}.{:02}%", negative ? "-" : "", magnitude / 100, magnitude % 100);
}

std::string pounds(Int128 pence) {
    return "£" + Money::from_pence(static_cast<std::int64_t>(pence)).to_pounds_string();
}

// 1 + growth, in basis points.
std::int64_t growth_factor_bp(std::int32_t growth_bp) {
    return 10'000 + static_cast<std::int64_t>(growth_bp);
}

// The real-valued problem, with each ICB's integer bounds in pence.
struct Problem {
    std::vector<Real> base;
    std::vector<Real> target;
    std::vector<Real> relative_dft; // (B / ΣB) / (T / ΣT) − 1
    std::vector<std::int64_t> low;  // ⌈B × (1 + floor)⌉
    std::vector<std::int64_t> high; // ⌊B × (1 + cap)⌋
    Real floor = 0;
    Real cap = 0;
    Real tolerance = 0;
    Real pace = 0;
    Real base_total = 0;
    Real target_total = 0;
};

Problem make_problem(const ConvergenceInput& in) {
    Problem p;
    p.floor = in.floor_growth_bp / k_bp;
    p.cap = in.cap_growth_bp / k_bp;
    p.tolerance = in.tolerance_bp / k_bp;
    p.pace = in.pace_bp / k_bp;
    for (std::size_t i = 0; i < in.baselines.size(); ++i) {
        const Money base = in.baselines[i];
        p.base.push_back(static_cast<Real>(base.pence()));
        p.target.push_back(static_cast<Real>(in.targets[i].pence()));
        p.base_total += p.base.back();
        p.target_total += p.target.back();
        auto low = base.scale(growth_factor_bp(in.floor_growth_bp), 10'000, Rounding::up);
        auto high = base.scale(growth_factor_bp(in.cap_growth_bp), 10'000, Rounding::down);
        if (low > high) { // floor == cap with a fraction of a penny between them
            low = high =
                base.scale(growth_factor_bp(in.cap_growth_bp), 10'000, Rounding::nearest_even);
        }
        p.low.push_back(low.pence());
        p.high.push_back(high.pence());
    }
    for (std::size_t i = 0; i < p.base.size(); ++i) {
        const Real share_base = p.base_total > 0 ? p.base[i] / p.base_total : 0;
        const Real share_target = p.target_total > 0 ? p.target[i] / p.target_total : 0;
        p.relative_dft.push_back(share_target > 0 ? share_base / share_target - 1
                                                  : std::numeric_limits<Real>::infinity());
    }
    return p;
}

void check_feasible(const ConvergenceInput& in, const Problem& p) {
    if (in.floor_growth_bp > in.cap_growth_bp) {
        throw InfeasiblePolicy(
            "floor_growth_pct",
            fmt::format("the floor growth {} is above the cap growth {}; valid: floor_growth_pct "
                        "at most cap_growth_pct ({})",
                        percent(in.floor_growth_bp), percent(in.cap_growth_bp),
                        percent(in.cap_growth_bp)));
    }
    const Int128 low_total = std::accumulate(p.low.begin(), p.low.end(), Int128{0});
    const Int128 high_total = std::accumulate(p.high.begin(), p.high.end(), Int128{0});
    const Int128 budget = in.budget.pence();
    const Int128 base_total = std::accumulate(in.baselines.begin(), in.baselines.end(), Int128{0},
                                              [](Int128 sum, Money m) { return sum + m.pence(); });
    // The growth that spends the budget exactly if everyone grows alike, in basis points.
    const auto even_growth = [&](Rounding rounding) -> Int128 {
        return base_total == 0
                   ? 0
                   : entities::divide_rounded((budget - base_total) * 10'000, base_total, rounding);
    };
    if (low_total > budget) {
        throw InfeasiblePolicy(
            "floor_growth_pct",
            fmt::format("the floor growth {} applied to the baselines needs {}, more than the "
                        "budget {}; valid: floor_growth_pct at most {} for this budget",
                        percent(in.floor_growth_bp), pounds(low_total), pounds(budget),
                        percent(even_growth(Rounding::down))));
    }
    if (high_total < budget) {
        throw InfeasiblePolicy(
            "cap_growth_pct",
            fmt::format("the cap growth {} lets the allocations reach only {}, short of the "
                        "budget {}; valid: cap_growth_pct at least {} for this budget",
                        percent(in.cap_growth_bp), pounds(high_total), pounds(budget),
                        base_total == 0 ? std::string("(none: the baselines are all zero)")
                                        : percent(even_growth(Rounding::up))));
    }
}

// x such that total(x) = goal for a non-decreasing total, by bisection on [low, high].
template <typename Total>
Real solve(Total total, Real low, Real high, Real goal) {
    for (int step = 0; step < k_bisection_steps; ++step) {
        const Real middle = (low + high) / 2;
        (total(middle) < goal ? low : high) = middle;
    }
    return (low + high) / 2;
}

Real sum_of(const std::vector<Real>& values) {
    return std::accumulate(values.begin(), values.end(), Real{0});
}

std::vector<Real> level_up_at(const Problem& p, Real growth, Real distance) {
    std::vector<Real> a(p.base.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        Real value = p.base[i] * (1 + growth);
        if (p.relative_dft[i] < -p.tolerance) {
            value = std::max(value, p.target[i] * (1 - distance));
        }
        a[i] = std::min(value, p.base[i] * (1 + p.cap));
    }
    return a;
}

std::vector<Real> level_up(const Problem& p, Real budget) {
    // Stage 1: the floor for everyone and as much levelling up as the budget allows.
    const auto stage_one = [&](Real minus_distance) {
        return sum_of(level_up_at(p, p.floor, -minus_distance));
    };
    if (stage_one(-p.tolerance) >= budget) {
        const Real distance = -solve(stage_one, Real{-1}, -p.tolerance, budget);
        return level_up_at(p, p.floor, distance);
    }
    // Stage 2: everyone below the band reached its edge; the rest raises the common growth.
    const auto stage_two = [&](Real growth) { return sum_of(level_up_at(p, growth, p.tolerance)); };
    return level_up_at(p, solve(stage_two, p.floor, p.cap, budget), p.tolerance);
}

std::vector<Real> pace_at(const Problem& p, const std::vector<Real>& gap, Real growth) {
    std::vector<Real> a(p.base.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const Real value = p.base[i] * (1 + growth) + p.pace * gap[i];
        a[i] = std::clamp(value, p.base[i] * (1 + p.floor), p.base[i] * (1 + p.cap));
    }
    return a;
}

std::vector<Real> pace(const Problem& p, Real budget) {
    // Each ICB's gap to the nearer edge of the band, against targets scaled to the baseline
    // total; zero inside the band.
    std::vector<Real> gap(p.base.size(), 0);
    Real low = p.floor - 1;
    Real high = p.cap + 1;
    const Real scale = p.target_total > 0 ? p.base_total / p.target_total : 0;
    for (std::size_t i = 0; i < gap.size(); ++i) {
        const Real scaled_target = p.target[i] * scale;
        if (p.relative_dft[i] < -p.tolerance) {
            gap[i] = scaled_target * (1 - p.tolerance) - p.base[i];
        } else if (p.relative_dft[i] > p.tolerance) {
            gap[i] = scaled_target * (1 + p.tolerance) - p.base[i];
        }
        if (p.base[i] > 0) {
            low = std::min(low, p.floor - p.pace * gap[i] / p.base[i] - 1);
            high = std::max(high, p.cap - p.pace * gap[i] / p.base[i] + 1);
        }
    }
    const auto total = [&](Real growth) { return sum_of(pace_at(p, gap, growth)); };
    return pace_at(p, gap, solve(total, low, high, budget));
}

// Whole pence within each ICB's bounds, summing to the budget: round down, then hand out or
// take back the pennies by largest (or smallest) remainder.
std::vector<Money> to_pence(const Problem& p, const std::vector<Real>& exact, std::int64_t budget) {
    std::vector<std::int64_t> pence(exact.size());
    std::vector<Real> remainder(exact.size());
    Int128 total = 0;
    for (std::size_t i = 0; i < exact.size(); ++i) {
        const auto whole = static_cast<std::int64_t>(std::floor(exact[i]));
        pence[i] = std::clamp(whole, p.low[i], p.high[i]);
        remainder[i] = exact[i] - static_cast<Real>(pence[i]);
        total += pence[i];
    }
    std::vector<std::size_t> order(exact.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    // Feasibility guarantees room: Σ low ≤ budget ≤ Σ high.
    while (total < budget) {
        for (const auto i : order) {
            if (total < budget && pence[i] < p.high[i]) {
                ++pence[i];
                ++total;
            }
        }
    }
    while (total > budget) {
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            if (total > budget && pence[*it] > p.low[*it]) {
                --pence[*it];
                --total;
            }
        }
    }
    std::vector<Money> result;
    result.reserve(pence.size());
    for (const auto value : pence) {
        result.push_back(Money::from_pence(value));
    }
    return result;
}

} // namespace

std::vector<Money> converge(const ConvergenceInput& in) {
    if (in.baselines.size() != in.targets.size()) {
        throw std::invalid_argument("converge: one target per baseline");
    }
    const Problem problem = make_problem(in);
    check_feasible(in, problem);
    const auto budget = static_cast<Real>(in.budget.pence());
    const auto exact = in.policy == ConvergencePolicy::level_up ? level_up(problem, budget)
                                                                : pace(problem, budget);
    return to_pence(problem, exact, in.budget.pence());
}

} // namespace specflow::sim::rules
