// Tests of Money: every operator, every named function and every rounding mode, with the
// arithmetic written out in comments, then a property loop over random amounts. Its splits,
// into equal parts and by weights, are tested in money_split_test.cpp.

#include "entities/money.hpp"
#include "money_test_support.hpp"

#include <compare>
#include <cstdint>
#include <doctest/doctest.h>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

using specflow::entities::Int128;
using specflow::entities::Money;
using specflow::entities::MoneyOverflow;
using specflow::entities::Rounding;
using specflow::testing::abs128;
using specflow::testing::k_max_pence;
using specflow::testing::k_min_pence;
using specflow::testing::Lcg;
using specflow::testing::pence;

// Parses and returns the pence, or a sentinel that no valid test input produces.
constexpr std::int64_t k_parse_failed = 999'999'999;
std::int64_t parsed_pence(std::string_view text) {
    Money out = pence(k_parse_failed);
    if (!Money::parse_pounds(text, out)) {
        return k_parse_failed;
    }
    return out.pence();
}

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
