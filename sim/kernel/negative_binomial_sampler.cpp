#include "sim/kernel/negative_binomial_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace specflow::sim {

namespace {
constexpr double k_mean_max = 1.0e7;
constexpr double k_mixing_scale_max = 1.0e7; // mean / dispersion
constexpr double k_tail_mass = 1.0e-30;      // the most each side of the window may leave out
} // namespace

NegativeBinomialSampler::NegativeBinomialSampler(double mean, double dispersion)
    : mean_(mean), dispersion_(dispersion) {
    if (!(mean >= 0.0) || mean > k_mean_max) {
        throw std::invalid_argument(
            fmt::format("NegativeBinomialSampler: the mean must be in [0, 1e7], not {}", mean));
    }
    if (dispersion == k_no_overdispersion) {
        poisson_ = PoissonSampler(mean);
        return;
    }
    if (!(dispersion > 0.0) || !std::isfinite(dispersion)) {
        throw std::invalid_argument(fmt::format(
            "NegativeBinomialSampler: the dispersion must be positive and finite, or +inf "
            "(k_no_overdispersion) for Poisson counts, not {}",
            dispersion));
    }
    // Also keeps p = μ/(μ + r) at most 1 − 1e-7, well away from 1 where the tail would not end.
    if (mean / dispersion > k_mixing_scale_max) {
        throw std::invalid_argument(
            fmt::format("NegativeBinomialSampler: mean / dispersion must be at most 1e7, not {} / "
                        "{} (a tail too long to walk)",
                        mean, dispersion));
    }
    if (mean == 0.0) {
        return;
    }
    p_ = mean / (mean + dispersion);
    // The mode is floor((r − 1) p / (1 − p)) = floor((r − 1) μ / r) for r > 1, else 0. Rounding
    // may put it one off the true mode; the walk is then one step longer, no less exact.
    if (dispersion > 1.0) {
        mode_ = static_cast<std::int64_t>(std::floor((dispersion - 1.0) * (mean / dispersion)));
    }
    find_window_and_mode_probabilities();
}

// Walks out from the mode with the recurrence the draws use, summing the probabilities relative
// to P(X = mode), and stops on each side once a geometric bound on the mass beyond is below
// 1e-30 of the sum so far; then P(X = mode) = 1 / sum, as PoissonSampler normalises over its
// window. Taking P(X = mode) from its closed form instead would need lgamma(mode + r) −
// lgamma(r), which loses its digits to cancellation when r is large (for r = 1e12 both terms
// are near 3e13, leaving an error of about 1e-2 in the logarithm); the ratios stay exact.
// The bound holds because the ratios of successive probabilities are monotone. Below the mode
// (r > 1), σ = P(k − 1)/P(k) = k / ((k − 1 + r) p) falls as k falls, so the mass below k is at
// most P(k) σ/(1 − σ). Above it, ρ = P(k + 1)/P(k) = (k + r)/(k + 1) · p falls towards p when
// r > 1 and rises towards p when r < 1, so every later ratio is at most max(ρ, p) and the mass
// above k at most P(k) max(ρ, p)/(1 − max(ρ, p)).
//
// A window of mean ± 12 sd, as PoissonSampler uses, would not do: the tail grows with skewness,
// and for r = 0.5 the mass above the mean + 12 sd is about 2e-5. The window found spans about
// 24 sd for r = 100, 31 for r = 10, 52 for r = 2 and 94 for r = 0.5, and making a sampler takes
// one step per count in it: 30 µs for mean 5000 and r = 100, 1.6 ms for r = 0.5, and up to about
// 2 s at the extremes allowed (mean 1e7 with r = 1, or mean / dispersion = 1e7).
void NegativeBinomialSampler::find_window_and_mode_probabilities() {
    double below = 1.0; // P(X ≤ k) / P(X = mode), from the mode's own 1 down
    double weight = 1.0;
    std::int64_t k = mode_;
    while (k > 0) {
        const double ratio = ratio_down(k);
        if (ratio < 1.0 && weight * ratio / (1.0 - ratio) < k_tail_mass * below) {
            break;
        }
        weight *= ratio;
        below += weight;
        --k;
    }
    first_ = k;

    double above = 0.0; // P(mode < X ≤ k) / P(X = mode)
    weight = 1.0;
    k = mode_;
    for (;;) {
        const double ratio = ratio_up(k);
        const double bound = std::max(ratio, p_);
        if (bound < 1.0 && weight * bound / (1.0 - bound) < k_tail_mass * (below + above)) {
            break;
        }
        weight *= ratio;
        above += weight;
        ++k;
    }
    last_ = k;

    const double total = below + above;
    cdf_mode_ = below / total;
    pmf_mode_ = 1.0 / total;
}

} // namespace specflow::sim
