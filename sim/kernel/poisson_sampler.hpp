#pragma once

#include <cmath>
#include <cstdint>

namespace specflow::sim {

// Samples a Poisson count by inverting its distribution function, searching outwards from the
// mode. Each sampler holds four numbers (32 bytes) — the mean, the mode, P(X ≤ mode) and
// P(X = mode) — worked out once when the mean is set (at model build, never in the monthly
// loop), so the per-flow-month state of a whole year stays in cache. A draw takes about
// 0.8 √mean steps of one multiply-add each: u below P(X ≤ mode) walks down, else up.
class PoissonSampler {
public:
    PoissonSampler() = default; // mean 0: always draws 0
    // Throws std::invalid_argument unless 0 ≤ mean ≤ 1e7.
    explicit PoissonSampler(double mean);

    [[nodiscard]] double mean() const noexcept { return mean_; }

    // The smallest k with u < P(X ≤ k), for a uniform u in [0, 1).
    [[nodiscard]] std::int64_t sample(double u) const noexcept {
        std::int64_t k = mode_;
        double cdf = cdf_mode_;
        double pmf = pmf_mode_;
        if (u < cdf) {
            // Down: while u < P(X ≤ k − 1) = P(X ≤ k) − P(X = k), step to k − 1.
            while (k > first_ && u < cdf - pmf) {
                cdf -= pmf;
                pmf = pmf_below(pmf, k);
                --k;
            }
            return k;
        }
        // Up: add P(X = k + 1) until the distribution function passes u.
        while (u >= cdf && k < last_) {
            pmf = pmf_above(pmf, k);
            cdf += pmf;
            ++k;
        }
        return k;
    }

    // Where the walk starts and the window it keeps to, for PoissonTables, which tabulates the
    // running sums the walk computes (with pmf_below and pmf_above) so as to draw the same k for
    // the same u.
    struct Walk {
        std::int64_t first = 0;
        std::int64_t mode = 0;
        std::int64_t last = 0;
        double cdf_mode = 1.0; // P(X ≤ mode)
        double pmf_mode = 1.0; // P(X = mode)
    };
    [[nodiscard]] Walk walk() const noexcept {
        return {.first = first_,
                .mode = mode_,
                .last = last_,
                .cdf_mode = cdf_mode_,
                .pmf_mode = pmf_mode_};
    }
    // P(X = k − 1) from pmf = P(X = k), k ≥ 1, as the walk computes it.
    [[nodiscard]] double pmf_below(double pmf, std::int64_t k) const noexcept {
        return pmf * (static_cast<double>(k) * inverse_mean_);
    }
    // P(X = k + 1) from pmf = P(X = k), as the walk computes it.
    [[nodiscard]] double pmf_above(double pmf, std::int64_t k) const noexcept {
        return pmf * (mean_ / static_cast<double>(k + 1));
    }

private:
    double mean_ = 0.0;
    double inverse_mean_ = 0.0;
    double cdf_mode_ = 1.0; // mean 0: P(X ≤ 0) = 1
    double pmf_mode_ = 1.0;
    std::int64_t mode_ = 0;
    // The walk stays within mean ± (12 √mean + 10), outside which the mass is below 1e-30; this
    // also stops it where rounding leaves the running sum a hair short of u near 0 or 1.
    std::int64_t first_ = 0;
    std::int64_t last_ = 0;
};

} // namespace specflow::sim
