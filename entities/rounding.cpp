#include "entities/rounding.hpp"

#include <cassert>
#include <limits>

namespace specflow::entities {

Int128 divide_rounded(Int128 numerator, Int128 denominator, Rounding rounding) {
    if (denominator <= 0) {
        throw std::invalid_argument("divide_rounded: the denominator must be positive");
    }
    // Both truncate toward zero; in 64 bits when both fit, many times faster than in 128.
    Int128 quotient = 0;
    Int128 remainder = 0;
    constexpr Int128 k_min64 = std::numeric_limits<std::int64_t>::min();
    constexpr Int128 k_max64 = std::numeric_limits<std::int64_t>::max();
    if (numerator >= k_min64 && numerator <= k_max64 && denominator <= k_max64) {
        const auto n = static_cast<std::int64_t>(numerator);
        const auto d = static_cast<std::int64_t>(denominator);
        // The monthly loop's accruals divide by a thousand (milli-pence) or ten million (API
        // units): by a constant the compiler multiplies instead of waiting on a division.
        const auto by = [&](auto constant) {
            quotient = n / constant;
            remainder = n % constant;
        };
        if (d == 1'000) {
            by(std::int64_t{1'000});
        } else if (d == 10'000'000) {
            by(std::int64_t{10'000'000});
        } else {
            by(d);
        }
    } else {
        quotient = numerator / denominator;
        remainder = numerator % denominator;
    }
    if (remainder == 0) {
        return quotient;
    }
    const bool negative = numerator < 0;
    const Int128 twice_remainder = (negative ? -remainder : remainder) * 2;
    const auto away = [&] { return negative ? quotient - 1 : quotient + 1; };
    switch (rounding) {
    case Rounding::toward_zero:
        return quotient;
    case Rounding::down:
        return negative ? quotient - 1 : quotient;
    case Rounding::up:
        return negative ? quotient : quotient + 1;
    case Rounding::nearest_away:
        return twice_remainder >= denominator ? away() : quotient;
    case Rounding::nearest_even:
        if (twice_remainder > denominator) {
            return away();
        }
        if (twice_remainder < denominator) {
            return quotient;
        }
        return (quotient % 2 == 0) ? quotient : away();
    }
    return quotient;
}

std::int64_t narrow_checked(Int128 value, const char* what) {
    if (value > std::numeric_limits<std::int64_t>::max() ||
        value < std::numeric_limits<std::int64_t>::min()) {
        throw MoneyOverflow(std::string("amount out of range in ") + what);
    }
    return static_cast<std::int64_t>(value);
}

} // namespace specflow::entities
