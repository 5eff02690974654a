#include "sim/kernel/count_sampler.hpp"

namespace specflow::sim::counts {

namespace {

std::array<double, k_log_factorials> make_log_factorials() {
    std::array<double, k_log_factorials> table{};
    double sum = 0.0;
    for (std::size_t k = 1; k < k_log_factorials; ++k) {
        sum += std::log(static_cast<double>(k));
        table[static_cast<std::size_t>(k)] = sum;
    }
    return table;
}

std::array<double, k_reciprocals> make_reciprocals() {
    std::array<double, k_reciprocals> table{};
    for (std::size_t k = 1; k < k_reciprocals; ++k) {
        table[k] = 1.0 / static_cast<double>(k);
    }
    return table;
}

// Marsaglia and Tsang's set-up for 256 layers: r = 3.6541528853610088 and the common area
// v = 0.00492867323399; the base strip's width q = v / f(r) covers the tail.
ZigguratTables make_ziggurat() {
    constexpr double k_magnitudes = 0x1.0p44;
    constexpr double k_area = 4.92867323399e-3;
    ZigguratTables z;
    double x = k_ziggurat_r;
    double outer = x;
    const double q = k_area / std::exp(-0.5 * x * x);
    z.inside[0] = static_cast<std::uint64_t>(x / q * k_magnitudes);
    z.inside[1] = 0;
    z.width[0] = q / k_magnitudes;
    z.width[255] = x / k_magnitudes;
    z.density[0] = 1.0;
    z.density[255] = std::exp(-0.5 * x * x);
    for (std::size_t layer = 254; layer >= 1; --layer) {
        x = std::sqrt(-2.0 * std::log(k_area / x + std::exp(-0.5 * x * x)));
        z.inside[layer + 1] = static_cast<std::uint64_t>(x / outer * k_magnitudes);
        outer = x;
        z.density[layer] = std::exp(-0.5 * x * x);
        z.width[layer] = x / k_magnitudes;
    }
    return z;
}

} // namespace

const std::array<double, k_log_factorials> k_log_factorial = make_log_factorials();
const std::array<double, k_reciprocals> k_reciprocal = make_reciprocals();
const ZigguratTables k_ziggurat = make_ziggurat();

double log_factorial(std::int64_t k) noexcept {
    if (static_cast<std::size_t>(k) < k_log_factorials) {
        return k_log_factorial[static_cast<std::size_t>(k)];
    }
    // Stirling: log k! = (k + ½) log(k + 1) − (k + 1) + ½ log 2π + 1/(12(k+1)) − 1/(360(k+1)³) + …
    constexpr double k_half_log_two_pi = 0.91893853320467274178032973640562;
    const double n = static_cast<double>(k) + 1.0;
    const double inverse = 1.0 / n;
    const double inverse2 = inverse * inverse;
    return (n - 0.5) * std::log(n) - n + k_half_log_two_pi +
           inverse * (1.0 / 12.0 - inverse2 * (1.0 / 360.0 - inverse2 / 1260.0));
}

} // namespace specflow::sim::counts
