#pragma once

// The data behind a tornado chart: which inputs drive the variance of a total.

#include "entities/rounding.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace specflow::reports {

// For each input i, its share Cov(x_i, T) / Var(T) of a total T's variance, from exact integer
// moments accumulated replication by replication: n, ΣT, ΣT², Σx_i and Σx_i·T, all 128-bit.
// When T = Σx_i the shares add up to 1 (covariance is linear), and an input that never varies
// has share 0; a share can be negative when an input moves against the rest. Merging is
// element-wise addition, so the state — and the shares — are bit-identical whatever the order
// of replications and merges.
class VarianceContributions {
public:
    // A tornado of more inputs than this is not something a person reads.
    static constexpr std::size_t k_inputs_max = std::size_t{1} << 16;
    static constexpr std::int64_t k_format = 0x5346'5641'5243'0001; // "SFVARC" version 1

    // 1 ≤ inputs ≤ k_inputs_max (std::invalid_argument otherwise).
    explicit VarianceContributions(std::size_t inputs);

    // One replication: the inputs' values (one per input, std::invalid_argument otherwise) and
    // the total. Throws entities::MoneyOverflow if a sum would leave 128 bits, leaving the state
    // as it was.
    void add(std::span<const std::int64_t> inputs, std::int64_t total);
    // Element-wise addition; std::invalid_argument unless the number of inputs is the same.
    void merge(const VarianceContributions& other);

    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
    [[nodiscard]] std::size_t inputs() const noexcept { return sum_input_.size(); }

    // Cov(x_i, T) / Var(T) for each input, computed in long double from the exact sums; all 0
    // when Var(T) = 0 (including when there are no replications).
    [[nodiscard]] std::vector<double> shares() const;
    // Indices of the k largest |share| (fewer if there are fewer inputs), largest first; ties go
    // to the lower index.
    [[nodiscard]] std::vector<std::size_t> top(std::size_t k) const;

    // Flat state for MPI reduction, as int64 words (m inputs):
    //   [0] k_format, [1] m — must match;
    //   [2] n — summed modulo 2^64;
    //   [3, 4] ΣT, [5, 6] ΣT², then for each input i: Σx_i, Σx_i·T — each a 128-bit sum as a
    //   (high, low) pair, added with carry.
    [[nodiscard]] std::vector<std::int64_t> to_words() const;
    // Throws std::invalid_argument if the words are not a valid state.
    [[nodiscard]] static VarianceContributions from_words(std::span<const std::int64_t> words);
    // into ← into ⊕ other: the same result as merge(), associative and commutative. Throws
    // std::invalid_argument if the headers differ, entities::MoneyOverflow on overflow.
    static void reduce_words(std::span<std::int64_t> into, std::span<const std::int64_t> other);

    friend bool operator==(const VarianceContributions&, const VarianceContributions&) = default;

private:
    std::uint64_t count_ = 0;
    entities::Int128 sum_total_ = 0;
    entities::Int128 sum_total_squared_ = 0;
    std::vector<entities::Int128> sum_input_;       // Σx_i
    std::vector<entities::Int128> sum_input_total_; // Σx_i·T
};

} // namespace specflow::reports
