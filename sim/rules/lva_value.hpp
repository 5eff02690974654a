#pragma once

#include "entities/money.hpp"

#include <cstdint>
#include <span>
#include <stdexcept>

namespace specflow::sim::rules {

// The LVA value of an ICB–provider pair for the coming FY: the mean of its actual activity value
// (cases × unit price) over the last three years, uplifted by cost uplift − efficiency. The mean
// is rounded to the nearest penny (ties to even), then the uplift likewise. Fewer than three
// years of history average what there is.
[[nodiscard]] inline entities::Money lva_value(std::span<const entities::Money> actual_values,
                                               std::int32_t uplift_bp) {
    if (actual_values.empty()) {
        throw std::invalid_argument("lva_value: at least one year of actual activity value");
    }
    const auto years = actual_values.size() < 3 ? actual_values.size() : std::size_t{3};
    entities::Money total;
    for (std::size_t i = actual_values.size() - years; i < actual_values.size(); ++i) {
        total += actual_values[i];
    }
    const auto mean = total.scale(1, static_cast<std::int64_t>(years),
                                  entities::Rounding::nearest_even);
    return mean.scale(10'000 + static_cast<std::int64_t>(uplift_bp), 10'000,
                      entities::Rounding::nearest_even);
}

} // namespace specflow::sim::rules
