#pragma once

#include "sim/kernel/random_stream.hpp"

#include <cstdint>
#include <span>

namespace specflow::sim {

// Which uniforms a batch holds: those of flows first_flow, first_flow + 1, … (modulo 2³²) for
// one month, draw and kind (random_stream.hpp).
struct UniformBatch {
    std::uint32_t first_flow = 0;
    std::uint32_t month_index = 0;
    std::uint32_t draw = 0;
    std::uint32_t kind = 0;
};

// Fills out[i] with stream.uniform(batch.first_flow + i, batch.month_index, batch.draw,
// batch.kind) for every i < out.size(), to the bit.
//
// Why: one Philox4x32-10 call per flow-month costs about 6 to 8 ns, most of the monthly loop.
// Here the ten rounds run over many counters at once: where the processor has AVX-512 (with its
// DQ, BW and VL parts), sixteen counters in its registers; with AVX2 only, eight in its
// registers; the rest (and every counter elsewhere) in a plain loop that the compiler turns into
// vector code, compiled for x86-64-v3 (AVX2) and plain x86-64 and picked at the first call (GCC
// function multi-versioning), as the peers' limit loop does. The bits cannot differ, since
// Philox is integer arithmetic and the final conversion to a double is exact.
//
// Cost, per uniform on one core (tools/bench/kernel_bench.cpp): 2.0 ns with AVX-512, against
// about 6 for one RandomStream::uniform call each and about 7 for the plain x86-64 batch; 4.9 ns
// with AVX2 only (an AMD EPYC without AVX-512), against 16 and 9.7 (figures from
// one busy machine vary with its load; their ratios less). Batches of a few hundred flows or
// more amortise the call. No allocation.
void fill_uniforms(const RandomStream& stream, UniformBatch batch, std::span<double> out) noexcept;

// A block's replications side by side: replications first, first + 1, …,
// first + 2^lanes_log2 − 1 (modulo 2³²) of `seed`, each a lane.
struct ReplicationLanes {
    std::uint32_t seed = 0;
    std::uint32_t first = 0;
    std::uint32_t lanes_log2 = 0;
};

// The same for every lane, lane by lane within each flow: with L = 2^lanes.lanes_log2,
// out[i · L + j] is RandomStream({lanes.seed, lanes.first + j}).uniform(batch.first_flow + i,
// batch.month_index, batch.draw, batch.kind), for every i · L + j below out.size().
//
// Why: the replications of a block draw each flow-month together, in vector lanes
// (negative_binomial_walk_lanes.hpp, negative_binomial_lanes.hpp); laid out flow by flow, a
// flow-month's lanes are one load instead of a gather from each replication's row.
void fill_uniforms_across(ReplicationLanes lanes, UniformBatch batch,
                          std::span<double> out) noexcept;

// Both uniforms of each Philox call, lane by lane: first[i · L + j] and second[i · L + j] are
// RandomStream({lanes.seed, lanes.first + j}).uniform_pair(batch.first_flow + i,
// batch.month_index, batch.draw, batch.kind), to the bit, below the shorter span's size. A
// flow-month's draw d gives its uniforms 2d and 2d + 1 (UniformSequence), so one batch of draw 0
// serves every flow's first two.
void fill_uniform_pairs_across(ReplicationLanes lanes, UniformBatch batch, std::span<double> first,
                               std::span<double> second) noexcept;

// The same for a list of flows: the counter's first word is flows[i] (batch.first_flow is not
// used), for i · L + j below the shortest of flows.size() · L and the spans' sizes. For the
// draws only some flows need.
void fill_uniform_pairs_across_of(ReplicationLanes lanes, UniformBatch batch,
                                  std::span<const std::uint32_t> flows, std::span<double> first,
                                  std::span<double> second) noexcept;

// Both uniforms of each Philox call for a list of (replication, flow) of one seed: first[i] and
// second[i] are RandomStream({seed, replications[i]}).uniform_pair(flows[i],
// batch.month_index, batch.draw, batch.kind) (batch.first_flow is not used), for i below the
// shortest span's size. For the few draws that go on past a flow-month's first uniforms, taken
// together from many flows and replications.
void fill_uniform_pairs_keyed(std::uint32_t seed, std::span<const std::uint32_t> replications,
                              std::span<const std::uint32_t> flows, UniformBatch batch,
                              std::span<double> first, std::span<double> second) noexcept;

// The same values computed by the plain x86-64 code alone, whatever the processor: for tests
// of the code every processor without AVX2 runs, and to measure what the vector code gains.
void fill_uniforms_baseline(const RandomStream& stream, UniformBatch batch,
                            std::span<double> out) noexcept;

} // namespace specflow::sim
