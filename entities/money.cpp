#include "entities/money.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace specflow::entities {

namespace {
constexpr std::int64_t k_pence_per_pound = 100;
} // namespace

Money Money::from_pounds(std::int64_t pounds) {
    std::int64_t pence = 0;
    if (__builtin_mul_overflow(pounds, k_pence_per_pound, &pence)) {
        throw MoneyOverflow("Money::from_pounds");
    }
    return Money(pence);
}

bool Money::parse_pounds(std::string_view text, Money& out) noexcept {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction =
        dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty() || fraction.size() > 2 ||
        (dot != std::string_view::npos && fraction.empty())) {
        return false;
    }
    const auto all_digits = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!all_digits(whole) || !all_digits(fraction)) {
        return false;
    }
    std::int64_t pounds = 0;
    const auto [end, error] = std::from_chars(whole.data(), whole.data() + whole.size(), pounds);
    if (error != std::errc{} || end != whole.data() + whole.size()) {
        return false;
    }
    std::int64_t pence_part = 0;
    for (std::size_t i = 0; i < 2; ++i) {
        pence_part = pence_part * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
    }
    // The magnitude is formed in 128 bits so that the most negative amount, whose magnitude
    // does not fit in 64, still parses.
    const Int128 magnitude = static_cast<Int128>(pounds) * k_pence_per_pound + pence_part;
    const Int128 pence = negative ? -magnitude : magnitude;
    if (pence > std::numeric_limits<std::int64_t>::max() ||
        pence < std::numeric_limits<std::int64_t>::min()) {
        return false;
    }
    out = Money(static_cast<std::int64_t>(pence));
    return true;
}

// Each operator computes into a temporary so that an overflow leaves the amount unchanged (+= and
// -= are inline in money.hpp, since the monthly loop adds money on every posting).
void Money::throw_overflow(const char* operation) {
    throw MoneyOverflow(operation);
}

Money& Money::operator*=(std::int64_t factor) {
    std::int64_t result = 0;
    if (__builtin_mul_overflow(pence_, factor, &result)) {
        throw MoneyOverflow("Money::operator*");
    }
    pence_ = result;
    return *this;
}

Money Money::operator-() const {
    if (pence_ == std::numeric_limits<std::int64_t>::min()) {
        throw MoneyOverflow("Money::operator- (negation)");
    }
    return Money(-pence_);
}

void Money::throw_bad_part() {
    throw std::invalid_argument("Money::split_part: index must be in [0, parts)");
}

std::vector<Money> Money::split(std::int64_t parts) const {
    if (parts <= 0) {
        throw std::invalid_argument("Money::split: parts must be positive");
    }
    std::vector<Money> result;
    result.reserve(static_cast<std::size_t>(parts));
    for (std::int64_t i = 0; i < parts; ++i) {
        result.push_back(split_part(parts, i));
    }
    return result;
}

namespace {

// Splits above this many weights take their scratch from the heap.
constexpr std::size_t k_split_on_stack = 16;

// Money::split by weights into `out` (one part per weight), with scratch of the same size for
// each part's share and remainder and the parts' order.
void split_by_weights(std::int64_t pence, std::span<const std::int64_t> weights,
                      std::span<Money> out, std::span<Int128> shares, std::span<Int128> remainders,
                      std::span<std::size_t> order) {
    Int128 total_weight = 0;
    for (const auto weight : weights) {
        if (weight < 0) {
            throw std::invalid_argument("Money::split: weights must not be negative");
        }
        total_weight += weight;
    }
    if (total_weight == 0) {
        throw std::invalid_argument("Money::split: at least one weight must be positive");
    }
    const Int128 magnitude = pence < 0 ? -static_cast<Int128>(pence) : pence;
    constexpr auto k_u64_max = static_cast<Int128>(std::numeric_limits<std::uint64_t>::max());
    Int128 allotted = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const Int128 exact = magnitude * weights[i];
        if (exact <= k_u64_max && total_weight <= k_u64_max) {
            // In 64 bits, one division for both (every amount a scenario holds).
            const auto wide = static_cast<std::uint64_t>(exact);
            const auto total = static_cast<std::uint64_t>(total_weight);
            shares[i] = wide / total;
            remainders[i] = wide % total;
        } else {
            shares[i] = exact / total_weight;
            remainders[i] = exact % total_weight;
        }
        allotted += shares[i];
    }
    // The largest remainders first, ties in the parts' order (a stable sort: by insertion for
    // the few parts of a usual split, which needs no buffer).
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto larger = [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; };
    if (order.size() <= k_split_on_stack) {
        for (std::size_t i = 1; i < order.size(); ++i) {
            for (std::size_t j = i; j > 0 && larger(order[j], order[j - 1]); --j) {
                std::swap(order[j], order[j - 1]);
            }
        }
    } else {
        std::stable_sort(order.begin(), order.end(), larger);
    }
    for (Int128 left = magnitude - allotted, k = 0; left > 0; --left, ++k) {
        shares[order[static_cast<std::size_t>(k)]] += 1;
    }
    for (std::size_t i = 0; i < shares.size(); ++i) {
        out[i] = Money::from_pence(static_cast<std::int64_t>(pence < 0 ? -shares[i] : shares[i]));
    }
}

} // namespace

void Money::split_into(std::span<const std::int64_t> weights, std::span<Money> out) const {
    if (out.size() != weights.size()) {
        throw std::invalid_argument("Money::split_into: one part per weight");
    }
    const std::size_t n = weights.size();
    if (n == 1 && weights[0] > 0) {
        out[0] = *this; // all of it to the one part (the reconfiguration's usual carry)
        return;
    }
    if (n <= k_split_on_stack) {
        std::array<Int128, k_split_on_stack> shares{};
        std::array<Int128, k_split_on_stack> remainders{};
        std::array<std::size_t, k_split_on_stack> order{};
        split_by_weights(pence_, weights, out, std::span(shares).first(n),
                         std::span(remainders).first(n), std::span(order).first(n));
        return;
    }
    std::vector<Int128> shares(n);
    std::vector<Int128> remainders(n);
    std::vector<std::size_t> order(n);
    split_by_weights(pence_, weights, out, shares, remainders, order);
}

std::vector<Money> Money::split(std::span<const std::int64_t> weights) const {
    std::vector<Money> result(weights.size());
    split_into(weights, result);
    return result;
}

std::string Money::to_pounds_string() const {
    const Int128 magnitude = pence_ < 0 ? -static_cast<Int128>(pence_) : pence_;
    const auto pounds = static_cast<std::uint64_t>(magnitude / k_pence_per_pound);
    const auto pence = static_cast<unsigned>(magnitude % k_pence_per_pound);
    std::string text = pence_ < 0 ? "-" : "";
    text += std::to_string(pounds);
    text += '.';
    text += static_cast<char>('0' + pence / 10);
    text += static_cast<char>('0' + pence % 10);
    return text;
}

} // namespace specflow::entities
