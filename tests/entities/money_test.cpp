// Tests of Money: every operator, every named function and every rounding mode, with the
// arithmetic written out in comments, then a property loop over random amounts. Longer than
// ~600 lines on purpose: one file per source file, and Money's every operator must be tested.

#include "entities/money.hpp"

#include <compare>
#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using specflow::entities::Int128;
using specflow::entities::Money;
using specflow::entities::MoneyOverflow;
using specflow::entities::Rounding;

constexpr std::int64_t k_max_pence = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t k_min_pence = std::numeric_limits<std::int64_t>::min();

Money pence(std::int64_t value) {
    return Money::from_pence(value);
}

// "34,33,33": the parts in pence, so that a failed check prints what was produced.
std::string pence_list(const std::vector<Money>& parts) {
    std::string text;
    for (const Money part : parts) {
        if (!text.empty()) {
            text += ',';
        }
        text += std::to_string(part.pence());
    }
    return text;
}

// Parses and returns the pence, or a sentinel that no valid test input produces.
constexpr std::int64_t k_parse_failed = 999'999'999;
std::int64_t parsed_pence(std::string_view text) {
    Money out = pence(k_parse_failed);
    if (!Money::parse_pounds(text, out)) {
        return k_parse_failed;
    }
    return out.pence();
}

Int128 sum_of(const std::vector<Money>& parts) {
    Int128 sum = 0;
    for (const Money part : parts) {
        sum += part.pence();
    }
    return sum;
}

Int128 abs128(Int128 value) {
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

} // namespace

// --- construction and accessors ----------------------------------------------------------

TEST_CASE("Money: default is zero, from_pence keeps the pence, is_zero and is_negative") {
    constexpr Money zero{};
    CHECK(zero.pence() == 0);
    CHECK(zero.is_zero());
    CHECK_FALSE(zero.is_negative());

    CHECK(pence(1234).pence() == 1234);
    CHECK_FALSE(pence(1234).is_zero());
    CHECK_FALSE(pence(1234).is_negative());
    CHECK(pence(-1).pence() == -1);
    CHECK(pence(-1).is_negative());
    CHECK_FALSE(pence(-1).is_zero());
    CHECK(pence(k_max_pence).pence() == k_max_pence);
    CHECK(pence(k_min_pence).pence() == k_min_pence);
}

TEST_CASE("Money::from_pounds multiplies by 100 and refuses amounts that do not fit") {
    CHECK(Money::from_pounds(12).pence() == 1200);
    CHECK(Money::from_pounds(-3).pence() == -300);
    CHECK(Money::from_pounds(0).pence() == 0);
    // INT64_MAX = 9,223,372,036,854,775,807 pence, so the largest whole number of pounds is
    // 92,233,720,368,547,758 (= 9,223,372,036,854,775,800 pence) and one more overflows.
    CHECK(Money::from_pounds(92'233'720'368'547'758).pence() == 9'223'372'036'854'775'800);
    CHECK(Money::from_pounds(-92'233'720'368'547'758).pence() == -9'223'372'036'854'775'800);
    CHECK_THROWS_AS((void)Money::from_pounds(92'233'720'368'547'759), MoneyOverflow);
    CHECK_THROWS_AS((void)Money::from_pounds(-92'233'720'368'547'759), MoneyOverflow);
    CHECK_THROWS_AS((void)Money::from_pounds(k_max_pence), MoneyOverflow);
    CHECK_THROWS_AS((void)Money::from_pounds(k_min_pence), MoneyOverflow);
}

// --- operators ----------------------------------------------------------------------------

TEST_CASE("Money operator+ adds pence") {
    CHECK((pence(150) + pence(275)).pence() == 425);
    CHECK((pence(150) + pence(-275)).pence() == -125);
    CHECK((pence(-150) + pence(-275)).pence() == -425);
    CHECK((pence(150) + Money{}).pence() == 150);
    CHECK((pence(k_max_pence - 1) + pence(1)).pence() == k_max_pence);
    // The most negative amount can be added although it cannot be negated.
    CHECK((Money{} + pence(k_min_pence)).pence() == k_min_pence);
    CHECK((pence(k_max_pence) + pence(k_min_pence)).pence() == -1);
}

TEST_CASE("Money operator- (binary) subtracts pence") {
    CHECK((pence(150) - pence(275)).pence() == -125);
    CHECK((pence(275) - pence(150)).pence() == 125);
    CHECK((pence(150) - pence(-275)).pence() == 425);
    CHECK((pence(150) - pence(150)).pence() == 0);
    CHECK((pence(k_min_pence + 1) - pence(1)).pence() == k_min_pence);
}

TEST_CASE("Money unary minus negates") {
    CHECK((-pence(150)).pence() == -150);
    CHECK((-pence(-150)).pence() == 150);
    CHECK((-Money{}).pence() == 0);
    CHECK((-pence(k_max_pence)).pence() == k_min_pence + 1);
}

TEST_CASE("Money operator+= and -= change the left side and return it") {
    Money balance = pence(100);
    Money& after_add = (balance += pence(50));
    CHECK(&after_add == &balance);
    CHECK(balance.pence() == 150);
    balance += pence(-200); // 150 − 200 = −50
    CHECK(balance.pence() == -50);

    Money& after_subtract = (balance -= pence(25)); // −50 − 25 = −75
    CHECK(&after_subtract == &balance);
    CHECK(balance.pence() == -75);
    balance -= pence(-100); // −75 + 100 = 25
    CHECK(balance.pence() == 25);
}

TEST_CASE("Money operator*= and * (both orders) multiply by a whole number") {
    Money amount = pence(125);
    Money& after = (amount *= 3); // 125 × 3 = 375
    CHECK(&after == &amount);
    CHECK(amount.pence() == 375);
    amount *= -2; // 375 × −2 = −750
    CHECK(amount.pence() == -750);
    amount *= 0;
    CHECK(amount.pence() == 0);

    CHECK((pence(125) * 3).pence() == 375);
    CHECK((3 * pence(125)).pence() == 375);
    CHECK((pence(-125) * 4).pence() == -500);
    CHECK((4 * pence(-125)).pence() == -500);
    CHECK((pence(125) * -1).pence() == -125);
    CHECK((-1 * pence(125)).pence() == -125);
    CHECK((pence(7) * 1).pence() == 7);
}

TEST_CASE("Money comparisons: == != < <= > >= and <=>") {
    const Money low = pence(100);
    const Money high = pence(200);
    const Money same_as_low = pence(100);
    const Money negative = pence(-300);

    CHECK(low == same_as_low);
    CHECK_FALSE(low == high);
    CHECK(low != high);
    CHECK_FALSE(low != same_as_low);

    CHECK(low < high);
    CHECK_FALSE(high < low);
    CHECK_FALSE(low < same_as_low);
    CHECK(negative < low); // −300 < 100: signed, not by magnitude

    CHECK(low <= high);
    CHECK(low <= same_as_low);
    CHECK_FALSE(high <= low);

    CHECK(high > low);
    CHECK_FALSE(low > high);
    CHECK_FALSE(low > same_as_low);
    CHECK(low > negative);

    CHECK(high >= low);
    CHECK(low >= same_as_low);
    CHECK_FALSE(low >= high);

    CHECK((low <=> high) == std::strong_ordering::less);
    CHECK((high <=> low) == std::strong_ordering::greater);
    CHECK((low <=> same_as_low) == std::strong_ordering::equal);
    CHECK((negative <=> Money{}) == std::strong_ordering::less);
    CHECK((pence(k_min_pence) <=> pence(k_max_pence)) == std::strong_ordering::less);
}

TEST_CASE("Money operators throw MoneyOverflow instead of wrapping") {
    CHECK_THROWS_AS((void)(pence(k_max_pence) + pence(1)), MoneyOverflow);
    CHECK_THROWS_AS((void)(pence(k_min_pence) + pence(-1)), MoneyOverflow);
    CHECK_THROWS_AS((void)(pence(k_min_pence) - pence(1)), MoneyOverflow);
    CHECK_THROWS_AS((void)(pence(k_max_pence) - pence(-1)), MoneyOverflow);
    CHECK_THROWS_AS((void)(pence(0) - pence(k_min_pence)), MoneyOverflow); // 0 − (−2^63) = 2^63
    CHECK_THROWS_AS((void)(pence(k_max_pence) * 2), MoneyOverflow);
    CHECK_THROWS_AS((void)(2 * pence(k_max_pence)), MoneyOverflow);
    CHECK_THROWS_AS((void)(pence(k_min_pence) * -1), MoneyOverflow);
    // 2^62 × 2 = 2^63, one more than INT64_MAX; −2^62 × 2 = −2^63 fits exactly.
    CHECK_THROWS_AS((void)(pence(std::int64_t{1} << 62) * 2), MoneyOverflow);
    CHECK((pence(-(std::int64_t{1} << 62)) * 2).pence() == k_min_pence);
    CHECK_THROWS_AS((void)(-pence(k_min_pence)), MoneyOverflow);

    Money total = pence(k_max_pence);
    CHECK_THROWS_AS(total += pence(1), MoneyOverflow);
    Money debt = pence(k_min_pence);
    CHECK_THROWS_AS(debt -= pence(1), MoneyOverflow);
    Money product = pence(k_max_pence);
    CHECK_THROWS_AS(product *= 2, MoneyOverflow);
}

// A failed compound assignment leaves the amount as it was (the strong guarantee): a caller
// that catches MoneyOverflow must not find pence created from nothing. (Bug fixed: the wrapped
// value used to be stored before the throw.)
TEST_CASE("Money compound assignments leave the value unchanged when they overflow") {
    Money total = pence(k_max_pence);
    CHECK_THROWS_AS(total += pence(1), MoneyOverflow);
    CHECK(total.pence() == k_max_pence); // found: INT64_MIN, the wrapped sum
    Money debt = pence(k_min_pence);
    CHECK_THROWS_AS(debt -= pence(1), MoneyOverflow);
    CHECK(debt.pence() == k_min_pence); // found: INT64_MAX
    Money product = pence(k_max_pence);
    CHECK_THROWS_AS(product *= 2, MoneyOverflow);
    CHECK(product.pence() == k_max_pence); // found: −2
}

// --- parse_pounds and to_pounds_string ------------------------------------------------------

TEST_CASE("Money::parse_pounds reads exact pounds and pence") {
    CHECK(parsed_pence("0") == 0);
    CHECK(parsed_pence("12") == 1200);
    CHECK(parsed_pence("12.5") == 1250); // one decimal is tenths of a pound: 12.50
    CHECK(parsed_pence("12.34") == 1234);
    CHECK(parsed_pence("12.05") == 1205);
    CHECK(parsed_pence("-0.05") == -5);
    CHECK(parsed_pence("+3") == 300);
    CHECK(parsed_pence("-1234.5") == -123450);
    CHECK(parsed_pence("0.00") == 0);
    CHECK(parsed_pence("-0") == 0);
    CHECK(parsed_pence("007") == 700);
    // The largest amount: INT64_MAX pence = £92,233,720,368,547,758.07.
    CHECK(parsed_pence("92233720368547758.07") == k_max_pence);
    CHECK(parsed_pence("-92233720368547758.07") == -k_max_pence);
}

TEST_CASE("Money::parse_pounds refuses what is not a plain amount") {
    CHECK(parsed_pence("") == k_parse_failed);
    CHECK(parsed_pence("1.234") == k_parse_failed); // three decimals
    CHECK(parsed_pence("1,000") == k_parse_failed); // thousands separator
    CHECK(parsed_pence("£5") == k_parse_failed);    // currency sign
    CHECK(parsed_pence("1e3") == k_parse_failed);   // exponent
    CHECK(parsed_pence("12.") == k_parse_failed);   // dot without decimals
    CHECK(parsed_pence(".5") == k_parse_failed);    // decimals without pounds
    CHECK(parsed_pence("abc") == k_parse_failed);
    CHECK(parsed_pence("-") == k_parse_failed);
    CHECK(parsed_pence("+") == k_parse_failed);
    CHECK(parsed_pence("--5") == k_parse_failed);
    CHECK(parsed_pence("+-5") == k_parse_failed);
    CHECK(parsed_pence(" 5") == k_parse_failed);
    CHECK(parsed_pence("5 ") == k_parse_failed);
    CHECK(parsed_pence("1.2.3") == k_parse_failed);
    CHECK(parsed_pence("1.-5") == k_parse_failed);
    // Out of range: one penny above INT64_MAX, one pound above, and 20 digits.
    CHECK(parsed_pence("92233720368547758.08") == k_parse_failed);
    CHECK(parsed_pence("92233720368547759") == k_parse_failed);
    CHECK(parsed_pence("-92233720368547758.09") == k_parse_failed);
    CHECK(parsed_pence("99999999999999999999") == k_parse_failed);
}

// INT64_MIN pence, −£92,233,720,368,547,758.08, is a valid Money (to_pounds_string prints it),
// but parse_pounds builds the magnitude as a positive int64 before negating, so the one
// amount whose magnitude does not fit is refused as out of range (money.cpp, the
// __builtin_add_overflow in parse_pounds).
// Bug fixed: the magnitude used to be formed in 64 bits, refusing INT64_MIN.
TEST_CASE("Money::parse_pounds reads the most negative amount") {
    CHECK(parsed_pence("-92233720368547758.08") == k_min_pence);
}

TEST_CASE("Money::to_pounds_string writes pounds with exactly two decimals") {
    CHECK(Money{}.to_pounds_string() == "0.00");
    CHECK(pence(5).to_pounds_string() == "0.05");
    CHECK(pence(-5).to_pounds_string() == "-0.05"); // the sign survives a zero pound part
    CHECK(pence(50).to_pounds_string() == "0.50");
    CHECK(pence(100).to_pounds_string() == "1.00");
    CHECK(pence(123456).to_pounds_string() == "1234.56");
    CHECK(pence(-123456).to_pounds_string() == "-1234.56");
    CHECK(pence(-100).to_pounds_string() == "-1.00");
    CHECK(pence(k_max_pence).to_pounds_string() == "92233720368547758.07");
    CHECK(pence(k_min_pence).to_pounds_string() == "-92233720368547758.08");
}

TEST_CASE("Money: to_pounds_string then parse_pounds gives the amount back") {
    Lcg random(0x5EED'0001);
    for (int i = 0; i < 3000; ++i) {
        const std::int64_t value = random.amount();
        const std::string text = pence(value).to_pounds_string();
        CAPTURE(text);
        CHECK(parsed_pence(text) == value);
    }
}

// --- scale and rounding ---------------------------------------------------------------------

TEST_CASE("Money::scale rounds a tie as each mode says") {
    // 5p × 1/2 = 2.5p
    CHECK(pence(5).scale(1, 2, Rounding::nearest_even).pence() == 2); // 2 is even
    CHECK(pence(5).scale(1, 2, Rounding::nearest_away).pence() == 3);
    CHECK(pence(5).scale(1, 2, Rounding::down).pence() == 2);
    CHECK(pence(5).scale(1, 2, Rounding::up).pence() == 3);
    CHECK(pence(5).scale(1, 2, Rounding::toward_zero).pence() == 2);
    // −5p × 1/2 = −2.5p: the mirror, except that down and up keep their direction.
    CHECK(pence(-5).scale(1, 2, Rounding::nearest_even).pence() == -2);
    CHECK(pence(-5).scale(1, 2, Rounding::nearest_away).pence() == -3);
    CHECK(pence(-5).scale(1, 2, Rounding::down).pence() == -3);
    CHECK(pence(-5).scale(1, 2, Rounding::up).pence() == -2);
    CHECK(pence(-5).scale(1, 2, Rounding::toward_zero).pence() == -2);
    // 7p × 1/2 = 3.5p: here the even neighbour is the upper one, 4.
    CHECK(pence(7).scale(1, 2, Rounding::nearest_even).pence() == 4);
    CHECK(pence(7).scale(1, 2, Rounding::nearest_away).pence() == 4);
    CHECK(pence(7).scale(1, 2, Rounding::down).pence() == 3);
    CHECK(pence(7).scale(1, 2, Rounding::up).pence() == 4);
    CHECK(pence(7).scale(1, 2, Rounding::toward_zero).pence() == 3);
    // −7p × 1/2 = −3.5p
    CHECK(pence(-7).scale(1, 2, Rounding::nearest_even).pence() == -4);
    CHECK(pence(-7).scale(1, 2, Rounding::nearest_away).pence() == -4);
    CHECK(pence(-7).scale(1, 2, Rounding::down).pence() == -4);
    CHECK(pence(-7).scale(1, 2, Rounding::up).pence() == -3);
    CHECK(pence(-7).scale(1, 2, Rounding::toward_zero).pence() == -3);
    // A negative ratio on a positive amount: 5p × −1/2 = −2.5p, as for −5p × 1/2.
    CHECK(pence(5).scale(-1, 2, Rounding::nearest_even).pence() == -2);
    CHECK(pence(5).scale(-1, 2, Rounding::nearest_away).pence() == -3);
    CHECK(pence(5).scale(-1, 2, Rounding::down).pence() == -3);
    CHECK(pence(5).scale(-1, 2, Rounding::up).pence() == -2);
    // A tie with a larger denominator: 25p × 3/10 = 7.5p → even 8, down 7.
    CHECK(pence(25).scale(3, 10, Rounding::nearest_even).pence() == 8);
    CHECK(pence(25).scale(3, 10, Rounding::down).pence() == 7);
    // 15p × 3/10 = 4.5p → even 4, away 5.
    CHECK(pence(15).scale(3, 10, Rounding::nearest_even).pence() == 4);
    CHECK(pence(15).scale(3, 10, Rounding::nearest_away).pence() == 5);
}

TEST_CASE("Money::scale rounds a non-tie as each mode says") {
    // 10p × 1/3 = 3.33p: the nearest is 3.
    CHECK(pence(10).scale(1, 3, Rounding::nearest_even).pence() == 3);
    CHECK(pence(10).scale(1, 3, Rounding::nearest_away).pence() == 3);
    CHECK(pence(10).scale(1, 3, Rounding::down).pence() == 3);
    CHECK(pence(10).scale(1, 3, Rounding::up).pence() == 4);
    CHECK(pence(10).scale(1, 3, Rounding::toward_zero).pence() == 3);
    // −10p × 1/3 = −3.33p
    CHECK(pence(-10).scale(1, 3, Rounding::nearest_even).pence() == -3);
    CHECK(pence(-10).scale(1, 3, Rounding::nearest_away).pence() == -3);
    CHECK(pence(-10).scale(1, 3, Rounding::down).pence() == -4);
    CHECK(pence(-10).scale(1, 3, Rounding::up).pence() == -3);
    CHECK(pence(-10).scale(1, 3, Rounding::toward_zero).pence() == -3);
    // 20p × 1/3 = 6.67p: the nearest is 7.
    CHECK(pence(20).scale(1, 3, Rounding::nearest_even).pence() == 7);
    CHECK(pence(20).scale(1, 3, Rounding::nearest_away).pence() == 7);
    CHECK(pence(20).scale(1, 3, Rounding::down).pence() == 6);
    CHECK(pence(20).scale(1, 3, Rounding::up).pence() == 7);
    CHECK(pence(20).scale(1, 3, Rounding::toward_zero).pence() == 6);
    // −20p × 1/3 = −6.67p
    CHECK(pence(-20).scale(1, 3, Rounding::nearest_even).pence() == -7);
    CHECK(pence(-20).scale(1, 3, Rounding::nearest_away).pence() == -7);
    CHECK(pence(-20).scale(1, 3, Rounding::down).pence() == -7);
    CHECK(pence(-20).scale(1, 3, Rounding::up).pence() == -6);
    CHECK(pence(-20).scale(1, 3, Rounding::toward_zero).pence() == -6);
    // £19.99 × 15/100 = 299.85p → nearest 300, down 299.
    CHECK(pence(1999).scale(15, 100, Rounding::nearest_even).pence() == 300);
    CHECK(pence(1999).scale(15, 100, Rounding::down).pence() == 299);
}

TEST_CASE("Money::scale is exact when the division comes out whole, in every mode") {
    for (const Rounding rounding : {Rounding::nearest_even, Rounding::nearest_away, Rounding::down,
                                    Rounding::up, Rounding::toward_zero}) {
        CHECK(pence(12).scale(1, 3, rounding).pence() == 4); // 12 / 3 = 4
        CHECK(pence(-12).scale(1, 3, rounding).pence() == -4);
        CHECK(pence(300).scale(7, 4, rounding).pence() == 525); // 300 × 7 / 4 = 525
        CHECK(pence(0).scale(5, 9, rounding).pence() == 0);
        // The product is formed in 128 bits: INT64_MAX × INT64_MAX / INT64_MAX = INT64_MAX.
        CHECK(pence(k_max_pence).scale(k_max_pence, k_max_pence, rounding).pence() == k_max_pence);
        CHECK(pence(k_min_pence).scale(3, 3, rounding).pence() == k_min_pence);
    }
}

TEST_CASE("Money::scale detects overflow and refuses a non-positive denominator") {
    CHECK_THROWS_AS((void)pence(k_max_pence).scale(2, 1, Rounding::down), MoneyOverflow);
    CHECK_THROWS_AS((void)pence(k_max_pence).scale(3, 2, Rounding::nearest_even), MoneyOverflow);
    CHECK_THROWS_AS((void)pence(k_min_pence).scale(-1, 1, Rounding::toward_zero), MoneyOverflow);
    // INT64_MAX × 1/1 rounded up stays INT64_MAX; one more numerator unit does not fit.
    CHECK(pence(k_max_pence).scale(1, 1, Rounding::up).pence() == k_max_pence);
    CHECK_THROWS_AS((void)pence(k_max_pence / 2 + 1).scale(2, 1, Rounding::up), MoneyOverflow);
    CHECK_THROWS_AS((void)pence(100).scale(1, 0, Rounding::down), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).scale(1, -2, Rounding::down), std::invalid_argument);
}

TEST_CASE("Money::scale property: each mode lands on the right side of the exact value") {
    Lcg random(0x5EED'0002);
    for (int i = 0; i < 4000; ++i) {
        const std::int64_t amount = random.between(-(std::int64_t{1} << 40), std::int64_t{1} << 40);
        const std::int64_t numerator = random.between(-(1 << 20), 1 << 20);
        const std::int64_t denominator = random.between(1, i % 2 == 0 ? 10 : (1 << 20));
        CAPTURE(amount);
        CAPTURE(numerator);
        CAPTURE(denominator);
        const Int128 exact = static_cast<Int128>(amount) * numerator; // in 1/denominator pence
        const Int128 d = denominator;

        const Int128 down = pence(amount).scale(numerator, denominator, Rounding::down).pence();
        CHECK((down * d <= exact && exact < (down + 1) * d));
        const Int128 up = pence(amount).scale(numerator, denominator, Rounding::up).pence();
        CHECK(((up - 1) * d < exact && exact <= up * d));
        const Int128 toward =
            pence(amount).scale(numerator, denominator, Rounding::toward_zero).pence();
        CHECK((toward == (exact < 0 ? up : down)));

        const Int128 even =
            pence(amount).scale(numerator, denominator, Rounding::nearest_even).pence();
        const Int128 away =
            pence(amount).scale(numerator, denominator, Rounding::nearest_away).pence();
        // Twice the error is at most the denominator; a tie is where it equals it.
        CHECK((abs128(2 * (even * d - exact)) <= d));
        CHECK((abs128(2 * (away * d - exact)) <= d));
        if (abs128(2 * (even * d - exact)) == d) {
            CHECK((even % 2 == 0));
            CHECK((abs128(away * d) > abs128(exact)));
        } else {
            CHECK((even == away));
        }
    }
}

// --- split into equal parts ----------------------------------------------------------------

TEST_CASE("Money::split(parts) gives the pennies left over to the earliest parts") {
    CHECK(pence_list(pence(100).split(3)) == "34,33,33");     // 100 = 3 × 33 + 1
    CHECK(pence_list(pence(-100).split(3)) == "-34,-33,-33"); // the mirror
    CHECK(pence_list(pence(101).split(3)) == "34,34,33");     // 101 = 3 × 33 + 2
    CHECK(pence_list(pence(99).split(3)) == "33,33,33");
    CHECK(pence_list(pence(2).split(5)) == "1,1,0,0,0");
    CHECK(pence_list(pence(-2).split(5)) == "-1,-1,0,0,0");
    CHECK(pence_list(pence(0).split(4)) == "0,0,0,0");
    CHECK(pence_list(pence(7).split(1)) == "7");
    // 2^63 = 3 × 3,074,457,345,618,258,602 + 2, so the first two parts get a penny more.
    CHECK(pence_list(pence(k_min_pence).split(3)) ==
          "-3074457345618258603,-3074457345618258603,-3074457345618258602");
    CHECK(pence_list(pence(k_min_pence).split(1)) == "-9223372036854775808");
    CHECK(pence_list(pence(k_max_pence).split(2)) == "4611686018427387904,4611686018427387903");
    CHECK(pence(100).split(12).size() == 12);
}

TEST_CASE("Money::split(parts) and split_part refuse bad arguments") {
    CHECK_THROWS_AS((void)pence(100).split(std::int64_t{0}), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split(std::int64_t{-1}), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split_part(3, 3), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split_part(3, -1), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split_part(0, 0), std::invalid_argument);
}

TEST_CASE("Money::split_part agrees with split for every index") {
    for (const std::int64_t amount :
         {std::int64_t{100}, std::int64_t{-100}, std::int64_t{0}, std::int64_t{1}, std::int64_t{-7},
          std::int64_t{12'345'678}, k_max_pence, k_min_pence}) {
        for (std::int64_t parts = 1; parts <= 13; ++parts) {
            const auto whole = pence(amount).split(parts);
            for (std::int64_t index = 0; index < parts; ++index) {
                CAPTURE(amount);
                CAPTURE(parts);
                CAPTURE(index);
                CHECK(pence(amount).split_part(parts, index) ==
                      whole[static_cast<std::size_t>(index)]);
            }
        }
    }
    // Hand values: 100 into 3 is 34, 33, 33.
    CHECK(pence(100).split_part(3, 0).pence() == 34);
    CHECK(pence(100).split_part(3, 1).pence() == 33);
    CHECK(pence(100).split_part(3, 2).pence() == 33);
    // Twelve parts (a year in months, divided by a constant): 100 = 12 × 8 + 4, so months 1-4
    // get 9 and 5-12 get 8; the mirror for −100; 2⁶³ − 1 = 12 × 768,614,336,404,564,650 + 7.
    CHECK(pence(100).split_part(12, 3).pence() == 9);
    CHECK(pence(100).split_part(12, 4).pence() == 8);
    CHECK(pence(-100).split_part(12, 0).pence() == -9);
    CHECK(pence(-100).split_part(12, 11).pence() == -8);
    CHECK(pence(k_max_pence).split_part(12, 6).pence() == 768'614'336'404'564'651);
    CHECK(pence(k_max_pence).split_part(12, 7).pence() == 768'614'336'404'564'650);
}

// --- split by weights ----------------------------------------------------------------------

TEST_CASE("Money::split(weights) by largest remainder") {
    using W = std::vector<std::int64_t>;
    // 100 by 1,1,1: exact 33⅓ each; floors 33,33,33 leave 1p; the remainders (100 mod 3 = 1)
    // tie, so the earliest part takes it.
    CHECK(pence_list(pence(100).split(W{1, 1, 1})) == "34,33,33");
    // 1000 by 3,2,1 (total 6): exact 500, 333⅓, 166⅔; floors 500,333,166 = 999 leave 1p;
    // remainders 3000 mod 6 = 0, 2000 mod 6 = 2, 1000 mod 6 = 4, so the last part takes it.
    CHECK(pence_list(pence(1000).split(W{3, 2, 1})) == "500,333,167");
    CHECK(pence_list(pence(-1000).split(W{3, 2, 1})) == "-500,-333,-167");
    // 100 by 1,2 (total 3): exact 33⅓, 66⅔; remainders 1 and 2: the larger one is the second.
    CHECK(pence_list(pence(100).split(W{1, 2})) == "33,67");
    // 5 by 2,3,0,5 (total 10): exact 1, 1.5, 0, 2.5; floors 1,1,0,2 = 4 leave 1p; remainders
    // 10, 15, 0, 25 mod 10 = 0, 5, 0, 5: a tie between parts 1 and 3 goes to the earlier, 1.
    CHECK(pence_list(pence(5).split(W{2, 3, 0, 5})) == "1,2,0,2");
    // 7 by 1,1: 3.5 each, tie → the first.
    CHECK(pence_list(pence(7).split(W{1, 1})) == "4,3");
    // 1 by 1,1,1: floors 0,0,0, the one penny to the first.
    CHECK(pence_list(pence(1).split(W{1, 1, 1})) == "1,0,0");
    // 2 by five equal weights: two pennies to the first two.
    CHECK(pence_list(pence(2).split(W{1, 1, 1, 1, 1})) == "1,1,0,0,0");
    // Exact proportions leave nothing over: 10 by 1,2,3,4.
    CHECK(pence_list(pence(10).split(W{1, 2, 3, 4})) == "1,2,3,4");
    // A zero weight gets nothing: 100 by 1,0,1 → 50, 0, 50.
    CHECK(pence_list(pence(100).split(W{1, 0, 1})) == "50,0,50");
    CHECK(pence_list(pence(0).split(W{4, 1})) == "0,0");
    // Ties among many parts still go to the earliest: 20p by 40 equal weights gives ½p each,
    // so the first 20 parts get a penny and the last 20 nothing (a sort that is not stable
    // would scatter them once there are more than a handful of parts).
    const std::vector<Money> forty = pence(20).split(W(40, 1));
    REQUIRE(forty.size() == 40);
    for (std::size_t k = 0; k < forty.size(); ++k) {
        CAPTURE(k);
        CHECK(forty[k].pence() == (k < 20 ? 1 : 0));
    }
    // The same with −20p and 3,3,...,3 (weights need not be 1): −1 × 20, then 0 × 20.
    const std::vector<Money> forty_negative = pence(-20).split(W(40, 3));
    REQUIRE(forty_negative.size() == 40);
    for (std::size_t k = 0; k < forty_negative.size(); ++k) {
        CAPTURE(k);
        CHECK(forty_negative[k].pence() == (k < 20 ? -1 : 0));
    }
    CHECK(pence_list(pence(123).split(W{5})) == "123");
    // Weights and products beyond 64 bits: 3 by INT64_MAX, INT64_MAX → 1.5 each → 2, 1.
    CHECK(pence_list(pence(3).split(W{k_max_pence, k_max_pence})) == "2,1");
    // The whole of INT64_MAX to one part, and INT64_MIN split in halves: 2^63 / 2 = 2^62.
    CHECK(pence_list(pence(k_max_pence).split(W{0, 7})) == "0,9223372036854775807");
    CHECK(pence_list(pence(k_min_pence).split(W{1, 1})) ==
          "-4611686018427387904,-4611686018427387904");
}

// The whole of INT64_MIN to one part. Bug fixed: split(weights) used to narrow the magnitude
// 2^63 to int64 and negate it, a signed overflow the sanitizer build stops on.
TEST_CASE("Money::split(weights) gives all of INT64_MIN to the only weighted part") {
    using W = std::vector<std::int64_t>;
    CHECK(pence_list(pence(k_min_pence).split(W{0, 1})) == "0,-9223372036854775808");
}

TEST_CASE("Money::split(weights) refuses negative weights and all-zero weights") {
    using W = std::vector<std::int64_t>;
    CHECK_THROWS_AS((void)pence(100).split(W{1, -1, 2}), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split(W{0, 0}), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split(W{}), std::invalid_argument);
    CHECK_THROWS_AS((void)pence(100).split(W{-1}), std::invalid_argument);
}

TEST_CASE(
    "Money::split_into gives split's parts, on the stack or off it, and wants one per weight") {
    using W = std::vector<std::int64_t>;
    // 16 equal weights (the most split_into keeps on the stack) and 17: 20p → ties to the first.
    for (const std::size_t n : {std::size_t{16}, std::size_t{17}}) {
        std::vector<Money> out(n);
        pence(20).split_into(W(n, 1), out);
        CHECK(pence_list(out) == pence_list(pence(20).split(W(n, 1))));
        CHECK(out[0].pence() == 2); // 20 / n ≥ 1, the first parts take the rest
        CHECK(out[n - 1].pence() == 1);
    }
    // 17p by 3,1,2: one extra penny each to the two largest remainders.
    std::vector<Money> three(3);
    pence(17).split_into(W{3, 1, 2}, three); // exact 8.5, 2.83, 5.67: floors 8,2,5 leave 2p
    CHECK(pence_list(three) == "8,3,6");     // remainders 3, 5, 4 (of 6): parts 1 and 2
    std::vector<Money> two(2);
    CHECK_THROWS_AS(pence(100).split_into(W{1, 1, 1}, two), std::invalid_argument);
}

// --- properties ------------------------------------------------------------------------------

TEST_CASE("Money::split(parts) property: sums back, parts within a penny of the exact share") {
    Lcg random(0x5EED'0003);
    for (int i = 0; i < 4000; ++i) {
        const std::int64_t amount = random.amount();
        const std::int64_t parts = random.between(1, 50);
        CAPTURE(amount);
        CAPTURE(parts);
        const auto split = pence(amount).split(parts);
        REQUIRE(split.size() == static_cast<std::size_t>(parts));
        CHECK((sum_of(split) == amount));
        for (std::size_t k = 0; k < split.size(); ++k) {
            CAPTURE(k);
            // |part − amount/parts| < 1p, multiplied through by parts.
            CHECK((abs128(static_cast<Int128>(split[k].pence()) * parts - amount) < parts));
            // Same sign as the amount (or zero), and never larger in magnitude than the part
            // before it: the pennies left over go to the earliest parts.
            CHECK((static_cast<Int128>(split[k].pence()) * amount >= 0));
            if (k > 0) {
                CHECK((abs128(split[k - 1].pence()) >= abs128(split[k].pence())));
                CHECK((abs128(split[k - 1].pence()) - abs128(split[k].pence()) <= 1));
            }
            CHECK(pence(amount).split_part(parts, static_cast<std::int64_t>(k)) == split[k]);
        }
    }
}

TEST_CASE("Money::split(weights) property: sums back, parts within a penny of the exact share") {
    Lcg random(0x5EED'0004);
    for (int i = 0; i < 4000; ++i) {
        std::int64_t amount = random.amount();
        if (amount == k_min_pence) {
            amount += 1; // see the skipped INT64_MIN case above
        }
        const auto count = static_cast<std::size_t>(random.between(1, 8));
        std::vector<std::int64_t> weights(count);
        Int128 total_weight = 0;
        for (auto& weight : weights) {
            // A quarter of the weights are zero, to exercise parts that get nothing.
            weight = random.between(0, 3) == 0 ? 0 : random.between(1, 1000);
            total_weight += weight;
        }
        if (total_weight == 0) {
            weights[0] = 1;
            total_weight = 1;
        }
        CAPTURE(amount);
        CAPTURE(i);
        const auto split = pence(amount).split(weights);
        REQUIRE(split.size() == count);
        CHECK((sum_of(split) == amount));
        for (std::size_t k = 0; k < count; ++k) {
            CAPTURE(k);
            // |part − amount × w / W| < 1p, multiplied through by W.
            const Int128 error = static_cast<Int128>(split[k].pence()) * total_weight -
                                 static_cast<Int128>(amount) * weights[k];
            CHECK((abs128(error) < total_weight));
            if (weights[k] == 0) {
                CHECK(split[k].is_zero());
            }
        }
    }
}
