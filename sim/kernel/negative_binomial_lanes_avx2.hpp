#pragma once

#include "sim/kernel/negative_binomial_lanes.hpp"

#include <cstddef>
#include <cstdint>

// The lanes for processors with AVX2 but not AVX-512, each as its AVX-512 namesake in
// negative_binomial_lanes.cpp (which calls them; nothing else should): the same lanes end, with
// the same counts, Poisson means and masks. Call only where the processor has AVX2.
namespace specflow::sim::counts::avx2 {

[[nodiscard]] std::uint32_t walk(const LaneWalk& walk, std::int64_t* out) noexcept;
[[nodiscard]] LargeLaneEnds large(const LargeLaneDraw& draw, double* lambda,
                                  std::int64_t* out) noexcept;
[[nodiscard]] PoissonLaneEnds poisson_try(const PoissonLaneTry& next, std::int64_t* out) noexcept;
void lane_kinds(const double* mean, std::size_t groups, std::uint8_t* below,
                std::uint8_t* above) noexcept;
void log_store(const double* x, double* out) noexcept;

} // namespace specflow::sim::counts::avx2
