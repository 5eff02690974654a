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
// outside is below 1e-30): P(mode) from logarithms, so that large means do not underflow, and
// the others from it by the walk's ratios, P(k − 1) = P(k) · k/mean and P(k + 1) = P(k) ·
// mean/(k + 1). (A logarithm, a log-gamma and an exponential for every count of the window made
// building a year's guide tables take most of a second.)
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
    const auto x = static_cast<double>(mode_);
    const double at_mode = std::exp(x * std::log(mean) - mean - std::lgamma(x + 1.0));
    double below_mode = at_mode; // P(first) + … + P(mode), unnormalised
    double pmf = at_mode;
    for (std::int64_t k = mode_; k > first; --k) {
        pmf *= static_cast<double>(k) * inverse_mean_;
        below_mode += pmf;
    }
    double above_mode = 0.0; // P(mode + 1) + … + P(last)
    pmf = at_mode;
    for (std::int64_t k = mode_; k < last; ++k) {
        pmf *= mean / static_cast<double>(k + 1);
        above_mode += pmf;
    }
    const double total = below_mode + above_mode;
    cdf_mode_ = below_mode / total;
    pmf_mode_ = at_mode / total;
}

} // namespace specflow::sim
