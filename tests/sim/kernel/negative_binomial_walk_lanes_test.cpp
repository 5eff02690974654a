// Tests of the small-mean negative binomial walk in lanes (negative_binomial_walk_lanes.hpp): every
// lane's count is the scalar walk's, to the unit, over means from 0.001 to just below 32,
// dispersions from 0.05 to 2,500 and lanes whose means differ by a few per cent or by a lot; a lane
// walked past 255 steps is reported, and only such a lane, where the lanes are in vector registers
// (AVX-512 or AVX2; one by one, none is); lanes not in use end at 0; four walks in step give each
// walk's counts. Each test runs the lanes the processor is given and, where it has AVX2, the AVX2
// lanes called directly (negative_binomial_lanes_avx2.hpp), so that a processor with AVX-512 tests
// both.

#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/negative_binomial_walk_lanes.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/vector_intrinsics.hpp"
#include "sim/kernel/zero_probability.hpp"
#include "tests/sim/kernel/lane_kernels.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>

namespace {

namespace counts = specflow::sim::counts;
using counts::lane_tests::for_each_kernels;
using counts::lane_tests::Kernels;
using specflow::sim::RandomStream;
using specflow::sim::StreamKey;
constexpr auto k_lanes = counts::k_lanes;

struct Lanes {
    double k = 1.0;
    std::array<double, k_lanes> mean{};
    std::array<double, k_lanes> zero{};
    std::array<double, k_lanes> uniform{};
};

std::int64_t scalar_walk(const Lanes& lanes, std::size_t r) {
    const double first = lanes.uniform[r];
    auto only_first = [first](std::uint32_t /*i*/) { return first; };
    std::uint32_t draw = 0;
    return counts::negative_binomial_small(lanes.mean[r], lanes.k, lanes.zero[r], only_first, draw);
}

// The lanes' walk: their counts into `out`, and the mask of those walked past its steps.
std::uint32_t walk_in_lanes(const Kernels& kernels, const Lanes& lanes,
                            std::array<std::int64_t, k_lanes>& out) {
    return kernels.walk({.k = lanes.k,
                         .mean = lanes.mean.data(),
                         .zero = lanes.zero.data(),
                         .uniform = lanes.uniform.data()},
                        out.data());
}

// Draws the lanes and checks each against the scalar walk; returns how many were reported as
// walked past the lanes' steps.
int check_lanes(const Kernels& kernels, const Lanes& lanes) {
    std::array<std::int64_t, k_lanes> out{};
    const std::uint32_t unfinished = walk_in_lanes(kernels, lanes, out);
    int reported = 0;
    for (std::size_t r = 0; r < k_lanes; ++r) {
        const std::int64_t expected = scalar_walk(lanes, r);
        if ((unfinished >> r & 1U) != 0) {
            ++reported;
            CHECK(expected >= 255);
        } else {
            CHECK(out[r] == expected);
        }
    }
    return reported;
}

} // namespace

TEST_CASE("each lane of the small-mean negative binomial walk draws the scalar walk's count") {
    for_each_kernels([](const Kernels& kernels) {
        const RandomStream stream(StreamKey{20261130U, 1U});
        constexpr std::array<double, 7> dispersions{0.05, 0.5, 1.0, 6.25, 44.4, 400.0, 2500.0};
        constexpr std::array<double, 8> centres{0.001, 0.3, 2.0, 5.0, 11.0, 15.5, 24.0, 31.5};
        std::uint32_t n = 0;
        int reported = 0;
        for (const double k : dispersions) {
            for (const double centre : centres) {
                for (const double spread : {0.03, 0.5}) {
                    for (int block = 0; block < 200; ++block, ++n) {
                        Lanes lanes{.k = k};
                        for (std::size_t r = 0; r < k_lanes; ++r) {
                            // Means within ±spread of the centre, kept below 32.
                            const double factor =
                                1.0 + spread * (2.0 * stream.uniform(
                                                          n, 1, static_cast<std::uint32_t>(r)) -
                                                1.0);
                            lanes.mean[r] = std::min(centre * factor, 31.999);
                            lanes.uniform[r] = stream.uniform(n, 2, static_cast<std::uint32_t>(r));
                        }
                        const std::array<double, k_lanes> ks{k, k, k, k, k, k, k, k};
                        counts::negative_binomial_zero(lanes.mean, ks, lanes.zero);
                        reported += check_lanes(kernels, lanes);
                    }
                }
            }
        }
        // Only dispersion 0.05 with means of 11 and more has a tail long enough to pass 255 steps,
        // now and then (288 of the 179,200 lanes): each of them checked above as truly that long.
        // Walked one by one (no AVX2), every lane goes to its end and none is reported.
        CHECK((reported > 0) == kernels.in_vectors);
        CHECK(reported * 400 < static_cast<int>(n * k_lanes));
    });
}

// Whether the scalar walk to `count` ended on its tail test rather than on its running sum: the
// sum it reached, by the walk's own operations, is still below u.
bool ended_on_tail(const Lanes& lanes, std::size_t r, std::int64_t count) {
    const double p = lanes.mean[r] / (lanes.k + lanes.mean[r]);
    double pmf = lanes.zero[r];
    double cdf = pmf;
    for (std::int64_t x = 0; x < count; ++x) {
        pmf *= (static_cast<double>(x) + lanes.k) * p * counts::reciprocal(x + 1);
        cdf += pmf;
    }
    return lanes.uniform[r] >= cdf;
}

TEST_CASE("walks that the tail test ends, u just below 1, end in each lane where the "
          "scalar walk's do") {
    for_each_kernels([](const Kernels& kernels) {
        // The lanes work the tail test out only once pmf · p < 2e-30 in a lane walking on; these
        // walks run until rounding leaves the running sum short of u, so the test ends them.
        constexpr std::array<double, 7> dispersions{0.05, 0.5, 1.0, 6.25, 44.4, 400.0, 2500.0};
        constexpr std::array<double, 8> centres{0.001, 0.3, 2.0, 5.0, 11.0, 15.5, 24.0, 31.5};
        constexpr std::array<double, 4> tops{1.0 - 0x1.0p-53, 1.0 - 0x1.0p-52, 1.0 - 0x1.0p-50,
                                             1.0 - 0x1.0p-47};
        int on_tail = 0;
        for (const double k : dispersions) {
            for (const double centre : centres) {
                Lanes lanes{.k = k};
                for (std::size_t r = 0; r < k_lanes; ++r) {
                    lanes.mean[r] =
                        std::min(centre * (1.0 + 0.01 * static_cast<double>(r)), 31.999);
                    lanes.uniform[r] = tops[r % tops.size()];
                }
                const std::array<double, k_lanes> ks{k, k, k, k, k, k, k, k};
                counts::negative_binomial_zero(lanes.mean, ks, lanes.zero);
                CAPTURE(k);
                CAPTURE(centre);
                check_lanes(kernels, lanes);
                for (std::size_t r = 0; r < k_lanes; ++r) {
                    const std::int64_t count = scalar_walk(lanes, r);
                    on_tail += count < 255 && ended_on_tail(lanes, r, count) ? 1 : 0;
                }
            }
        }
        // 79 of these 448 walks end on the tail test.
        CHECK(on_tail > 50);
    });
}

TEST_CASE("a lane walked past the lanes' steps is reported, and lanes not in use end at 0") {
    for_each_kernels([](const Kernels& kernels) {
        Lanes lanes{.k = 0.05};
        for (std::size_t r = 0; r < k_lanes; ++r) {
            lanes.mean[r] = 1.0;
            lanes.zero[r] = 1.0;
            lanes.uniform[r] = 0.0;
        }
        // Lane 3: a mean of 15 with dispersion 0.05 and u near 1 walks far into the tail.
        lanes.mean[3] = 15.0;
        const std::array<double, k_lanes> ks{0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05};
        counts::negative_binomial_zero(lanes.mean, ks, lanes.zero);
        lanes.uniform[3] = 1.0 - 0x1.0p-40;
        REQUIRE(scalar_walk(lanes, 3) > 255);
        std::array<std::int64_t, k_lanes> out{};
        const std::uint32_t unfinished = walk_in_lanes(kernels, lanes, out);
        if (kernels.in_vectors) {
            CHECK(unfinished == 1U << 3);
        } else {
            CHECK(unfinished == 0U);
            CHECK(out[3] == scalar_walk(lanes, 3));
        }
        for (std::size_t r = 0; r < k_lanes; ++r) {
            if (r != 3) {
                CHECK(out[r] == 0);
            }
        }
    });
}

TEST_CASE("four walks of a flow-month in step give each walk's counts and unfinished lanes") {
    // Each group of eight lanes against the same group walked alone (checked above against the
    // scalar walk): every count, and every lane reported as walked past the lanes' steps, the
    // same. The walks in step go on as long as their longest, so groups of very different means
    // share steps: means spread from 0.3 to 31.5 across the four, u now and then just below 1
    // (the tail test), a walk past 255 steps, and lanes not in use.
    constexpr auto in_step = counts::k_walks_in_step;
    const RandomStream stream(StreamKey{20261202U, 1U});
    constexpr std::array<double, 6> dispersions{0.05, 0.5, 1.0, 6.25, 44.4, 2500.0};
    constexpr std::array<double, 4> centres{0.3, 5.0, 15.5, 31.5};
    std::uint32_t n = 0;
    int unfinished_lanes = 0;
    for (const double k : dispersions) {
        for (int block = 0; block < 300; ++block, ++n) {
            std::array<Lanes, in_step> groups{};
            std::array<counts::LaneWalk, in_step> walks{};
            for (std::size_t g = 0; g < in_step; ++g) {
                Lanes& lanes = groups[g];
                lanes.k = k;
                const double centre = centres[(g + static_cast<std::size_t>(block)) % 4];
                for (std::size_t r = 0; r < k_lanes; ++r) {
                    const auto lane = static_cast<std::uint32_t>(g * k_lanes + r);
                    lanes.mean[r] = std::min(
                        centre * (1.0 + 0.1 * (2.0 * stream.uniform(n, 1, lane) - 1.0)), 31.999);
                    const double u = stream.uniform(n, 2, lane);
                    lanes.uniform[r] = block % 7 == 0 && r == g ? 1.0 - 0x1.0p-52 * (1.0 + u) : u;
                }
                if (block % 11 == 0 && g == 1) {
                    // Lanes not in use: mean 1, P(0) 1 and uniform 0 end at once.
                    lanes.mean[5] = 1.0;
                    lanes.uniform[5] = 0.0;
                }
                const std::array<double, k_lanes> ks{k, k, k, k, k, k, k, k};
                counts::negative_binomial_zero(lanes.mean, ks, lanes.zero);
                if (block % 11 == 0 && g == 1) {
                    lanes.zero[5] = 1.0;
                }
                if (k == 0.05 && block % 13 == 0 && g == 2) {
                    // A mean of 15 with dispersion 0.05 and u near 1 walks far into the tail.
                    lanes.mean[3] = 15.0;
                    lanes.zero[3] = std::pow(k / (k + 15.0), k);
                    lanes.uniform[3] = 1.0 - 0x1.0p-40;
                }
                walks[g] = {.k = k,
                            .mean = lanes.mean.data(),
                            .zero = lanes.zero.data(),
                            .uniform = lanes.uniform.data()};
            }
            std::array<std::int64_t, k_lanes * in_step> out{};
            const std::uint32_t unfinished =
                counts::negative_binomial_small_lanes_in_step(walks, out.data());
            for (std::size_t g = 0; g < in_step; ++g) {
                CAPTURE(k);
                CAPTURE(block);
                CAPTURE(g);
                std::array<std::int64_t, k_lanes> alone{};
                const std::uint32_t alone_unfinished =
                    counts::negative_binomial_small_lanes(walks[g], alone.data());
                CHECK((unfinished >> (g * k_lanes) & 0xFFU) == alone_unfinished);
                for (std::size_t r = 0; r < k_lanes; ++r) {
                    if ((alone_unfinished >> r & 1U) == 0) {
                        CHECK(out[g * k_lanes + r] == alone[r]);
                    } else {
                        ++unfinished_lanes;
                    }
                }
            }
        }
    }
    // The long walks (and dispersion 0.05's own long tails) are reported where the lanes are in
    // vector registers; walked one by one, none is.
    CHECK((unfinished_lanes > 0) == counts::lanes_in_vectors());
}
