#include "sim/rules/allocation/targets.hpp"

#include <stdexcept>

namespace specflow::sim::rules {

using entities::Money;

std::vector<Money> targets(Money total, std::span<const std::int64_t> weights) {
    return total.split(weights);
}

std::vector<Money> baselines_from_dft(Money total, std::span<const std::int64_t> weights,
                                      std::span<const std::int64_t> dft_bp) {
    if (weights.size() != dft_bp.size()) {
        throw std::invalid_argument("baselines_from_dft: one DfT per weight");
    }
    std::vector<std::int64_t> shares(weights.size());
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (dft_bp[i] <= -10'000) {
            throw std::invalid_argument("baselines_from_dft: a DfT must be above -100%");
        }
        std::int64_t share = 0;
        if (__builtin_mul_overflow(weights[i], 10'000 + dft_bp[i], &share)) {
            throw entities::MoneyOverflow("baselines_from_dft: weight × (1 + DfT)");
        }
        shares[i] = share;
    }
    return total.split(shares);
}

} // namespace specflow::sim::rules
