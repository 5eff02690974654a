#pragma once

#include "sim/kernel/negative_binomial_lanes.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

// The lanes for processors with AVX2 but not AVX-512, each as its AVX-512 namesake in
// negative_binomial_lanes.cpp and negative_binomial_walk_lanes.cpp (which call them, as the lanes'
// tests do; nothing else should): every count and Poisson mean a lane gives is the scalar draw's.
// Which lanes end is the AVX-512 lanes' too, but for a test whose two sides come within the margin
// of one of the lanes' logarithms (about one in a million), which that one leaves to the scalar
// draw. Call only where the processor has AVX2.
namespace specflow::sim::counts::avx2 {

[[nodiscard]] std::uint32_t walk(const LaneWalk& walk, std::int64_t* out) noexcept;
[[nodiscard]] LargeLaneEnds large(const LargeLaneDraw& draw, double* lambda, std::int64_t* out,
                                  LastTests* later, std::uint64_t slot_of_first) noexcept;
void large_in_step(const std::array<LargeLaneDraw, k_large_in_step>& draws, double* lambda,
                   std::int64_t* out, std::span<LargeLaneEnds, k_large_in_step> ends,
                   LastTests* later, std::uint64_t slot_of_first) noexcept;
void last_tests(const LastTests& tests, std::span<LargeLaneEnds> ends) noexcept;
[[nodiscard]] PoissonLaneEnds poisson_try(const PoissonLaneTry& next, std::int64_t* out) noexcept;
void lane_kinds(const double* mean, std::size_t groups, std::uint8_t* below,
                std::uint8_t* above) noexcept;
void log_store(const double* x, double* out) noexcept;

} // namespace specflow::sim::counts::avx2
