#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace specflow::sim::counts {

// Lanes of the small-mean negative binomial walk: one flow-month (one dispersion) in up to
// k_lanes replications at once, each lane's count the very one negative_binomial_small
// (count_sampler.hpp) gives for its mean, P(0) and first uniform.
//
// Why: a replication's walk is a chain of dependent multiply-adds ended by a branch the
// processor cannot predict, about mean + 1 steps and a mispredicted exit per count. The
// replications of a block draw the same flow-month with means that differ only by their common
// factors (a few per cent), so their walks end close together: walked in step, in vector lanes,
// the block pays for its longest walk and one exit instead of every walk and every exit. The
// step's ratio (x + k)·p/(x + 1) shares x and k across lanes, and each lane works it out with
// the scalar walk's operations in its order (IEEE arithmetic, no fused multiply-add), so every
// lane gets the scalar walk's bits. (Lanes of different flows, tried before, waited on walks of
// very different lengths and were slower than the scalar walk.)
inline constexpr std::size_t k_lanes = 8;

struct LaneWalk {
    double k = 0.0;                  // the flow-month's dispersion, > 0
    const double* mean = nullptr;    // k_lanes means, each in (0, 32) for a lane in use
    const double* zero = nullptr;    // k_lanes P(0) = (k/(k + mean))^k (negative_binomial_zero)
    const double* uniform = nullptr; // k_lanes first uniforms of the flow-month, in [0, 1)
};

// The steps a walk takes in lanes.
inline constexpr std::int64_t k_lane_steps = 255;

// out[lane] = negative_binomial_small(mean[lane], k, zero[lane], uniform[lane]) for every lane
// whose walk ends within k_lane_steps steps, and returns a bit mask of the lanes that did not
// (about never for the means and dispersions a scenario holds: the caller walks those one by one).
// A lane not in use should be given mean 1, zero 1 and uniform 0: it ends at once.
[[nodiscard]] std::uint32_t negative_binomial_small_lanes(const LaneWalk& walk,
                                                          std::int64_t* out) noexcept;

// Four walks of one flow-month (one dispersion: every walk's k is walks[0]'s) in step, k_lanes
// replications each: out[8w + lane] and bit 8w + lane of the mask returned are walk w's lane's, as
// negative_binomial_small_lanes gives them.
//
// Why: a walk's steps are a short chain of multiplications, and each walk ends on a branch the
// processor cannot predict. In step, four walks' chains overlap one another and the four share
// their steps' common work and their one exit: England's activity model has a block's
// replications of a flow-month in four groups of lanes (specflow_kernel_bench, AVX-512 on an AMD
// EPYC, dispersion 25: 1.5 against 2.5 ns a count at mean 0.5, 3.5 against 5.0 at 5, 10.8
// against 12.4 at 28). The four pay for the longest of their walks, which, one flow-month's, end
// close together. Without AVX-512, walk by walk.
inline constexpr std::size_t k_walks_in_step = 4;
[[nodiscard]] std::uint32_t
negative_binomial_small_lanes_in_step(const std::array<LaneWalk, k_walks_in_step>& walks,
                                      std::int64_t* out) noexcept;

// Whether the lanes are in vector registers (AVX-512, or AVX2's two of four lanes each):
// otherwise negative_binomial_small_lanes walks each lane to its end, one by one, and reports
// none, and the large-mean lanes end none.
[[nodiscard]] bool lanes_in_vectors() noexcept;

} // namespace specflow::sim::counts
