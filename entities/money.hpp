#pragma once

#include "entities/rounding.hpp"

#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace specflow::entities {

// An amount of money in integer pence. Adding, subtracting and multiplying by a whole number
// are operators and are overflow-checked; anything that divides is a named function that says
// how it rounds. Money is never a floating-point number.
class Money {
public:
    constexpr Money() noexcept = default;

    [[nodiscard]] static constexpr Money from_pence(std::int64_t pence) noexcept {
        return Money(pence);
    }
    // Whole pounds; throws MoneyOverflow if the amount does not fit.
    [[nodiscard]] static Money from_pounds(std::int64_t pounds);
    // Parses "1234", "-1234.5" or "1234.56" exactly; returns false on anything else
    // (more than two decimals, separators, a currency sign, or out of range).
    [[nodiscard]] static bool parse_pounds(std::string_view text, Money& out) noexcept;

    [[nodiscard]] constexpr std::int64_t pence() const noexcept { return pence_; }
    [[nodiscard]] constexpr bool is_zero() const noexcept { return pence_ == 0; }
    [[nodiscard]] constexpr bool is_negative() const noexcept { return pence_ < 0; }

    Money& operator+=(Money other) {
        std::int64_t result = 0;
        if (__builtin_add_overflow(pence_, other.pence_, &result)) [[unlikely]] {
            throw_overflow("Money::operator+");
        }
        pence_ = result;
        return *this;
    }
    Money& operator-=(Money other) {
        std::int64_t result = 0;
        if (__builtin_sub_overflow(pence_, other.pence_, &result)) [[unlikely]] {
            throw_overflow("Money::operator-");
        }
        pence_ = result;
        return *this;
    }
    Money& operator*=(std::int64_t factor);
    [[nodiscard]] friend Money operator+(Money a, Money b) { return a += b; }
    [[nodiscard]] friend Money operator-(Money a, Money b) { return a -= b; }
    [[nodiscard]] friend Money operator*(Money a, std::int64_t factor) { return a *= factor; }
    [[nodiscard]] friend Money operator*(std::int64_t factor, Money a) { return a *= factor; }
    [[nodiscard]] Money operator-() const;

    friend constexpr bool operator==(Money, Money) noexcept = default;
    friend constexpr std::strong_ordering operator<=>(Money, Money) noexcept = default;

    // this × numerator / denominator, rounded as asked; denominator > 0. Inline, as split_part:
    // the monthly loop's fixed payments call both for every contract of every replication.
    [[nodiscard]] Money scale(std::int64_t numerator, std::int64_t denominator,
                              Rounding rounding) const {
        const Int128 product = static_cast<Int128>(pence_) * numerator;
        return Money(
            narrow_checked(divide_rounded(product, denominator, rounding), "Money::scale"));
    }

    // Splits into `parts` amounts that differ by at most a penny and sum back exactly; the
    // pennies left over go to the earliest parts. A negative amount splits the same way.
    [[nodiscard]] std::vector<Money> split(std::int64_t parts) const;
    // Part `index` of split(parts), without building the vector.
    [[nodiscard]] Money split_part(std::int64_t parts, std::int64_t index) const {
        if (parts <= 0 || index < 0 || index >= parts) [[unlikely]] {
            throw_bad_part();
        }
        // Work on the magnitude so that a negative amount splits as the mirror of a positive
        // one; it fits 64 unsigned bits (even the most negative amount's), and so does every
        // part. A year's money in months (instalments, fixed payments) divides by a constant
        // the compiler multiplies by, instead of waiting on a division.
        const std::uint64_t magnitude = pence_ < 0 ? 0 - static_cast<std::uint64_t>(pence_)
                                                   : static_cast<std::uint64_t>(pence_);
        const auto part_of = [&](auto divisor) {
            return magnitude / divisor + (static_cast<std::uint64_t>(index) < magnitude % divisor);
        };
        const std::uint64_t part =
            parts == 12 ? part_of(std::uint64_t{12}) : part_of(static_cast<std::uint64_t>(parts));
        return Money(pence_ < 0 ? static_cast<std::int64_t>(0 - part)
                                : static_cast<std::int64_t>(part));
    }
    // Splits in proportion to non-negative weights (at least one positive) by largest
    // remainder; ties in the remainder go to the earlier part. Sums back exactly.
    [[nodiscard]] std::vector<Money> split(std::span<const std::int64_t> weights) const;
    // The same into `out`, one part per weight (std::invalid_argument otherwise), without
    // allocating for up to 16 parts.
    void split_into(std::span<const std::int64_t> weights, std::span<Money> out) const;

    // "1234.56" / "-0.05": pounds with exactly two decimals, for CSV.
    [[nodiscard]] std::string to_pounds_string() const;

private:
    constexpr explicit Money(std::int64_t pence) noexcept : pence_(pence) {}
    // Throws MoneyOverflow naming the operation; out of line, so the operators stay small.
    [[noreturn]] static void throw_overflow(const char* operation);
    [[noreturn]] static void throw_bad_part(); // split_part's refusal
    std::int64_t pence_ = 0;
};

} // namespace specflow::entities
