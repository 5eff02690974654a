#include "sim/kernel/poisson_sampler.hpp"

#include <algorithm>
#include <stdexcept>

namespace specflow::sim {

namespace {
constexpr double k_span_sd = 12.0;
constexpr double k_span_extra = 10.0;
constexpr double k_mean_max = 1.0e7;
} // namespace

// P(X ≤ mode) is summed from the probabilities over mean ± 12 standard deviations (the mass
// outside is below 1e-30), computed from logarithms so that large means do not underflow.
PoissonSampler::PoissonSampler(double mean) : mean_(mean) {
    if (!(mean >= 0.0) || mean > k_mean_max) {
        throw std::invalid_argument("PoissonSampler: the mean must be in [0, 1e7]");
    }
    if (mean == 0.0) {
        return;
    }
    inverse_mean_ = 1.0 / mean;
    mode_ = static_cast<std::int64_t>(std::floor(mean));
    const double spread = k_span_sd * std::sqrt(mean) + k_span_extra;
    first_ = static_cast<std::int64_t>(std::max(0.0, std::floor(mean - spread)));
    last_ = static_cast<std::int64_t>(std::ceil(mean + spread));
    const auto first = first_;
    const auto last = last_;
    const double log_mean = std::log(mean);
    const auto pmf = [&](std::int64_t k) {
        const auto x = static_cast<double>(k);
        return std::exp(x * log_mean - mean - std::lgamma(x + 1.0));
    };
    double total = 0.0;
    double below_mode = 0.0;
    for (std::int64_t k = first; k <= last; ++k) {
        const double p = pmf(k);
        total += p;
        if (k <= mode_) {
            below_mode += p;
        }
    }
    cdf_mode_ = below_mode / total;
    pmf_mode_ = pmf(mode_) / total;
}

} // namespace specflow::sim
