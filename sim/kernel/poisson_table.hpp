#pragma once

#include <cstdint>
#include <vector>

namespace specflow::sim {

// Samples a Poisson count by inverting a precomputed cumulative distribution, with a guide
// table so that a draw needs one or two comparisons. Built once when the mean changes (at the
// start of a financial year or on a shock), never in the monthly loop. The table spans the
// mean ± 12 standard deviations (and 0 when that is near); the mass outside is below 1e-30.
class PoissonTable {
public:
    PoissonTable() = default; // mean 0: always draws 0
    explicit PoissonTable(double mean);

    [[nodiscard]] double mean() const noexcept { return mean_; }

    // The count for a uniform u in [0, 1).
    [[nodiscard]] std::int64_t sample(double u) const noexcept {
        if (cdf_.empty()) {
            return 0;
        }
        auto index = guide_[static_cast<std::size_t>(u * static_cast<double>(guide_.size()))];
        while (cdf_[index] <= u) {
            ++index;
        }
        return first_count_ + static_cast<std::int64_t>(index);
    }

private:
    double mean_ = 0.0;
    std::int64_t first_count_ = 0;
    std::vector<double> cdf_;           // cdf_[i] = P(X ≤ first_count_ + i); the last is 1
    std::vector<std::uint32_t> guide_;  // guide_[j] = first i with cdf_[i] > j / size
};

} // namespace specflow::sim
