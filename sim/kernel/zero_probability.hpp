#pragma once

#include <span>

namespace specflow::sim::counts {

// out[i] = P(X = 0) for X negative binomial with mean[i] and dispersion k[i]:
// (k / (k + mean))^k = exp(−k · log1p(mean / k)), for 0 ≤ mean[i] ≤ 32 and k[i] > 0 (any other
// lane gets a value no one should read), for i below the shortest span's size.
//
// Why: the small-mean inversion starts from P(0), and one std::log1p and one std::exp per
// flow-month were a fifth of the monthly loop. Here the logarithm and the exponential are
// polynomials in plain arithmetic that the compiler turns into vector code (several flows per
// instruction), with the same bits on every processor: IEEE operations only, no fused
// multiply-add (ISO C++ mode keeps the compiler from contracting), no table. Relative error
// below 1e-14 against the libm composition (test), far below what a 53-bit uniform resolves.
// On a processor with AVX-512 or AVX2 the same operations are written out in its registers;
// elsewhere the compiler vectorises the plain loop (SSE2).
void negative_binomial_zero(std::span<const double> mean, std::span<const double> k,
                            std::span<double> out) noexcept;

// The plain loop as the compiler vectorises it for the processor (AVX-512, AVX2 or SSE2), for the
// test that it and the registers give the same bits and for the kernel bench.
void negative_binomial_zero_portable(std::span<const double> mean, std::span<const double> k,
                                     std::span<double> out) noexcept;

// The AVX2 registers, called directly, for the test that they give the plain loop's bits on any
// processor with AVX2 (one with AVX-512 takes its own registers in negative_binomial_zero); the
// plain loop where the processor has no AVX2.
void negative_binomial_zero_avx2(std::span<const double> mean, std::span<const double> k,
                                 std::span<double> out) noexcept;

} // namespace specflow::sim::counts
