// Tests of the large-mean negative binomial draws in lanes (negative_binomial_lanes.hpp). The
// large means' first try: over means from 32 to 200,000 and dispersions from 1 to 2,500, a lane
// whose count ends has negative_binomial's count, one whose gamma ends has the Poisson mean that
// gives negative_binomial's count from uniform 2 on, one whose first try was rejected from uniform
// 4 on, and most lanes end (in vector registers); four groups in step give each group's first
// try, and put off its last tests in the same slots and order. The lanes' logarithm, by which they
// decide the tests, is within 2e-15 of libm's. Each test runs the lanes the processor is given and,
// where it has AVX2, the AVX2 lanes called directly (negative_binomial_lanes_avx2.hpp), so that a
// processor with AVX-512 tests both.

#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/negative_binomial_lanes.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/vector_intrinsics.hpp"
#include "tests/sim/kernel/lane_kernels.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
#include <span>
#include <vector>

namespace {

namespace counts = specflow::sim::counts;
using counts::lane_tests::for_each_kernels;
using counts::lane_tests::Kernels;
using specflow::sim::RandomStream;
using specflow::sim::StreamKey;
constexpr auto k_lanes = counts::k_lanes;

} // namespace

TEST_CASE("the large-mean lanes' first try gives negative_binomial's count where it ends") {
    for_each_kernels([](const Kernels& kernels) {
        const RandomStream stream(StreamKey{20261130U, 2U});
        constexpr std::array<double, 6> dispersions{1.0, 6.25, 25.0, 44.4, 400.0, 2500.0};
        constexpr std::array<double, 5> centres{32.0, 40.0, 300.0, 5'000.0, 200'000.0};
        std::uint32_t n = 0;
        int lanes_total = 0;
        int gamma_ended = 0;
        int count_ended = 0;
        int retried = 0;
        for (const double k : dispersions) {
            for (const double centre : centres) {
                for (int block = 0; block < 300; ++block, ++n) {
                    std::array<double, k_lanes> mean{};
                    std::array<std::array<double, k_lanes>, 4> uniform{};
                    for (std::size_t r = 0; r < k_lanes; ++r) {
                        const auto lane = static_cast<std::uint32_t>(r);
                        mean[r] = centre * (1.0 + 0.05 * stream.uniform(n, 1, lane));
                        for (std::uint32_t i = 0; i < 4; ++i) {
                            uniform[i][r] = stream.uniform(n, 2 + i, lane);
                        }
                    }
                    std::array<double, k_lanes> lambda{};
                    std::array<std::int64_t, k_lanes> out{};
                    const auto ends =
                        kernels.large({.k = k,
                                       .mean = mean.data(),
                                       .uniform = {uniform[0].data(), uniform[1].data(),
                                                   uniform[2].data(), uniform[3].data()}},
                                      lambda.data(), out.data(), nullptr, 0);
                    CHECK((ends.count & ~ends.gamma) == 0U);
                    for (std::size_t r = 0; r < k_lanes; ++r) {
                        ++lanes_total;
                        // The scalar draw, on the lane's uniforms and fresh ones past them.
                        auto sequence = [&](std::uint32_t i) {
                            return i < 4
                                       ? uniform[i][r]
                                       : stream.uniform(n, 100 + i, static_cast<std::uint32_t>(r));
                        };
                        std::uint32_t draw = 0;
                        const std::int64_t expected =
                            counts::negative_binomial(mean[r], k, sequence, draw);
                        if ((ends.gamma >> r & 1U) != 0) {
                            ++gamma_ended;
                            // The gamma took uniforms 0 and 1; the Poisson count from uniform 2 on.
                            std::uint32_t from_two = 2;
                            CHECK(counts::poisson(lambda[r], sequence, from_two) == expected);
                        }
                        if ((ends.count >> r & 1U) != 0) {
                            ++count_ended;
                            CHECK(out[r] == expected);
                        }
                        if ((ends.retried >> r & 1U) != 0) {
                            // The first try rejected: PTRS goes on from uniform 4.
                            ++retried;
                            CHECK((ends.count >> r & 1U) == 0);
                            std::uint32_t from_four = 4;
                            CHECK(counts::poisson(lambda[r], sequence, from_four) == expected);
                        }
                    }
                }
            }
        }
        if (kernels.in_vectors) {
            // Most gammas end on their first try (98% here), most counts with them (81%), and most
            // of the rest are rejected there for certain (14% of all: they go on from uniform 4).
            CHECK(gamma_ended * 100 > lanes_total * 95);
            CHECK(count_ended * 100 > lanes_total * 75);
            CHECK(retried * 100 > lanes_total * 10);
        } else {
            CHECK(gamma_ended == 0);
        }
    });
}

// Groups of eight large means around `centre` (within 5%) with their uniforms 0 to 3, from
// `stream`'s draws n on (n moves past them), for the large-mean lanes' tests.
struct LargeGroups {
    double k = 1.0;
    std::vector<double> mean;
    std::vector<double> uniform; // uniform u of lane i at u · mean.size() + i
    LargeGroups(const RandomStream& stream, std::uint32_t& n, double dispersion, double centre,
                std::size_t groups)
        : k(dispersion), mean(groups * k_lanes), uniform(4 * groups * k_lanes) {
        for (std::size_t i = 0; i < mean.size(); ++i, ++n) {
            mean[i] = centre * (1.0 + 0.05 * stream.uniform(n, 1, 0));
            for (std::uint32_t u = 0; u < 4; ++u) {
                uniform[u * mean.size() + i] = stream.uniform(n, 2 + u, 0);
            }
        }
    }
    [[nodiscard]] counts::LargeLaneDraw draw_of(std::size_t g) const {
        const std::size_t at = g * k_lanes;
        return {.k = k,
                .mean = mean.data() + at,
                .uniform = {uniform.data() + at, uniform.data() + mean.size() + at,
                            uniform.data() + 2 * mean.size() + at,
                            uniform.data() + 3 * mean.size() + at}};
    }
};

TEST_CASE("the large-mean lanes' tests put off decide each lane as the first try would") {
    // Groups of lanes over means from 32 to 200,000 and dispersions from 1 to 2,500, each drawn
    // twice: deciding its tests (PTRS's last tests and the gammas' log tests) at once, and putting
    // them off to be decided eight at a time with other groups'. Every lane must come out the
    // same: its count, Poisson mean and masks.
    for_each_kernels([](const Kernels& kernels) {
        const RandomStream stream(StreamKey{20261203U, 5U});
        constexpr std::array<double, 4> dispersions{1.0, 25.0, 400.0, 2500.0};
        constexpr std::array<double, 4> centres{32.0, 300.0, 5'000.0, 200'000.0};
        constexpr std::size_t groups = 200;
        std::uint32_t n = 0;
        std::size_t put_off = 0;
        std::size_t gammas_put_off = 0;
        std::size_t gammas_failed_later =
            0; // lanes that went on as if their gamma passed, and failed
        for (const double k : dispersions) {
            for (const double centre : centres) {
                const LargeGroups inputs(stream, n, k, centre, groups);
                const auto& mean = inputs.mean;
                const auto draw_of = [&](std::size_t g) { return inputs.draw_of(g); };
                std::vector<counts::LargeLaneEnds> at_once(groups);
                std::vector<counts::LargeLaneEnds> later(groups);
                std::vector<double> lambda_at_once(mean.size());
                std::vector<double> lambda_later(mean.size());
                std::vector<std::int64_t> out_at_once(mean.size());
                std::vector<std::int64_t> out_later(mean.size());
                counts::LastTests tests;
                tests.clear_for(mean.size());
                for (std::size_t g = 0; g < groups; ++g) {
                    at_once[g] = kernels.large(draw_of(g), lambda_at_once.data() + g * k_lanes,
                                               out_at_once.data() + g * k_lanes, nullptr, 0);
                    later[g] = kernels.large(draw_of(g), lambda_later.data() + g * k_lanes,
                                             out_later.data() + g * k_lanes, &tests, g * k_lanes);
                    CHECK(at_once[g].waiting == 0U);
                    CHECK((later[g].waiting & (later[g].count | later[g].retried)) == 0U);
                }
                put_off += tests.size;
                gammas_put_off += tests.gamma_size;
                // Every test waiting is a lane its group marked waiting.
                for (std::size_t i = 0; i < tests.size; ++i) {
                    const std::uint64_t slot = tests.slot[i];
                    const std::uint32_t lane = 1U << (slot % k_lanes);
                    REQUIRE((later[slot / k_lanes].waiting & lane) != 0U);
                }
                std::size_t gamma_waiting = 0;
                for (std::size_t i = 0; i < tests.gamma_size; ++i) {
                    const std::uint64_t slot = tests.gamma_slot[i];
                    const std::uint32_t lane = 1U << (slot % k_lanes);
                    REQUIRE((later[slot / k_lanes].gamma_waiting & lane) != 0U);
                    REQUIRE((later[slot / k_lanes].gamma & lane) != 0U);
                }
                for (std::size_t g = 0; g < groups; ++g) {
                    gamma_waiting +=
                        static_cast<std::size_t>(std::popcount(later[g].gamma_waiting));
                    gammas_failed_later +=
                        static_cast<std::size_t>(std::popcount(later[g].gamma & ~at_once[g].gamma));
                    // Before its test, a lane waiting on it is one whose gamma ended at once or one
                    // whose gamma the test fails.
                    CHECK((later[g].gamma & ~later[g].gamma_waiting) ==
                          (at_once[g].gamma & ~later[g].gamma_waiting));
                }
                CHECK(gamma_waiting == tests.gamma_size);
                kernels.last_tests(tests, later);
                for (std::size_t g = 0; g < groups; ++g) {
                    CAPTURE(g);
                    CHECK(later[g].waiting == 0U);
                    CHECK(later[g].gamma_waiting == 0U);
                    CHECK(later[g].gamma == at_once[g].gamma);
                    CHECK(later[g].count == at_once[g].count);
                    CHECK(later[g].retried == at_once[g].retried);
                    for (std::size_t lane = 0; lane < k_lanes; ++lane) {
                        if ((at_once[g].gamma >> lane & 1U) != 0) {
                            CHECK(lambda_later[g * k_lanes + lane] ==
                                  lambda_at_once[g * k_lanes + lane]);
                        }
                        if ((at_once[g].count >> lane & 1U) != 0) {
                            CHECK(out_later[g * k_lanes + lane] == out_at_once[g * k_lanes + lane]);
                        }
                    }
                }
            }
        }
        // Where the lanes are in vector registers about one lane in five waits on its last test;
        // elsewhere none is put off.
        // About one gamma in ten waits on its log test, and some of those fail it.
        const std::size_t lanes = dispersions.size() * centres.size() * groups * k_lanes;
        if (kernels.in_vectors) {
            CHECK(put_off * 10 > lanes);
            CHECK(gammas_put_off * 20 > lanes);
            CHECK(gammas_failed_later > 0U);
        } else {
            CHECK(put_off == 0U);
            CHECK(gammas_put_off == 0U);
        }
    });
}

TEST_CASE("four large-mean groups of a flow-month in step give each group's first try") {
    // Groups of lanes over means from 32 to 200,000 and dispersions from 1 to 2,500, four at a
    // time: drawn in step and drawn group by group, with their last tests decided at once and
    // put off. Every lane must come out the same (its Poisson mean, its count where its masks say
    // it is read, and its masks), and the tests put off must wait in the same slots, in the same
    // order, with the same numbers.
    for_each_kernels([](const Kernels& kernels) {
        const RandomStream stream(StreamKey{20261203U, 6U});
        constexpr std::array<double, 4> dispersions{1.0, 25.0, 400.0, 2500.0};
        constexpr std::array<double, 4> centres{32.0, 300.0, 5'000.0, 200'000.0};
        constexpr std::size_t in_step = counts::k_large_in_step;
        constexpr std::size_t groups = 40 * in_step;
        std::uint32_t n = 0;
        std::size_t put_off = 0;
        std::size_t gammas_put_off = 0;
        for (const double k : dispersions) {
            for (const double centre : centres) {
                CAPTURE(k);
                CAPTURE(centre);
                const LargeGroups inputs(stream, n, k, centre, groups);
                const auto& mean = inputs.mean;
                const auto draw_of = [&](std::size_t g) { return inputs.draw_of(g); };
                for (const bool put_off_tests : {false, true}) {
                    CAPTURE(put_off_tests);
                    std::vector<counts::LargeLaneEnds> alone(groups);
                    std::vector<counts::LargeLaneEnds> together(groups);
                    std::vector<double> lambda_alone(mean.size());
                    std::vector<double> lambda_together(mean.size());
                    std::vector<std::int64_t> out_alone(mean.size());
                    std::vector<std::int64_t> out_together(mean.size());
                    counts::LastTests tests_alone;
                    counts::LastTests tests_together;
                    tests_alone.clear_for(mean.size());
                    tests_together.clear_for(mean.size());
                    for (std::size_t g = 0; g < groups; ++g) {
                        alone[g] =
                            kernels.large(draw_of(g), lambda_alone.data() + g * k_lanes,
                                          out_alone.data() + g * k_lanes,
                                          put_off_tests ? &tests_alone : nullptr, g * k_lanes);
                    }
                    for (std::size_t g = 0; g < groups; g += in_step) {
                        kernels.large_in_step(
                            {draw_of(g), draw_of(g + 1), draw_of(g + 2), draw_of(g + 3)},
                            lambda_together.data() + g * k_lanes, out_together.data() + g * k_lanes,
                            std::span(together).subspan(g).first<in_step>(),
                            put_off_tests ? &tests_together : nullptr, g * k_lanes);
                    }
                    REQUIRE(tests_together.size == tests_alone.size);
                    for (std::size_t i = 0; i < tests_alone.size; ++i) {
                        CHECK(tests_together.slot[i] == tests_alone.slot[i]);
                        CHECK(tests_together.lambda[i] == tests_alone.lambda[i]);
                        CHECK(tests_together.us[i] == tests_alone.us[i]);
                        CHECK(tests_together.v[i] == tests_alone.v[i]);
                        CHECK(tests_together.count[i] == tests_alone.count[i]);
                    }
                    REQUIRE(tests_together.gamma_size == tests_alone.gamma_size);
                    for (std::size_t i = 0; i < tests_alone.gamma_size; ++i) {
                        CHECK(tests_together.gamma_slot[i] == tests_alone.gamma_slot[i]);
                        CHECK(tests_together.gamma_x2[i] == tests_alone.gamma_x2[i]);
                        CHECK(tests_together.gamma_v[i] == tests_alone.gamma_v[i]);
                        CHECK(tests_together.gamma_u[i] == tests_alone.gamma_u[i]);
                        CHECK(tests_together.gamma_d[i] == tests_alone.gamma_d[i]);
                    }
                    put_off += tests_alone.size;
                    gammas_put_off += tests_alone.gamma_size;
                    for (std::size_t g = 0; g < groups; ++g) {
                        CAPTURE(g);
                        CHECK(together[g].gamma == alone[g].gamma);
                        CHECK(together[g].gamma_waiting == alone[g].gamma_waiting);
                        CHECK(together[g].count == alone[g].count);
                        CHECK(together[g].retried == alone[g].retried);
                        CHECK(together[g].waiting == alone[g].waiting);
                        for (std::size_t lane = 0; lane < k_lanes; ++lane) {
                            const std::size_t at = g * k_lanes + lane;
                            if ((alone[g].gamma >> lane & 1U) != 0) {
                                CHECK(lambda_together[at] == lambda_alone[at]);
                            }
                            if (((alone[g].count | alone[g].waiting) >> lane & 1U) != 0) {
                                CHECK(out_together[at] == out_alone[at]);
                            }
                        }
                    }
                }
            }
        }
        // Where the lanes are in vector registers, tests were put off (PTRS's for about one lane in
        // five, the gammas' for about one in ten), so their order was compared; elsewhere none is.
        const std::size_t lanes = dispersions.size() * centres.size() * groups * k_lanes;
        if (kernels.in_vectors) {
            CHECK(put_off * 10 > lanes);
            CHECK(gammas_put_off * 20 > lanes);
        } else {
            CHECK(put_off == 0U);
            CHECK(gammas_put_off == 0U);
        }
    });
}

TEST_CASE("PTRS's next try in lanes ends where the scalar try does and rejects what it rejects") {
    for_each_kernels([](const Kernels& kernels) {
        // Poisson means from 16 to 10⁶, with lanes not asked about among them. A lane whose count
        // ends must have the scalar draw's count on the same two uniforms, taken there; a lane
        // rejected must be rejected by the scalar try, which goes on past them.
        const RandomStream stream(StreamKey{20261130U, 4U});
        constexpr std::array<double, 7> centres{16.0, 17.5, 40.0, 300.0, 5'000.0, 200'000.0, 1e6};
        std::uint32_t n = 0;
        int asked_total = 0;
        int ended = 0;
        int rejected = 0;
        for (const double centre : centres) {
            for (int block = 0; block < 3'000; ++block, ++n) {
                std::array<double, k_lanes> lambda{};
                std::array<std::array<double, k_lanes>, 2> uniform{};
                std::uint32_t asked = 0;
                for (std::size_t r = 0; r < k_lanes; ++r) {
                    const auto lane = static_cast<std::uint32_t>(r);
                    lambda[r] = centre * (1.0 + 0.3 * stream.uniform(n, 1, lane));
                    uniform[0][r] = stream.uniform(n, 2, lane);
                    uniform[1][r] = stream.uniform(n, 3, lane);
                    asked |= stream.uniform(n, 4, lane) < 0.8 ? 1U << r : 0U;
                }
                // A lane not asked about may hold anything.
                lambda[7] = (asked >> 7 & 1U) != 0 ? lambda[7] : -1.0;
                std::array<std::int64_t, k_lanes> out{};
                const auto ends =
                    kernels.poisson_try({.asked = asked,
                                         .lambda = lambda.data(),
                                         .uniform = {uniform[0].data(), uniform[1].data()}},
                                        out.data());
                CHECK((ends.count & ends.rejected) == 0U);
                CHECK(((ends.count | ends.rejected) & ~asked) == 0U);
                for (std::size_t r = 0; r < k_lanes; ++r) {
                    if ((asked >> r & 1U) == 0) {
                        continue;
                    }
                    ++asked_total;
                    auto sequence = [&](std::uint32_t i) {
                        return i < 2 ? uniform[i][r]
                                     : stream.uniform(n, 100 + i, static_cast<std::uint32_t>(r));
                    };
                    std::uint32_t draw = 0;
                    const std::int64_t expected = counts::poisson(lambda[r], sequence, draw);
                    if ((ends.count >> r & 1U) != 0) {
                        ++ended;
                        CHECK(draw == 2);
                        CHECK(out[r] == expected);
                    }
                    if ((ends.rejected >> r & 1U) != 0) {
                        ++rejected;
                        CHECK(draw > 2);
                    }
                }
            }
        }
        if (kernels.in_vectors) {
            // Nearly every try is decided in lanes: most end, most of the rest are rejected.
            CHECK((ended + rejected) * 1000 > asked_total * 999);
            CHECK(ended * 100 > asked_total * 80);
            CHECK(rejected * 100 > asked_total * 5);
        } else {
            CHECK(ended + rejected == 0);
        }
    });
}

TEST_CASE("the lanes' logarithm is within 2e-15 of libm's, relative") {
    for_each_kernels([](const Kernels& kernels) {
        const RandomStream stream(StreamKey{20261130U, 3U});
        std::array<double, k_lanes> x{};
        std::array<double, k_lanes> out{};
        double worst = 0.0;
        const auto check = [&] {
            kernels.log(x.data(), out.data());
            for (std::size_t r = 0; r < k_lanes; ++r) {
                const double expected = std::log(x[r]);
                const double error = std::fabs(out[r] - expected);
                worst = std::max(worst, expected == 0.0 ? error : error / std::fabs(expected));
                CHECK(error <= 2e-15 * std::fabs(expected));
            }
        };
        // Over the whole normal range, and close either side of 1 and of √2 (where the mantissa is
        // halved), where the logarithm is small or the reduction changes.
        for (std::uint32_t n = 0; n < 20'000; ++n) {
            for (std::size_t r = 0; r < k_lanes; ++r) {
                const double u = stream.uniform(n, 1, static_cast<std::uint32_t>(r));
                const double t = stream.uniform(n, 2, static_cast<std::uint32_t>(r));
                switch (n % 4) {
                case 0:
                    x[r] = std::ldexp(1.0 + u, static_cast<int>(t * 2044.0) - 1021);
                    break;
                case 1:
                    x[r] = 1.0 + std::ldexp(u - 0.5, -static_cast<int>(t * 52.0));
                    break;
                case 2:
                    x[r] =
                        std::sqrt(2.0) * (1.0 + std::ldexp(u - 0.5, -static_cast<int>(t * 52.0)));
                    break;
                default:
                    x[r] = 16.0 + u * 1e6; // PTRS's means and counts
                    break;
                }
            }
            check();
        }
        x = {1.0,
             2.0,
             0.5,
             0x1.0p-1022,
             0x1.fffffffffffffp1023,
             1.0 - 0x1.0p-53,
             1.0 + 0x1.0p-52,
             std::sqrt(2.0)};
        check();
        MESSAGE("worst relative error of the lanes' logarithm: ", worst);
    });
}

TEST_CASE("lane_kinds sorts each group of eight means by the negative binomial's switch") {
    for_each_kernels([](const Kernels& kernels) {
        // Means at and either side of 0 and of the switch, and drawn across 0 to 64.
        const RandomStream stream(StreamKey{20261201U, 5U});
        constexpr double top = counts::k_small_negative_binomial_mean;
        std::vector<double> mean{0.0,        -0.0,       1e-300,    0.5,   std::nextafter(top, 0.0),
                                 top,        top + 1e-9, 1e6,       2.0,   31.0,
                                 33.0,       0.0,        top * 2.0, 1e-12, 16.0,
                                 top - 1e-12};
        for (std::uint32_t i = 0; i < 8 * 200; ++i) {
            mean.push_back(64.0 * stream.uniform(i, 0, 0));
        }
        const std::size_t groups = mean.size() / k_lanes;
        std::vector<std::uint8_t> below(groups, 0xAA);
        std::vector<std::uint8_t> above(groups, 0xAA);
        kernels.lane_kinds(mean.data(), groups, below.data(), above.data());
        int differ = 0;
        for (std::size_t g = 0; g < groups; ++g) {
            for (std::size_t lane = 0; lane < k_lanes; ++lane) {
                const double m = mean[g * k_lanes + lane];
                const bool is_below = (below[g] >> lane & 1U) != 0;
                const bool is_above = (above[g] >> lane & 1U) != 0;
                differ += is_below != (m > 0.0 && m < top) ? 1 : 0;
                differ += is_above != (m >= top) ? 1 : 0;
            }
        }
        CHECK(differ == 0);
        // The first two groups by hand: 0 and −0 are neither; the switch itself is above.
        CHECK(below[0] == 0b0001'1100);
        CHECK(above[0] == 0b1110'0000);
        CHECK(below[1] == 0b1110'0011);
        CHECK(above[1] == 0b0001'0100);
    });
}
