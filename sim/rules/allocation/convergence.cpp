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

// Where an ICB's relative DfT lies against the tolerance band.
enum class Side { below, band, above };

// The real-valued problem, with each ICB's integer bounds in pence. An ICB's `keep` is the
// allocation that keeps its relative DfT, B × budget / ΣB = t × (1 + d): the band's.
struct Problem {
    std::vector<Real> base;
    std::vector<Real> target;       // T × budget / ΣT: the targets scaled to the budget
    std::vector<Real> keep;         // B × (1 + g), g = budget / ΣB − 1
    std::vector<Real> relative_dft; // (B / ΣB) / (T / ΣT) − 1; +∞ for a zero target
    std::vector<Side> side;
    std::vector<std::int64_t> low;  // ⌈B × (1 + floor)⌉
    std::vector<std::int64_t> high; // ⌊B × (1 + cap)⌋
    Real tolerance = 0;
    Real pace = 0;

    // The allocation at relative DfT `distance` after convergence.
    [[nodiscard]] Real at_distance(std::size_t i, Real distance) const {
        return target[i] * (1 + distance);
    }
    // Within the floor and cap as whole pence, so that the money the bounds add or remove is
    // balanced by the solve rather than left to the rounding.
    [[nodiscard]] Real bounded(std::size_t i, Real value) const {
        return std::clamp(value, static_cast<Real>(low[i]), static_cast<Real>(high[i]));
    }
};

void add_bounds(Problem& p, const ConvergenceInput& in, Money base) {
    auto low = base.scale(growth_factor_bp(in.floor_growth_bp), 10'000, Rounding::up);
    auto high = base.scale(growth_factor_bp(in.cap_growth_bp), 10'000, Rounding::down);
    if (low > high) { // floor == cap with a fraction of a penny between them
        low = high = base.scale(growth_factor_bp(in.cap_growth_bp), 10'000, Rounding::nearest_even);
    }
    p.low.push_back(low.pence());
    p.high.push_back(high.pence());
}

Problem make_problem(const ConvergenceInput& in) {
    Problem p;
    p.tolerance = in.tolerance_bp / k_bp;
    p.pace = in.pace_bp / k_bp;
    Real base_total = 0;
    Real target_total = 0;
    for (std::size_t i = 0; i < in.baselines.size(); ++i) {
        p.base.push_back(static_cast<Real>(in.baselines[i].pence()));
        p.target.push_back(static_cast<Real>(in.targets[i].pence()));
        base_total += p.base.back();
        target_total += p.target.back();
        add_bounds(p, in, in.baselines[i]);
    }
    const auto budget = static_cast<Real>(in.budget.pence());
    // 1 + g. With no baselines at all the bounds force every allocation (and the budget) to zero.
    const Real keep_factor = base_total > 0 ? budget / base_total : 0;
    const Real target_scale = target_total > 0 ? budget / target_total : 0;
    for (std::size_t i = 0; i < p.base.size(); ++i) {
        const Real share_base = base_total > 0 ? p.base[i] / base_total : 0;
        const Real share_target = target_total > 0 ? p.target[i] / target_total : 0;
        const Real dft = share_target > 0 ? share_base / share_target - 1
                                          : std::numeric_limits<Real>::infinity();
        p.relative_dft.push_back(dft);
        p.side.push_back(dft < -p.tolerance  ? Side::below
                         : dft > p.tolerance ? Side::above
                                             : Side::band);
        p.keep.push_back(p.base[i] * keep_factor);
        p.target[i] *= target_scale;
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

// x in [low, high] where total(x) = goal, for a total that never decreases with x. A fixed
// number of bisection steps, so that the result is the same on every run.
template <typename Total>
Real solve_rising(Total total, Real low, Real high, Real goal) {
    for (int step = 0; step < k_bisection_steps; ++step) {
        const Real middle = (low + high) / 2;
        (total(middle) < goal ? low : high) = middle;
    }
    return (low + high) / 2;
}

// The same for a total that never increases with x.
template <typename Total>
Real solve_falling(Total total, Real low, Real high, Real goal) {
    return solve_rising([&](Real x) { return -total(x); }, low, high, -goal);
}

// Σ (allocation − keep) over the ICBs on one side of the band: what convergence gives those
// below, minus what it takes from those above, plus what the bounds add in the band.
template <typename Allocation>
Real given(const Problem& p, Side side, Allocation allocation) {
    Real total = 0;
    for (std::size_t i = 0; i < p.base.size(); ++i) {
        if (p.side[i] == side) {
            total += allocation(i) - p.keep[i];
        }
    }
    return total;
}

// level_up: the ICBs below the band lifted to a common relative DfT −x (each up to its cap, none
// lowered), those above pulled down to +y (each down to its floor, none raised). ICBs with a
// zero target sit infinitely far above: they get the floor plus `zero_target_relief` of the
// way back to keep, which only matters once everyone else above is back at keep.
struct LevelUp {
    Real x = 0;
    Real y = 0;
    Real zero_target_relief = 0;
};

Real level_up_allocation(const Problem& p, std::size_t i, const LevelUp& l) {
    switch (p.side[i]) {
    case Side::below:
        return p.bounded(i, std::max(p.keep[i], p.at_distance(i, -l.x)));
    case Side::above:
        if (std::isinf(p.relative_dft[i])) {
            const auto floor = static_cast<Real>(p.low[i]);
            return floor + l.zero_target_relief * (p.bounded(i, p.keep[i]) - floor);
        }
        return p.bounded(i, std::min(p.keep[i], p.at_distance(i, l.y)));
    case Side::band:
        break;
    }
    return p.bounded(i, p.keep[i]);
}

// The largest finite relative DfT above the band (the tolerance if there is none): at +y
// beyond it no ICB with a target is pulled down.
Real furthest_above(const Problem& p) {
    Real top = p.tolerance;
    for (std::size_t i = 0; i < p.base.size(); ++i) {
        if (p.side[i] == Side::above && !std::isinf(p.relative_dft[i])) {
            top = std::max(top, p.relative_dft[i]);
        }
    }
    return top;
}

// Money moves only from above the band to below it; the band keeps its DfT. Whichever side
// can move less at the band's edges (x = y = tolerance) moves all of that, and the other side
// moves the same amount by the smallest departure from its edge: a single bisection.
LevelUp solve_level_up(const Problem& p) {
    const Real edge = p.tolerance;
    const auto cost = [&](Real x) {
        return given(p, Side::below,
                     [&](std::size_t i) { return level_up_allocation(p, i, {.x = x, .y = edge}); });
    };
    const auto saving = [&](Real y, Real relief) {
        return -given(p, Side::above, [&](std::size_t i) {
            return level_up_allocation(p, i, {.x = edge, .y = y, .zero_target_relief = relief});
        });
    };
    // Pennies the bounds add to the band (only when the growth is within a penny of a bound).
    const Real band = given(p, Side::band, [&](std::size_t i) { return p.bounded(i, p.keep[i]); });
    const Real need = cost(edge) + band;
    const Real offer = saving(edge, 0);
    if (offer < need) { // lifting stops short of the band, at −x; at x = 1 no one is lifted
        return {.x = solve_falling(cost, edge, std::max(edge, Real{1}), offer - band), .y = edge};
    }
    // Everyone below reaches the band's edge; those above give up only what that costs. Beyond
    // the furthest finite DfT above, only ICBs with a zero target still give.
    const Real top = furthest_above(p);
    const Real zero_target_saving = saving(top, 0);
    if (zero_target_saving > need) {
        const Real relief_saving = zero_target_saving - saving(top, 1); // > 0 but for pennies
        const Real relief =
            relief_saving > 0 ? std::min(Real{1}, (zero_target_saving - need) / relief_saving) : 1;
        return {.x = edge, .y = top, .zero_target_relief = relief};
    }
    const auto saving_at = [&](Real y) { return saving(y, 0); };
    return {.x = edge, .y = solve_falling(saving_at, edge, top, need)};
}

std::vector<Real> level_up(const Problem& p) {
    const LevelUp solution = solve_level_up(p);
    std::vector<Real> a(p.base.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        a[i] = level_up_allocation(p, i, solution);
    }
    return a;
}

// pace: an ICB below the band closes `below_share` of the gap between keep and the band's
// lower edge, one above it `above_share` of its gap to the upper edge; growth within
// [floor, cap]. A zero target's upper edge is zero.
Real pace_allocation(const Problem& p, std::size_t i, Real below_share, Real above_share) {
    switch (p.side[i]) {
    case Side::below: {
        const Real gap = p.at_distance(i, -p.tolerance) - p.keep[i];
        return p.bounded(i, p.keep[i] + below_share * gap);
    }
    case Side::above: {
        const Real gap = p.keep[i] - p.at_distance(i, p.tolerance);
        return p.bounded(i, p.keep[i] - above_share * gap);
    }
    case Side::band:
        break;
    }
    return p.bounded(i, p.keep[i]);
}

// The side that moves less money at the full pace moves at the full pace; the other side's
// share, at most the pace, is solved so that what one side gives the other receives.
std::vector<Real> pace(const Problem& p) {
    const auto lift = [&](Real share) {
        return given(p, Side::below,
                     [&](std::size_t i) { return pace_allocation(p, i, share, 0); });
    };
    const auto pull = [&](Real share) {
        return -given(p, Side::above,
                      [&](std::size_t i) { return pace_allocation(p, i, 0, share); });
    };
    const Real band = given(p, Side::band, [&](std::size_t i) { return p.bounded(i, p.keep[i]); });
    Real below_share = p.pace;
    Real above_share = p.pace;
    if (lift(p.pace) + band <= pull(p.pace)) {
        above_share = solve_rising(pull, Real{0}, p.pace, lift(p.pace) + band);
    } else {
        below_share = solve_rising(lift, Real{0}, p.pace, pull(p.pace) - band);
    }
    std::vector<Real> a(p.base.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        a[i] = pace_allocation(p, i, below_share, above_share);
    }
    return a;
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
    const auto exact = in.policy == ConvergencePolicy::level_up ? level_up(problem) : pace(problem);
    return to_pence(problem, exact, in.budget.pence());
}

} // namespace specflow::sim::rules
