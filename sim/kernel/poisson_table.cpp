#include "sim/kernel/poisson_table.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>

namespace specflow::sim {

namespace {
constexpr double k_span_sd = 12.0;
constexpr double k_span_extra = 10.0;
constexpr double k_mean_max = 1.0e7; // the table would not fit sensibly in memory beyond this
} // namespace

PoissonTable::PoissonTable(double mean) : mean_(mean) {
    if (!(mean >= 0.0) || mean > k_mean_max) {
        throw std::invalid_argument("PoissonTable: the mean must be in [0, 1e7]");
    }
    if (mean == 0.0) {
        return;
    }
    const double spread = k_span_sd * std::sqrt(mean) + k_span_extra;
    first_count_ = static_cast<std::int64_t>(std::max(0.0, std::floor(mean - spread)));
    const auto last_count = static_cast<std::int64_t>(std::ceil(mean + spread));
    const auto size = static_cast<std::size_t>(last_count - first_count_ + 1);

    // Probabilities from logarithms so that large means do not underflow exp(−mean).
    cdf_.resize(size);
    const double log_mean = std::log(mean);
    double total = 0.0;
    for (std::size_t i = 0; i < size; ++i) {
        const auto k = static_cast<double>(first_count_ + static_cast<std::int64_t>(i));
        total += std::exp(k * log_mean - mean - std::lgamma(k + 1.0));
        cdf_[i] = total;
    }
    for (auto& value : cdf_) {
        value /= total;
    }
    cdf_.back() = 1.0; // so that every u < 1 stops inside the table

    guide_.resize(size);
    std::size_t index = 0;
    for (std::size_t j = 0; j < size; ++j) {
        const double threshold = static_cast<double>(j) / static_cast<double>(size);
        while (cdf_[index] <= threshold) {
            ++index;
        }
        guide_[j] = static_cast<std::uint32_t>(index);
    }
}

} // namespace specflow::sim
