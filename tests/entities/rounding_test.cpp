// divide_rounded (entities/rounding.hpp): hand-checked halves in every rounding, and the 64-bit
// path (both numbers fit 64 bits), with the accruals' constant denominators too, against the
// 128-bit one for numbers either side of 2⁶³.

#include "entities/rounding.hpp"

#include <cstdint>
#include <doctest/doctest.h>
#include <limits>

namespace {

using specflow::entities::divide_rounded;
using specflow::entities::Int128;
using specflow::entities::Rounding;

constexpr Rounding k_all[] = {Rounding::toward_zero, Rounding::down, Rounding::up,
                              Rounding::nearest_away, Rounding::nearest_even};

} // namespace

TEST_CASE("divide_rounded golden: halves and thirds in each rounding") {
    // 5/2 = 2.5, −5/2 = −2.5, 7/2 = 3.5, 7/3 = 2.33…, −7/3 = −2.33…
    struct Row {
        Int128 n;
        Int128 d;
        Int128 toward_zero, down, up, nearest_away, nearest_even;
    };
    const Row rows[] = {{5, 2, 2, 2, 3, 3, 2}, {-5, 2, -2, -3, -2, -3, -2}, {7, 2, 3, 3, 4, 4, 4},
                        {7, 3, 2, 2, 3, 2, 2}, {-7, 3, -2, -3, -2, -2, -2}, {6, 3, 2, 2, 2, 2, 2}};
    for (const auto& r : rows) {
        CAPTURE(static_cast<long long>(r.n));
        CHECK(divide_rounded(r.n, r.d, Rounding::toward_zero) == r.toward_zero);
        CHECK(divide_rounded(r.n, r.d, Rounding::down) == r.down);
        CHECK(divide_rounded(r.n, r.d, Rounding::up) == r.up);
        CHECK(divide_rounded(r.n, r.d, Rounding::nearest_away) == r.nearest_away);
        CHECK(divide_rounded(r.n, r.d, Rounding::nearest_even) == r.nearest_even);
    }
}

TEST_CASE("divide_rounded: the same quotient on either side of 64 bits") {
    // n / d and (n · 2⁴⁰) / (d · 2⁴⁰) are the same fraction; the second takes the 128-bit path
    // whenever n · 2⁴⁰ or d · 2⁴⁰ passes 64 bits, the first the 64-bit one.
    constexpr std::int64_t max64 = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t min64 = std::numeric_limits<std::int64_t>::min();
    const Int128 scale = static_cast<Int128>(1) << 40;
    for (const std::int64_t n :
         {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{12'345'678'901},
          std::int64_t{-12'345'678'901}, max64, min64, max64 - 1, min64 + 1}) {
        for (const std::int64_t d : {std::int64_t{1}, std::int64_t{2}, std::int64_t{3},
                                     std::int64_t{10'000}, std::int64_t{1'000'003}, max64}) {
            for (const auto rounding : k_all) {
                CAPTURE(static_cast<long long>(n));
                CAPTURE(static_cast<long long>(d));
                CHECK(divide_rounded(n, d, rounding) ==
                      divide_rounded(static_cast<Int128>(n) * scale, static_cast<Int128>(d) * scale,
                                     rounding));
            }
        }
    }
}

TEST_CASE("divide_rounded: the accruals' denominators (a thousand, ten million) as any other") {
    // Their quotients come from a division by a constant; scaled by 2⁴⁰ they take the 128-bit
    // path. Numerators around exact multiples and halves, both signs, and the 64-bit ends.
    constexpr std::int64_t max64 = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t min64 = std::numeric_limits<std::int64_t>::min();
    const Int128 scale = static_cast<Int128>(1) << 40;
    for (const std::int64_t d : {std::int64_t{1'000}, std::int64_t{10'000'000}}) {
        for (const std::int64_t base : {std::int64_t{0}, std::int64_t{7} * d,
                                        std::int64_t{123'456'789} * d, max64 / d * d - d}) {
            for (const std::int64_t offset :
                 {-d - 1, -d, -d / 2 - 1, -d / 2, -d / 2 + 1, std::int64_t{-1}, std::int64_t{0},
                  std::int64_t{1}, d / 2 - 1, d / 2, d / 2 + 1, d - 1}) {
                for (const std::int64_t sign : {std::int64_t{1}, std::int64_t{-1}}) {
                    const std::int64_t n = sign * (base + offset);
                    for (const auto rounding : k_all) {
                        CAPTURE(static_cast<long long>(n));
                        CAPTURE(static_cast<long long>(d));
                        CHECK(divide_rounded(n, d, rounding) ==
                              divide_rounded(static_cast<Int128>(n) * scale,
                                             static_cast<Int128>(d) * scale, rounding));
                    }
                }
            }
        }
        for (const auto rounding : k_all) {
            CHECK(divide_rounded(min64, d, rounding) ==
                  divide_rounded(static_cast<Int128>(min64) * scale, static_cast<Int128>(d) * scale,
                                 rounding));
        }
    }
    // By hand: 2,500 milli-pence is 2.5 pence, 2 to the nearest even; −15,000,000 API units is
    // −1.5 pence, −2.
    CHECK(divide_rounded(2'500, 1'000, Rounding::nearest_even) == 2);
    CHECK(divide_rounded(-15'000'000, 10'000'000, Rounding::nearest_even) == -2);
}
