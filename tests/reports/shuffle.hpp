#pragma once

// Shuffling for the property tests of the mergeable summaries (distribution_test.cpp,
// tornado_test.cpp): random add and merge orders that replay the same on every machine.

#include "../support/random_scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace specflow::testing {

// Fisher–Yates with the test generator, so that orders are the same on every library.
template <typename T>
void shuffle(std::vector<T>& items, SplitMix64& rng) {
    for (std::size_t i = items.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(rng.between(0, static_cast<std::int64_t>(i) - 1));
        std::swap(items[i - 1], items[j]);
    }
}

} // namespace specflow::testing
