#pragma once

// The large means' lanes; the small means' walks, k_lanes and lanes_in_vectors are in
// negative_binomial_walk_lanes.hpp.
#include "sim/kernel/negative_binomial_walk_lanes.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace specflow::sim::counts {

// The large-mean negative binomial's first try in lanes: for one flow-month (one dispersion) in
// up to k_lanes replications, Marsaglia and Tsang's gamma from the ziggurat's normal, then PTRS
// for the Poisson count around it, each taken as far as the end of its first try (about 99% of
// gammas and 90% of counts end there). A lane that ends has negative_binomial's count
// (count_sampler.hpp) for its mean and uniforms 0 to 3: the same operations in the same order,
// except that the tests with logarithms are decided with a logarithm of the lanes' own (within
// 1e-15 of libm's) and a margin a thousand times wider than the two could differ by; the rare
// test closer than that is left to the scalar draw, so every lane's count is the scalar one.
struct LargeLaneDraw {
    double k = 0.0;                         // the flow-month's dispersion, ≥ 1
    const double* mean = nullptr;           // k_lanes means, each ≥ 32
    std::array<const double*, 4> uniform{}; // uniforms 0 .. 3 of each lane
};

// The first tries' tests with logarithms, put off to be worked out eight at a time whatever
// their groups (last_tests), each with a number of the caller's choosing (`slot`):
// - PTRS's last tests: each waiting lane's Poisson mean, its first try's us (0.5 − |u − ½| of
//   uniform 2), uniform 3 and count;
// - Marsaglia and Tsang's log tests: each waiting lane's x² (of its normal), v = (1 + c·x)³,
//   u = 1 − uniform 1, and its gamma's d = k − ⅓.
//
// Why: a lane's first try ends on PTRS's quick acceptance about four times in five, and the last
// test (three logarithms, a log-factorial and four reciprocals, more than half the arithmetic of
// a group's first try) was worked out for the whole group of eight whenever one lane needed it, as
// most groups have one that does: put off, the lanes that need it fill the vectors. The gamma's
// squeeze fails for about one lane in ten, so its log test (two logarithms) was worked out for
// more than half the groups: put off, England's draws as set take about 6% less time
// (specflow_bench, AVX-512). In AVX2's lanes, which put them off too, the first tries fell from
// 24 to 13 ns a count (specflow_kernel_bench, AMD EPYC without AVX-512), but the tests' own
// arithmetic is the larger part: the first tries and the tests together went from 17% of
// England's as-set run to 16% (perf); 12% with the tests sixteen at a time and the first tries
// four groups in step.
struct LargeLaneEnds;

struct LastTests {
    std::vector<double> lambda;
    std::vector<double> us;
    std::vector<double> v;
    std::vector<double> count;
    std::vector<std::uint64_t> slot;
    std::size_t size = 0; // the PTRS tests waiting: entries 0 .. size − 1 of each
    std::vector<double> gamma_x2;
    std::vector<double> gamma_v;
    std::vector<double> gamma_u;
    std::vector<double> gamma_d;
    std::vector<std::uint64_t> gamma_slot;
    std::size_t gamma_size = 0; // the log tests waiting: entries 0 .. gamma_size − 1 of each

    // Empties it, with room for `lanes` more tests of each kind and the k_lanes the lanes may
    // write past them.
    void clear_for(std::size_t lanes);

    // The outcomes of `lanes` PTRS tests from `at` (bit i of each mask for test at + i) into
    // their groups' masks, and the gammas' (a lane whose test did not pass leaves every mask,
    // whatever its count's first try came to): what last_tests does with its tests' outcomes,
    // with the lanes of any width. Without a branch on the outcome: a branch the processor could
    // not predict would throw away the next tests' work in flight.
    void settle(std::span<LargeLaneEnds> ends, std::size_t at, std::size_t lanes,
                std::uint32_t accepted, std::uint32_t rejected) const noexcept;
    void settle_gammas(std::span<LargeLaneEnds> ends, std::size_t at, std::size_t lanes,
                       std::uint32_t passed) const noexcept;
};

// What became of each lane's first try, a bit per lane in each mask.
struct LargeLaneEnds {
    // Lanes whose gamma ended on its first try, using uniforms 0 and 1: lambda[lane] is the
    // Poisson mean mean · gamma / k. The others the caller draws afresh.
    std::uint32_t gamma = 0;
    // Of those, the lanes whose count ended too (on uniforms 2 and 3): out[lane] is
    // negative_binomial's count.
    std::uint32_t count = 0;
    // Of the others, the lanes whose count's first try was rejected: the count is
    // poisson(lambda[lane], …) on from uniform 4. Those in none of the masks go on from uniform 2.
    std::uint32_t retried = 0;
    // Of the lanes whose gamma ended, those whose count's first try waits on its last test in
    // `later` (negative_binomial_large_lanes): in neither count nor retried until it is decided.
    std::uint32_t waiting = 0;
    // Lanes whose gamma waits on its log test in `later`: in `gamma` (and so in the masks above as
    // if it had passed) until the test is decided; one whose test fails then leaves every mask.
    std::uint32_t gamma_waiting = 0;

    // Takes `lanes` out of every mask: lanes whose gamma's log test failed (or was never
    // decided), drawn afresh as a lane whose gamma did not end.
    void drop(std::uint32_t lanes) noexcept {
        gamma &= ~lanes;
        count &= ~lanes;
        retried &= ~lanes;
        waiting &= ~lanes;
        gamma_waiting &= ~lanes;
    }
};

// Without vector registers (lanes_in_vectors), no lane ends (every mask 0). Lanes not in use may
// hold any finite mean and uniforms in [0, 1). Given `later`, where the lanes are in vector
// registers (AVX-512's or AVX2's), a lane whose gamma needs its log test, or whose count's first
// try needs PTRS's last test, is put in it (slot: slot_of_first + lane) and left waiting
// (gamma_waiting, waiting); otherwise the tests are worked out here.
[[nodiscard]] LargeLaneEnds negative_binomial_large_lanes(const LargeLaneDraw& draw, double* lambda,
                                                          std::int64_t* out,
                                                          LastTests* later = nullptr,
                                                          std::uint64_t slot_of_first = 0) noexcept;

// Four groups' first tries of one flow-month (one dispersion: every draw's k is draws[0]'s) in
// step, as negative_binomial_large_lanes gives each: group g's Poisson means and counts into
// lambda and out from g · k_lanes, its slots in `later` from slot_of_first + g · k_lanes, and
// what became of its lanes into ends[g].
//
// Why: a group's first try is a long chain of dependent arithmetic (a gather, a cube, three
// divisions and a square root between a lane's uniforms and its count); in step, four groups'
// chains overlap. England's activity model has a block's replications of a flow-month in four
// groups of lanes. With AVX2, the four groups in eight registers, each step in all eight (first
// tries 12–13 ns a count group by group, 8–10 ns in step: specflow_kernel_bench, AMD EPYC without
// AVX-512); without vector registers, group by group.
inline constexpr std::size_t k_large_in_step = 4;
void negative_binomial_large_lanes_in_step(const std::array<LargeLaneDraw, k_large_in_step>& draws,
                                           double* lambda, std::int64_t* out,
                                           std::span<LargeLaneEnds, k_large_in_step> ends,
                                           LastTests* later = nullptr,
                                           std::uint64_t slot_of_first = 0) noexcept;

// Decides the waiting tests and puts each outcome where negative_binomial_large_lanes would have
// put it without `later`: a test's lane is lane slot % k_lanes of ends[slot / k_lanes] (the
// groups' first tries given slot_of_first = group · k_lanes). First PTRS's: the lane's `waiting`
// bit cleared, and its `count` (the count it wrote to out is the lane's) or `retried` (its count
// goes on from uniform 4) set; a lane in neither goes on from uniform 2. Then the gammas': the
// lane's `gamma_waiting` bit cleared, and where the test does not pass for certain, the lane
// taken out of `gamma`, `count`, `retried` and `waiting` (its draw starts afresh, as one whose
// gamma did not end).
void last_tests(const LastTests& tests, std::span<LargeLaneEnds> ends) noexcept;

// PTRS's next try in lanes, for the lanes whose try was rejected (LargeLaneEnds::retried, or
// PoissonLaneEnds::rejected of the try before): each lane's Poisson mean (at least 16, as
// lambda gave it) and the try's two uniforms, 2t and 2t + 1 for try t (from 2 on after the
// first). A lane not asked about may hold anything.
struct PoissonLaneTry {
    std::uint32_t asked = 0;                // a bit per lane
    const double* lambda = nullptr;         // k_lanes Poisson means
    std::array<const double*, 2> uniform{}; // the try's two uniforms of each lane
};
struct PoissonLaneEnds {
    std::uint32_t count = 0;    // lanes whose count ended on this try: out[lane] is poisson's
    std::uint32_t rejected = 0; // lanes whose try was rejected: on from their next two uniforms
};

// The try for the lanes asked about, as poisson (count_sampler.hpp) makes it, the tests decided
// as the large-mean lanes decide them; an asked lane in neither mask is left to the scalar draw
// from this try's uniforms. Without vector registers no lane ends (both masks 0).
[[nodiscard]] PoissonLaneEnds poisson_lanes_try(const PoissonLaneTry& next,
                                                std::int64_t* out) noexcept;

// Which lanes of each group of k_lanes means the walks take and which the large-mean draws:
// for group g (means mean[g · k_lanes] onwards), bit l of below[g] is set when
// 0 < mean < k_small_negative_binomial_mean and bit l of above[g] when mean is at least that,
// for every g below `groups`. In AVX-512 registers where the processor has them (a group's
// comparisons are one instruction each), or else AVX2's.
void lane_kinds(const double* mean, std::size_t groups, std::uint8_t* below,
                std::uint8_t* above) noexcept;

// The lanes' logarithm of k_lanes positive normal doubles, by which the large-mean lanes decide
// their tests (AVX-512's or AVX2's; libm's std::log without either): for its test.
void log_lanes(const double* x, double* out) noexcept;

} // namespace specflow::sim::counts
