#pragma once

// What the tests of Money share (money_test.cpp, money_split_test.cpp): amounts in pence, the
// edges of the 64-bit range and a random generator that replays the same on every machine.

#include "entities/money.hpp"
#include "entities/rounding.hpp"

#include <cstdint>
#include <limits>

namespace specflow::testing {

inline constexpr std::int64_t k_max_pence = std::numeric_limits<std::int64_t>::max();
inline constexpr std::int64_t k_min_pence = std::numeric_limits<std::int64_t>::min();

inline entities::Money pence(std::int64_t value) {
    return entities::Money::from_pence(value);
}

inline entities::Int128 abs128(entities::Int128 value) {
    return value < 0 ? -value : value;
}

// Knuth's MMIX linear congruential generator with a fixed seed: the property loops replay
// identically on every machine, and no std:: distribution (whose output is not specified
// across standard libraries) is involved.
class Lcg {
public:
    explicit Lcg(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return state_;
    }
    // Uniform-ish in [lo, hi] from the high bits (the low bits of an LCG are weak).
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
        return lo + static_cast<std::int64_t>((next() >> 11) % span);
    }
    // An amount of money drawn from three magnitudes so that small, large and extreme values
    // all turn up: |x| ≤ £10,000; |x| < 2^62; any 64-bit value.
    std::int64_t amount() {
        switch (between(0, 2)) {
        case 0:
            return between(-1'000'000, 1'000'000);
        case 1:
            return between(-(std::int64_t{1} << 62), std::int64_t{1} << 62);
        default:
            return static_cast<std::int64_t>(next());
        }
    }

private:
    std::uint64_t state_;
};

} // namespace specflow::testing
