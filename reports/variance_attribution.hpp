#pragma once

// Which inputs drive the variance of a total, measured with its own uncertainty: the data behind
// a tornado chart a finance director can trust.

#include "entities/rounding.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace specflow::reports {

// For a total T (a trust's income or pressure in a FY) and inputs x_i that are uncorrelated with
// each other (DESIGN.md §7: the year's common factors, and chance around them per commissioner ×
// service line), the variance each input explains on its own:
//
//     S_i = Cov(x_i, T)² / Var(x_i) − Var(T)/n,
//
// the first term the part of Var(T) that a straight line in x_i accounts for, the second the
// amount by which chance inflates it when x_i has no effect at all (so an input with none
// averages 0 instead of a positive noise floor that grows with the number of inputs). When T
// is linear in the inputs, Σ S_i estimates Var(T). Shares are S_i / Var(T).
//
// The standard error of each share (and of their sum) comes from 10 batches of replications,
// replication r in batch r mod 10: the shares' spread across batches / √10, once every batch
// has at least k_batch_min replications (below that a batch's shares say nothing: a line
// through two points fits any input exactly, so ten batches of two agree to the last digit and
// their spread, 0, claimed a certainty the run did not have). Inputs the caller
// marks as zero by construction (block and LVA income does not move with activity in the year)
// report exactly 0 with no error. The sums are exact 128-bit integers, so the result is
// bit-identical however the replications are split between threads and merged.
class VarianceAttribution {
public:
    static constexpr std::size_t k_batches = 10;
    static constexpr std::uint64_t k_batch_min = 10; // so a standard error needs 100 in all

    struct Share {
        double share = 0.0;          // S_i / Var(T)
        double standard_error = 0.0; // of the share
        int direction = 0;           // sign of Cov(x_i, T): +1 moves with T, −1 against it
    };

    // `zero` marks the inputs whose contribution is zero by construction (empty: none).
    VarianceAttribution(std::size_t inputs, std::vector<bool> zero = {});

    // One replication: its number (for the batch), each input's value and the total.
    void add(std::uint32_t replication, std::span<const std::int64_t> inputs, std::int64_t total);
    // Element-wise addition; std::invalid_argument unless the inputs are the same.
    void merge(const VarianceAttribution& other);

    [[nodiscard]] std::size_t inputs() const noexcept { return zero_.size(); }
    // Whether the shares have standard errors (every batch has k_batch_min replications).
    // Without them every standard_error is 0, meaning unknown, not certain.
    [[nodiscard]] bool standard_errors_known() const noexcept;
    [[nodiscard]] std::uint64_t count() const noexcept;
    // Var(T) over every replication, pence².
    [[nodiscard]] double total_variance() const;
    [[nodiscard]] std::vector<Share> shares() const;
    // Σ shares with its standard error: near 1 when the inputs account for the total.
    [[nodiscard]] Share sum() const;
    // Whether the input's share differs from zero by more than `sigmas` standard errors.
    [[nodiscard]] static bool differs_from_zero(const Share& share, double sigmas = 2.0) {
        return share.share != 0.0 && share.share > sigmas * share.standard_error;
    }

private:
    struct Moments {
        std::uint64_t n = 0;
        entities::Int128 sum_t = 0;
        entities::Int128 sum_tt = 0;
        std::vector<entities::Int128> sum_x;
        std::vector<entities::Int128> sum_xx;
        std::vector<entities::Int128> sum_xt;
        friend bool operator==(const Moments&, const Moments&) = default;
    };
    // Shares from one set of moments (every input's and their sum last); all 0 without variance.
    [[nodiscard]] std::vector<long double> shares_of(const Moments& m) const;
    [[nodiscard]] Moments pooled() const;
    // Every input's share, then their sum's.
    [[nodiscard]] std::vector<Share> with_sum() const;

    std::vector<bool> zero_;
    std::array<Moments, k_batches> batches_;
};

} // namespace specflow::reports
