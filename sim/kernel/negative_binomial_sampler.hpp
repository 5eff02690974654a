#pragma once

#include "sim/kernel/poisson_sampler.hpp"

#include <cstdint>
#include <limits>

namespace specflow::sim {

// Samples a negative binomial count — a Poisson count whose mean is itself drawn from a gamma
// distribution — with mean μ and dispersion r, so that Var = μ + μ²/r: the smaller r, the more
// the counts vary beyond Poisson. With p = μ/(μ + r), P(X = k) = Γ(k + r)/(Γ(r) k!) (1 − p)^r p^k.
//
// It inverts the distribution function searching outwards from the mode, as PoissonSampler
// does, with the recurrence P(k + 1) = P(k) · (k + r)/(k + 1) · p. Each sampler holds a few
// numbers worked out once when it is made (at model build, never in the monthly loop): the mode,
// P(X ≤ mode), P(X = mode) and the window [first, last] the walk keeps to: 120 bytes with the
// PoissonSampler it delegates to. A draw takes on average as many steps as X lies from the
// mode: about 0.8 √Var when r is large, and μ when r ≤ 1 and the mode is 0.
//
// A dispersion of k_no_overdispersion (+∞, the limit of the family as r grows) means plain
// Poisson counts: the draws are then PoissonSampler's, the same k for the same u.
class NegativeBinomialSampler {
public:
    static constexpr double k_no_overdispersion = std::numeric_limits<double>::infinity();

    NegativeBinomialSampler() = default; // mean 0: always draws 0
    // Throws std::invalid_argument unless 0 ≤ mean ≤ 1e7, the dispersion is positive and finite
    // or k_no_overdispersion, and mean / dispersion ≤ 1e7 (the scale of the gamma mixing, which
    // sets how far the tail reaches: of the order of 100 × mean / dispersion beyond the mean).
    NegativeBinomialSampler(double mean, double dispersion);

    [[nodiscard]] double mean() const noexcept { return mean_; }
    [[nodiscard]] double dispersion() const noexcept { return dispersion_; }

    // The smallest k with u < P(X ≤ k), for a uniform u in [0, 1).
    [[nodiscard]] std::int64_t sample(double u) const noexcept {
        if (dispersion_ == k_no_overdispersion) {
            return poisson_.sample(u);
        }
        std::int64_t k = mode_;
        double cdf = cdf_mode_;
        double pmf = pmf_mode_;
        if (u < cdf) {
            // Down: while u < P(X ≤ k − 1) = P(X ≤ k) − P(X = k), step to k − 1.
            while (k > first_ && u < cdf - pmf) {
                cdf -= pmf;
                pmf *= ratio_down(k);
                --k;
            }
            return k;
        }
        // Up: add P(X = k + 1) until the distribution function passes u.
        while (u >= cdf && k < last_) {
            pmf *= ratio_up(k);
            cdf += pmf;
            ++k;
        }
        return k;
    }

    // Where the walk starts and the window it keeps to, and the probabilities it steps by, for
    // NegativeBinomialTables, which tabulates the running sums the walk computes so as to draw
    // the same k for the same u; with no overdispersion, those of the PoissonSampler it draws
    // with.
    [[nodiscard]] PoissonSampler::Walk walk() const noexcept {
        if (dispersion_ == k_no_overdispersion) {
            return poisson_.walk();
        }
        return {.first = first_,
                .mode = mode_,
                .last = last_,
                .cdf_mode = cdf_mode_,
                .pmf_mode = pmf_mode_};
    }
    // P(X = k − 1) from pmf = P(X = k), k ≥ 1, as the walk computes it.
    [[nodiscard]] double pmf_below(double pmf, std::int64_t k) const noexcept {
        return dispersion_ == k_no_overdispersion ? poisson_.pmf_below(pmf, k)
                                                  : pmf * ratio_down(k);
    }
    // P(X = k + 1) from pmf = P(X = k), as the walk computes it.
    [[nodiscard]] double pmf_above(double pmf, std::int64_t k) const noexcept {
        return dispersion_ == k_no_overdispersion ? poisson_.pmf_above(pmf, k) : pmf * ratio_up(k);
    }

private:
    // P(X = k + 1) / P(X = k) = (k + r)/(k + 1) · p.
    [[nodiscard]] double ratio_up(std::int64_t k) const noexcept {
        return (static_cast<double>(k) + dispersion_) * p_ / static_cast<double>(k + 1);
    }
    // P(X = k − 1) / P(X = k) = k / ((k − 1 + r) p), for k ≥ 1.
    [[nodiscard]] double ratio_down(std::int64_t k) const noexcept {
        return static_cast<double>(k) / ((static_cast<double>(k - 1) + dispersion_) * p_);
    }
    void find_window_and_mode_probabilities();

    double mean_ = 0.0;
    double dispersion_ = k_no_overdispersion;
    PoissonSampler poisson_; // the draws when there is no overdispersion; unused otherwise
    double p_ = 0.0;         // μ/(μ + r)
    double cdf_mode_ = 1.0;  // mean 0: P(X ≤ 0) = 1
    double pmf_mode_ = 1.0;
    std::int64_t mode_ = 0;
    // The walk stays within [first, last], outside which the mass is below 1e-30 (see the
    // constructor); this also stops it where rounding leaves the running sum a hair short of u
    // near 0 or 1.
    std::int64_t first_ = 0;
    std::int64_t last_ = 0;
};

} // namespace specflow::sim
