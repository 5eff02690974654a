#pragma once

// The lanes under test in negative_binomial_walk_lanes_test.cpp and
// negative_binomial_lanes_test.cpp.

#include "sim/kernel/negative_binomial_lanes.hpp"
#include "sim/kernel/negative_binomial_lanes_avx2.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <doctest/doctest.h>
#include <span>
#include <string>

namespace specflow::sim::counts::lane_tests {

// The lanes under test: those the processor is given (AVX-512's, AVX2's or one by one), and,
// where the processor has AVX2, AVX2's called directly, so that they are tested on a processor
// with AVX-512 too.
struct Kernels {
    const char* name;
    bool in_vectors; // whether a walk past the lanes' steps is reported and large lanes end
    std::uint32_t (*walk)(const LaneWalk&, std::int64_t*) noexcept;
    LargeLaneEnds (*large)(const LargeLaneDraw&, double*, std::int64_t*, LastTests*,
                           std::uint64_t) noexcept;
    void (*large_in_step)(const std::array<LargeLaneDraw, k_large_in_step>&, double*, std::int64_t*,
                          std::span<LargeLaneEnds, k_large_in_step>, LastTests*,
                          std::uint64_t) noexcept;
    void (*last_tests)(const LastTests&, std::span<LargeLaneEnds>) noexcept;
    PoissonLaneEnds (*poisson_try)(const PoissonLaneTry&, std::int64_t*) noexcept;
    void (*log)(const double*, double*) noexcept;
    void (*lane_kinds)(const double*, std::size_t, std::uint8_t*, std::uint8_t*) noexcept;
};

template <typename Test>
void for_each_kernels(Test test) {
    const Kernels given{.name = "as the processor is given",
                        .in_vectors = lanes_in_vectors(),
                        .walk = negative_binomial_small_lanes,
                        .large =
                            [](const LargeLaneDraw& draw, double* lambda, std::int64_t* out,
                               LastTests* later, std::uint64_t slot_of_first) noexcept {
                                return negative_binomial_large_lanes(draw, lambda, out, later,
                                                                     slot_of_first);
                            },
                        .large_in_step = negative_binomial_large_lanes_in_step,
                        .last_tests = last_tests,
                        .poisson_try = poisson_lanes_try,
                        .log = log_lanes,
                        .lane_kinds = lane_kinds};
    const Kernels avx2{.name = "AVX2",
                       .in_vectors = true,
                       .walk = avx2::walk,
                       .large = avx2::large,
                       .large_in_step = avx2::large_in_step,
                       .last_tests = avx2::last_tests,
                       .poisson_try = avx2::poisson_try,
                       .log = avx2::log_store,
                       .lane_kinds = avx2::lane_kinds};
    const auto run = [&test](const Kernels& kernels) {
        const std::string lanes(kernels.name);
        CAPTURE(lanes);
        test(kernels);
    };
    run(given);
    if (__builtin_cpu_supports("avx2") != 0) {
        run(avx2);
    }
}

} // namespace specflow::sim::counts::lane_tests
