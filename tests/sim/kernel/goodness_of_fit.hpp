#pragma once

// What the samplers' tests share: the Poisson probabilities, and a chi-square goodness of fit of
// drawn counts against a distribution's probabilities, with the upper 1e-4 critical value.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace specflow::testing {

// Φ⁻¹(1 − 1e-4): the standard normal quantile for an upper tail of 1e-4.
inline constexpr double k_z_1e4 = 3.719016485455709;

// Upper 1e-4 point of chi-square with `df` degrees of freedom by Wilson–Hilferty: (X/df)^(1/3)
// is nearly normal with mean 1 − 2/(9 df) and variance 2/(9 df). For df = 2 it gives 19.3
// where the exact value is −2 ln 1e-4 = 18.4, so it errs on the side of passing.
inline double chi_square_critical_1e4(double df) {
    const double v = 2.0 / (9.0 * df);
    const double root = 1.0 - v + k_z_1e4 * std::sqrt(v);
    return df * root * root * root;
}

// P(X = k) for X ~ Poisson(mean), from logarithms so that exp(−5000) does not underflow.
inline double poisson_pmf(double mean, std::int64_t k) {
    const auto kd = static_cast<double>(k);
    return std::exp(kd * std::log(mean) - mean - std::lgamma(kd + 1.0));
}

struct ChiSquare {
    double statistic = 0.0;
    double critical = 0.0;
    std::size_t bins = 0;
};

// Chi-square of `samples` draws' counts (counts[k]: how many gave k) against the probabilities
// pmf[k] (as many as counts). Counts are gathered into bins from k = 0 upwards, a bin closing
// once its expected count reaches 5 and the mass above it does too; so the tails merge into the
// first and last bins, the last one's probability being everything not in the bins before it.
inline ChiSquare chi_square(const std::vector<std::int64_t>& counts, const std::vector<double>& pmf,
                            double samples) {
    constexpr double k_min_expected = 5.0; // the usual rule for a chi-square bin
    std::vector<double> bin_probability;
    std::vector<std::int64_t> bin_observed;
    double open_probability = 0.0;
    std::int64_t open_observed = 0;
    double cumulative = 0.0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        open_probability += pmf[k];
        cumulative += pmf[k];
        open_observed += counts[k];
        if (samples * open_probability >= k_min_expected &&
            samples * (1.0 - cumulative) >= k_min_expected) {
            bin_probability.push_back(open_probability);
            bin_observed.push_back(open_observed);
            open_probability = 0.0;
            open_observed = 0;
        }
    }
    double closed = 0.0;
    for (const double p : bin_probability) {
        closed += p;
    }
    bin_probability.push_back(1.0 - closed);
    bin_observed.push_back(open_observed);

    ChiSquare result;
    result.bins = bin_probability.size();
    for (std::size_t b = 0; b < result.bins; ++b) {
        const double expected = samples * bin_probability[b];
        const double difference = static_cast<double>(bin_observed[b]) - expected;
        result.statistic += difference * difference / expected;
    }
    result.critical = chi_square_critical_1e4(static_cast<double>(result.bins - 1));
    return result;
}

} // namespace specflow::testing
