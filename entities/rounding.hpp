#pragma once

#include <cstdint>
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

// numerator / denominator rounded as asked; denominator must be positive.
[[nodiscard]] Int128 divide_rounded(Int128 numerator, Int128 denominator, Rounding rounding);

// Narrows to int64, throwing MoneyOverflow when the value does not fit.
[[nodiscard]] std::int64_t narrow_checked(Int128 value, const char* what);

} // namespace specflow::entities
