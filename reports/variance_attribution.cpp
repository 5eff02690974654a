#include "reports/variance_attribution.hpp"

#include "entities/money.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace specflow::reports {

using entities::Int128;

namespace {

Int128 checked_add(Int128 a, Int128 b) {
    Int128 sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        throw entities::MoneyOverflow("a variance attribution's sums would overflow 128 bits");
    }
    return sum;
}

} // namespace

VarianceAttribution::VarianceAttribution(std::size_t inputs, std::vector<bool> zero)
    : zero_(zero.empty() ? std::vector<bool>(inputs, false) : std::move(zero)) {
    if (zero_.size() != inputs) {
        throw std::invalid_argument("VarianceAttribution: one zero mark per input");
    }
    for (auto& m : batches_) {
        m.sum_x.assign(inputs, 0);
        m.sum_xx.assign(inputs, 0);
        m.sum_xt.assign(inputs, 0);
    }
}

void VarianceAttribution::add(std::uint32_t replication, std::span<const std::int64_t> inputs,
                              std::int64_t total) {
    if (inputs.size() != zero_.size()) {
        throw std::invalid_argument("VarianceAttribution::add: one value per input");
    }
    auto& m = batches_[replication % k_batches];
    const Int128 t = total;
    m.sum_t = checked_add(m.sum_t, t);
    m.sum_tt = checked_add(m.sum_tt, t * t);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const Int128 x = inputs[i];
        m.sum_x[i] = checked_add(m.sum_x[i], x);
        m.sum_xx[i] = checked_add(m.sum_xx[i], x * x);
        m.sum_xt[i] = checked_add(m.sum_xt[i], x * t);
    }
    ++m.n;
}

void VarianceAttribution::merge(const VarianceAttribution& other) {
    if (other.zero_ != zero_) {
        throw std::invalid_argument("VarianceAttribution::merge: different inputs");
    }
    for (std::size_t b = 0; b < k_batches; ++b) {
        auto& m = batches_[b];
        const auto& o = other.batches_[b];
        m.n += o.n;
        m.sum_t = checked_add(m.sum_t, o.sum_t);
        m.sum_tt = checked_add(m.sum_tt, o.sum_tt);
        for (std::size_t i = 0; i < zero_.size(); ++i) {
            m.sum_x[i] = checked_add(m.sum_x[i], o.sum_x[i]);
            m.sum_xx[i] = checked_add(m.sum_xx[i], o.sum_xx[i]);
            m.sum_xt[i] = checked_add(m.sum_xt[i], o.sum_xt[i]);
        }
    }
}

VarianceAttribution::Moments VarianceAttribution::pooled() const {
    Moments all = batches_[0];
    for (std::size_t b = 1; b < k_batches; ++b) {
        const auto& o = batches_[b];
        all.n += o.n;
        all.sum_t += o.sum_t;
        all.sum_tt += o.sum_tt;
        for (std::size_t i = 0; i < zero_.size(); ++i) {
            all.sum_x[i] += o.sum_x[i];
            all.sum_xx[i] += o.sum_xx[i];
            all.sum_xt[i] += o.sum_xt[i];
        }
    }
    return all;
}

bool VarianceAttribution::standard_errors_known() const noexcept {
    return std::all_of(batches_.begin(), batches_.end(),
                       [](const Moments& m) { return m.n >= k_batch_min; });
}

std::uint64_t VarianceAttribution::count() const noexcept {
    std::uint64_t n = 0;
    for (const auto& m : batches_) {
        n += m.n;
    }
    return n;
}

namespace {

// n·Σab − Σa·Σb, exactly when it fits, as a long double: (n − 1)·n times the sample covariance.
long double scaled_covariance(std::uint64_t n, Int128 sum_ab, Int128 sum_a, Int128 sum_b) {
    return static_cast<long double>(n) * static_cast<long double>(sum_ab) -
           static_cast<long double>(sum_a) * static_cast<long double>(sum_b);
}

} // namespace

std::vector<long double> VarianceAttribution::shares_of(const Moments& m) const {
    std::vector<long double> shares(zero_.size() + 1, 0.0L);
    if (m.n < 2) {
        return shares;
    }
    const long double n = static_cast<long double>(m.n);
    const long double var_t = scaled_covariance(m.n, m.sum_tt, m.sum_t, m.sum_t);
    if (var_t <= 0.0L) {
        return shares;
    }
    long double sum = 0.0L;
    for (std::size_t i = 0; i < zero_.size(); ++i) {
        if (zero_[i]) {
            continue;
        }
        const long double var_x = scaled_covariance(m.n, m.sum_xx[i], m.sum_x[i], m.sum_x[i]);
        if (var_x <= 0.0L) {
            continue;
        }
        const long double cov = scaled_covariance(m.n, m.sum_xt[i], m.sum_x[i], m.sum_t);
        // (cov²/var_x − var_t/n) / var_t, every term scaled alike by n(n − 1).
        shares[i] = cov * cov / (var_x * var_t) - 1.0L / n;
        sum += shares[i];
    }
    shares.back() = sum;
    return shares;
}

double VarianceAttribution::total_variance() const {
    const auto m = pooled();
    if (m.n < 2) {
        return 0.0;
    }
    const long double n = static_cast<long double>(m.n);
    return static_cast<double>(scaled_covariance(m.n, m.sum_tt, m.sum_t, m.sum_t) /
                               (n * (n - 1.0L)));
}

std::vector<VarianceAttribution::Share> VarianceAttribution::shares() const {
    auto out = with_sum();
    out.pop_back();
    return out;
}

VarianceAttribution::Share VarianceAttribution::sum() const {
    return with_sum().back();
}

std::vector<VarianceAttribution::Share> VarianceAttribution::with_sum() const {
    const auto all = pooled();
    const auto overall = shares_of(all);
    std::vector<std::vector<long double>> batch;
    if (standard_errors_known()) {
        for (const auto& m : batches_) {
            batch.push_back(shares_of(m));
        }
    }
    std::vector<Share> out(overall.size());
    for (std::size_t i = 0; i < overall.size(); ++i) {
        out[i].share = static_cast<double>(overall[i]);
        if (i < zero_.size()) {
            const long double cov =
                scaled_covariance(all.n, all.sum_xt[i], all.sum_x[i], all.sum_t);
            out[i].direction = zero_[i] || cov == 0.0L ? 0 : (cov > 0.0L ? 1 : -1);
        }
        if (batch.size() < 2 || (i < zero_.size() && zero_[i])) {
            continue;
        }
        long double mean = 0.0L;
        for (const auto& b : batch) {
            mean += b[i];
        }
        mean /= static_cast<long double>(batch.size());
        long double squares = 0.0L;
        for (const auto& b : batch) {
            squares += (b[i] - mean) * (b[i] - mean);
        }
        const auto k = static_cast<long double>(batch.size());
        out[i].standard_error = static_cast<double>(std::sqrt(squares / (k - 1.0L) / k));
    }
    return out;
}

} // namespace specflow::reports
