#include "scenarios/cell_readers.hpp"

#include "entities/contract.hpp"

#include <cctype>

namespace specflow::scenarios::detail {

namespace {

bool is_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

enum class NumberProblem { none, not_a_number, too_many_decimals, out_of_range };

// Parses "-12.345" as value × 10^places; no exponent, no sign but '-', digits on both sides of
// the point.
NumberProblem parse_scaled_decimal(std::string_view text, std::size_t places, std::int64_t& out) {
    const bool negative = text.starts_with('-');
    if (negative) {
        text.remove_prefix(1);
    }
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction =
        dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty() || (dot != std::string_view::npos && fraction.empty()) || !is_digits(whole) ||
        !is_digits(fraction)) {
        return NumberProblem::not_a_number;
    }
    if (fraction.size() > places) {
        return NumberProblem::too_many_decimals;
    }
    std::int64_t value = 0;
    const auto push_digit = [&value](int digit) {
        return !__builtin_mul_overflow(value, std::int64_t{10}, &value) &&
               !__builtin_add_overflow(value, std::int64_t{digit}, &value);
    };
    for (const char c : whole) {
        if (!push_digit(c - '0')) {
            return NumberProblem::out_of_range;
        }
    }
    for (std::size_t i = 0; i < places; ++i) {
        if (!push_digit(i < fraction.size() ? fraction[i] - '0' : 0)) {
            return NumberProblem::out_of_range;
        }
    }
    out = negative ? -value : value;
    return NumberProblem::none;
}

} // namespace

std::string valid_text(const NumberFormat& format) {
    std::string text = format.places == 0
                           ? std::string("a whole number")
                           : "a decimal with at most " + std::to_string(format.places) +
                                 " decimal places and no exponent";
    if (!format.extra_rule.empty()) {
        text += ", " + std::string(format.extra_rule);
    }
    if (format.require_positive) {
        text += ", greater than 0";
    } else if (!format.allow_negative) {
        text += ", not negative";
    }
    return "valid: " + text + ", e.g. " + std::string(format.example);
}

std::string read_code(const Cell& cell) {
    const std::string_view text = cell.text();
    if (text.empty()) {
        cell.fail("empty; valid: a code such as QHG");
    }
    if (std::isspace(static_cast<unsigned char>(text.front())) != 0 ||
        std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        cell.fail(in_quotes(text) + " has spaces around it; valid: the code alone");
    }
    return std::string(text);
}

std::string read_name(const Cell& cell) {
    if (cell.text().empty()) {
        cell.fail("empty; valid: a name");
    }
    return std::string(cell.text());
}

std::int64_t read_number(const Cell& cell, const NumberFormat& format) {
    std::int64_t value = 0;
    switch (parse_scaled_decimal(cell.text(), format.places, value)) {
    case NumberProblem::none:
        break;
    case NumberProblem::not_a_number:
        cell.fail(in_quotes(cell.text()) + " is not " + std::string(format.what) + "; " +
                  valid_text(format));
    case NumberProblem::too_many_decimals:
        cell.fail(in_quotes(cell.text()) + " has more than " + std::to_string(format.places) +
                  " decimal places; " + valid_text(format));
    case NumberProblem::out_of_range:
        cell.fail(in_quotes(cell.text()) + " is too large; " + valid_text(format));
    }
    if (value < 0 && !format.allow_negative) {
        cell.fail(in_quotes(cell.text()) + " is negative; " + valid_text(format));
    }
    if (value <= 0 && format.require_positive) {
        cell.fail(in_quotes(cell.text()) + " is not greater than 0; " + valid_text(format));
    }
    if (value <= format.above || value > format.at_most) {
        cell.fail(in_quotes(cell.text()) + " is out of range; " + valid_text(format));
    }
    return value;
}

// Pounds go through Money::parse_pounds, the one exact parser of money; it only says yes or
// no, so a rejected text is classified again by read_number to say what is wrong with it.
entities::Money read_pounds(const Cell& cell) {
    entities::Money amount;
    if (entities::Money::parse_pounds(cell.text(), amount) && !amount.is_negative()) {
        if (amount.pence() > k_amount_pence_max) {
            cell.fail(in_quotes(cell.text()) + " is too large to add up with the rest; valid: " +
                      std::string(k_amount_max_text));
        }
        return amount;
    }
    (void)read_number(cell, k_pounds_format);
    cell.fail(in_quotes(cell.text()) + " is not an amount in pounds; " +
              valid_text(k_pounds_format));
}

std::int32_t read_percent_bp(const Cell& cell) {
    // Percent with two decimals is basis points: 12.5% is 1250 bp.
    const std::int64_t percent_bp = read_number(cell, k_percent_format);
    if (percent_bp > entities::k_basis_points_per_unit) {
        cell.fail(in_quotes(cell.text()) + " is above 100; valid: a percentage from 0 to 100");
    }
    return static_cast<std::int32_t>(percent_bp);
}

std::int32_t read_growth_bp(const Cell& cell) {
    const std::int64_t growth_bp = read_number(cell, k_growth_format);
    if (growth_bp <= -entities::k_basis_points_per_unit ||
        growth_bp > entities::k_basis_points_per_unit) {
        cell.fail(in_quotes(cell.text()) + " is out of range; " + valid_text(k_growth_format));
    }
    return static_cast<std::int32_t>(growth_bp);
}

} // namespace specflow::scenarios::detail
