#include "reports/tornado.hpp"

#include "reports/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace specflow::reports {

using entities::Int128;

namespace {

constexpr std::size_t k_word_format = 0;
constexpr std::size_t k_word_inputs = 1;
constexpr std::size_t k_word_count = 2;
constexpr std::size_t k_word_sums = 3; // the 128-bit sums start here, two words each
constexpr std::size_t words_total(std::size_t inputs) {
    return k_word_sums + 4 + 4 * inputs;
}

// Checks the header of a word vector and returns the number of inputs.
std::size_t checked_inputs(std::span<const std::int64_t> words) {
    if (words.size() < k_word_sums || words[k_word_format] != VarianceContributions::k_format) {
        throw std::invalid_argument(
            "VarianceContributions words: not a VarianceContributions state");
    }
    const auto inputs = words[k_word_inputs];
    if (inputs < 1 || static_cast<std::uint64_t>(inputs) > VarianceContributions::k_inputs_max) {
        throw std::invalid_argument("VarianceContributions words: inputs out of bounds");
    }
    const auto m = static_cast<std::size_t>(inputs);
    if (words.size() != words_total(m)) {
        throw std::invalid_argument(
            "VarianceContributions words: the length does not match the header");
    }
    return m;
}

} // namespace

VarianceContributions::VarianceContributions(std::size_t inputs) {
    if (inputs < 1 || inputs > k_inputs_max) {
        throw std::invalid_argument("VarianceContributions: inputs must be between 1 and 65,536");
    }
    sum_input_.assign(inputs, 0);
    sum_input_total_.assign(inputs, 0);
}

void VarianceContributions::add(std::span<const std::int64_t> inputs, std::int64_t total) {
    if (inputs.size() != sum_input_.size()) {
        throw std::invalid_argument("VarianceContributions::add: one value per input is needed");
    }
    const char* what = "VarianceContributions::add";
    const auto t = static_cast<Int128>(total);
    // Every sum is checked before any changes, so that a throw leaves the state as it was;
    // products of two int64 always fit in 128 bits.
    const Int128 sum_total = moments::add_checked(sum_total_, t, what);
    const Int128 sum_total_squared = moments::add_checked(sum_total_squared_, t * t, what);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const auto x = static_cast<Int128>(inputs[i]);
        (void)moments::add_checked(sum_input_[i], x, what);
        (void)moments::add_checked(sum_input_total_[i], x * t, what);
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const auto x = static_cast<Int128>(inputs[i]);
        sum_input_[i] += x;
        sum_input_total_[i] += x * t;
    }
    sum_total_ = sum_total;
    sum_total_squared_ = sum_total_squared;
    ++count_;
}

void VarianceContributions::merge(const VarianceContributions& other) {
    if (other.inputs() != inputs()) {
        throw std::invalid_argument("VarianceContributions::merge: the numbers of inputs differ");
    }
    // Through the words, so that merge and reduce_words are one rule; a throw changes nothing.
    auto words = to_words();
    reduce_words(words, other.to_words());
    *this = from_words(words);
}

std::vector<double> VarianceContributions::shares() const {
    std::vector<double> result(inputs(), 0.0);
    const long double variance =
        moments::population_covariance(count_, sum_total_, sum_total_, sum_total_squared_);
    // Totals that are not all equal have n·Var(T) ≥ (n−1)/n, far from rounding noise, so this
    // is zero exactly when T never varies.
    if (!(variance > 0.0L)) {
        return result;
    }
    for (std::size_t i = 0; i < result.size(); ++i) {
        const long double covariance =
            moments::population_covariance(count_, sum_input_[i], sum_total_, sum_input_total_[i]);
        result[i] = static_cast<double>(covariance / variance);
    }
    return result;
}

std::vector<std::size_t> VarianceContributions::top(std::size_t k) const {
    const auto s = shares();
    std::vector<std::size_t> order(s.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::fabs(s[a]) > std::fabs(s[b]);
    });
    order.resize(std::min(k, order.size()));
    return order;
}

std::vector<std::int64_t> VarianceContributions::to_words() const {
    std::vector<std::int64_t> words;
    words.reserve(words_total(inputs()));
    words.insert(words.end(), {k_format, static_cast<std::int64_t>(inputs()),
                               static_cast<std::int64_t>(count_)});
    moments::append_words(words, sum_total_);
    moments::append_words(words, sum_total_squared_);
    for (std::size_t i = 0; i < inputs(); ++i) {
        moments::append_words(words, sum_input_[i]);
        moments::append_words(words, sum_input_total_[i]);
    }
    return words;
}

VarianceContributions VarianceContributions::from_words(std::span<const std::int64_t> words) {
    const std::size_t m = checked_inputs(words);
    VarianceContributions v(m);
    v.count_ = static_cast<std::uint64_t>(words[k_word_count]);
    const auto at = [&](std::size_t index) {
        return moments::from_words(words[index], words[index + 1]);
    };
    v.sum_total_ = at(k_word_sums);
    v.sum_total_squared_ = at(k_word_sums + 2);
    for (std::size_t i = 0; i < m; ++i) {
        v.sum_input_[i] = at(k_word_sums + 4 + 4 * i);
        v.sum_input_total_[i] = at(k_word_sums + 6 + 4 * i);
    }
    const bool all_zero = std::all_of(words.begin() + k_word_count, words.end(),
                                      [](std::int64_t word) { return word == 0; });
    if (v.count_ == 0 && !all_zero) {
        throw std::invalid_argument("VarianceContributions words: sums without replications");
    }
    return v;
}

void VarianceContributions::reduce_words(std::span<std::int64_t> into,
                                         std::span<const std::int64_t> other) {
    const std::size_t m = checked_inputs(into);
    if (checked_inputs(other) != m) {
        throw std::invalid_argument(
            "VarianceContributions::reduce_words: the numbers of inputs differ");
    }
    // Into a copy first, so that an overflow leaves `into` as it was.
    std::vector<std::int64_t> sums(into.begin(), into.end());
    for (std::size_t at = k_word_sums; at < sums.size(); at += 2) {
        moments::add_words(sums, other, at);
    }
    sums[k_word_count] = static_cast<std::int64_t>(static_cast<std::uint64_t>(into[k_word_count]) +
                                                   static_cast<std::uint64_t>(other[k_word_count]));
    std::copy(sums.begin(), sums.end(), into.begin());
}

} // namespace specflow::reports
