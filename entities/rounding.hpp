#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace specflow::entities {

// 128-bit intermediate for exact money arithmetic (products of pence, cases and rates).
__extension__ typedef __int128 Int128;

// How a division that does not come out exactly is rounded. Every division of money names one.
enum class Rounding {
    nearest_even, // to the nearest; a tie goes to the even neighbour (banker's rounding)
    nearest_away, // to the nearest; a tie goes away from zero
    down,         // towards minus infinity
    up,           // towards plus infinity
    toward_zero,
};

// Thrown when an amount does not fit in 64-bit pence: about ±£92 quadrillion.
class MoneyOverflow : public std::overflow_error {
public:
    explicit MoneyOverflow(const std::string& what) : std::overflow_error(what) {}
};

// The refusals of divide_rounded and narrow_checked, out of line.
[[noreturn]] void throw_denominator_not_positive();
[[noreturn]] void throw_narrow_overflow(const char* what);

// numerator / denominator rounded as asked; denominator must be positive. Inline: the monthly
// loop's accruals call it a few hundred times a month of each replication.
[[nodiscard]] inline Int128 divide_rounded(Int128 numerator, Int128 denominator,
                                           Rounding rounding) {
    if (denominator <= 0) [[unlikely]] {
        throw_denominator_not_positive();
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

// Narrows to int64, throwing MoneyOverflow when the value does not fit.
[[nodiscard]] inline std::int64_t narrow_checked(Int128 value, const char* what) {
    if (value > std::numeric_limits<std::int64_t>::max() ||
        value < std::numeric_limits<std::int64_t>::min()) [[unlikely]] {
        throw_narrow_overflow(what);
    }
    return static_cast<std::int64_t>(value);
}

} // namespace specflow::entities
