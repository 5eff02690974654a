// specflow_kernel_bench: ns per draw of the monthly loop's building blocks, one thread, so the
// figures can be quoted side by side from one run on one machine:
//   - uniforms: RandomStream::uniform one call at a time, against fill_uniforms in batches
//     (the multi-versioned code the processor picks, and the plain x86-64 code);
//   - counts for a uniform already drawn: PoissonSampler's walk against PoissonTables' guided
//     search at means 0.5, 5, 50 and 500, and NegativeBinomialSampler's against
//     NegativeBinomialTables' at means 5, 50 and 500 with dispersion 2;
//   - negative binomial counts of one flow-month in eight replications whose means differ by a
//     few per cent: negative_binomial_small one replication at a time against
//     negative_binomial_small_lanes (AVX-512 or AVX2 lanes) at means 0.5, 5 and 12 (and the
//     same groups four in step, negative_binomial_small_lanes_in_step), and
//     negative_binomial against the lanes' first try of the large means (with the scalar draw for
//     the lanes it leaves) at means 20, 100 and 1,000, with England's dispersions of 25 and 400;
//   - the small means' P(0)s (negative_binomial_zero) in AVX-512 registers against the plain
//     loop the compiler vectorises, at England's dispersions;
//   - the draws of a scenario's flow-months (default: England over 5 years), one call and a
//     walk per flow-month against a batch of uniforms and the tables, replication by replication
//     and with a block of replications innermost, with the tables' memory.
// Each figure is the best of --repeats runs, as other work on the machine only slows a run.
//
//   specflow_kernel_bench [--repeats N] [--replications R] [--years N] [SCENARIO.toml]

#include "scenarios/builtin.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/negative_binomial_lanes.hpp"
#include "sim/kernel/negative_binomial_sampler.hpp"
#include "sim/kernel/negative_binomial_tables.hpp"
#include "sim/kernel/negative_binomial_walk_lanes.hpp"
#include "sim/kernel/poisson_sampler.hpp"
#include "sim/kernel/poisson_tables.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/uniform_batch.hpp"
#include "sim/kernel/zero_probability.hpp"
#include "sim/runners/run_model.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cstdint>
#include <fmt/format.h>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using specflow::sim::RandomStream;

constexpr std::uint32_t k_batch_flows = 2'520; // England's flows: one month's uniforms
constexpr std::uint32_t k_uniform_months = 2'000;
// Fresh uniforms for every draw (8 MiB of them, read in order), so that the branch predictor
// cannot learn the walk's steps.
constexpr std::size_t k_poisson_uniforms = std::size_t{1} << 20;
constexpr int k_poisson_passes = 8;
constexpr std::uint32_t k_replication_block = 10;

// The fastest of `repeats` runs of `work`, in ns per item; `work` returns a checksum that is
// printed so that the compiler cannot drop it.
template <typename Work>
double best_ns(int repeats, double items, Work&& work, std::int64_t& checksum) {
    double best = std::numeric_limits<double>::infinity();
    for (int r = 0; r < repeats; ++r) {
        const auto start = Clock::now();
        checksum += work();
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        best = std::min(best, seconds * 1e9 / items);
    }
    return best;
}

// u · 2⁵³: a uniform's 53 random bits as an integer, so that the checksums compare every bit.
std::int64_t bits(double u) {
    return static_cast<std::int64_t>(u * 0x1.0p53);
}

void bench_uniforms(int repeats) {
    const RandomStream stream({.seed = 42, .replication = 1});
    std::vector<double> buffer(k_batch_flows);
    const double items = static_cast<double>(k_batch_flows) * k_uniform_months;
    std::int64_t sums[3] = {0, 0, 0};
    const double single = best_ns(
        repeats, items,
        [&] {
            std::int64_t sum = 0;
            for (std::uint32_t m = 0; m < k_uniform_months; ++m) {
                for (std::uint32_t f = 0; f < k_batch_flows; ++f) {
                    sum += bits(stream.uniform(f, m, 0));
                }
            }
            return sum;
        },
        sums[0]);
    const auto batched = [&](auto fill) {
        return [&, fill] {
            std::int64_t sum = 0;
            for (std::uint32_t m = 0; m < k_uniform_months; ++m) {
                fill(stream, {.month_index = m}, buffer);
                for (const double u : buffer) {
                    sum += bits(u);
                }
            }
            return sum;
        };
    };
    const double best = best_ns(repeats, items, batched(specflow::sim::fill_uniforms), sums[1]);
    const double baseline =
        best_ns(repeats, items, batched(specflow::sim::fill_uniforms_baseline), sums[2]);
    fmt::print("uniforms ({} per batch, summed): one call each {:.2f} ns; fill_uniforms {:.2f} ns "
               "({:.1f}x); plain x86-64 batch {:.2f} ns ({:.1f}x); sums {}\n",
               k_batch_flows, single, best, single / best, baseline, single / baseline,
               sums[0] == sums[1] && sums[1] == sums[2] ? "equal" : "DIFFER");
}

// ns per draw of one Sampler's walk and of its guide table, over the same fresh uniforms.
template <typename Tables, typename Sampler>
void bench_sampler(const std::string& name, const Sampler& walk, int repeats,
                   const std::vector<double>& uniforms) {
    Tables tables;
    tables.add(walk);
    const double items = static_cast<double>(uniforms.size()) * k_poisson_passes;
    std::int64_t sums[2] = {0, 0};
    const auto timed = [&](auto draw, std::int64_t& checksum) {
        return best_ns(
            repeats, items,
            [&] {
                std::int64_t sum = 0;
                for (int pass = 0; pass < k_poisson_passes; ++pass) {
                    for (const double u : uniforms) {
                        sum += draw(u);
                    }
                }
                return sum;
            },
            checksum);
    };
    const double walk_ns = timed([&](double u) { return walk.sample(u); }, sums[0]);
    const double table_ns = timed([&](double u) { return tables.sample(0, u); }, sums[1]);
    fmt::print("{}: walk {:6.2f} ns; table {:5.2f} ns ({:.1f}x); draws {}\n", name, walk_ns,
               table_ns, walk_ns / table_ns, sums[0] == sums[1] ? "equal" : "DIFFER");
}

void bench_samplers(int repeats) {
    const RandomStream stream({.seed = 42, .replication = 2});
    std::vector<double> uniforms(k_poisson_uniforms);
    specflow::sim::fill_uniforms(stream, {}, uniforms);
    for (const double mean : {0.5, 5.0, 50.0, 500.0}) {
        bench_sampler<specflow::sim::PoissonTables>(fmt::format("Poisson mean {:>5}", mean),
                                                    specflow::sim::PoissonSampler(mean), repeats,
                                                    uniforms);
    }
    for (const double mean : {5.0, 50.0, 500.0}) {
        bench_sampler<specflow::sim::NegativeBinomialTables>(
            fmt::format("negative binomial mean {:>5}, dispersion 2", mean),
            specflow::sim::NegativeBinomialSampler(mean, 2.0), repeats, uniforms);
    }
}

// ns per lane of the walks' P(0)s: negative_binomial_zero (AVX-512 registers where the processor
// has them) against the plain loop, over means 0 to 32 and England's dispersions 25 and 400.
void bench_zeros(int repeats) {
    namespace counts = specflow::sim::counts;
    constexpr std::size_t lanes = std::size_t{1} << 16;
    const RandomStream stream({.seed = 42, .replication = 4});
    std::vector<double> means(lanes);
    specflow::sim::fill_uniforms(stream, {}, means);
    std::vector<double> ks(lanes);
    for (std::size_t i = 0; i < lanes; ++i) {
        means[i] *= counts::k_small_negative_binomial_mean;
        ks[i] = i % 2 == 0 ? 25.0 : 400.0;
    }
    std::vector<double> zeros(lanes);
    std::int64_t sums[2] = {0, 0};
    const auto timed = [&](auto zero, std::int64_t& checksum) {
        return best_ns(
            repeats, static_cast<double>(lanes) * k_poisson_passes,
            [&] {
                // Every bit of every 61st P(0), each xor-ed into the running bits rotated a
                // place (a bit that differs in one P(0) differs in the result: xor-ed without the
                // rotation, the passes' equal P(0)s cancelled out), folded into 32 bits so that
                // best_ns's sum of a few runs cannot overflow.
                std::uint64_t all_bits = 0;
                for (int pass = 0; pass < k_poisson_passes; ++pass) {
                    zero(means, ks, zeros);
                    for (std::size_t i = 0; i < lanes; i += 61) {
                        all_bits = std::rotl(all_bits, 1) ^ std::bit_cast<std::uint64_t>(zeros[i]);
                    }
                }
                return static_cast<std::int64_t>((all_bits ^ (all_bits >> 32)) & 0xFFFF'FFFFU);
            },
            checksum);
    };
    const double best = timed(counts::negative_binomial_zero, sums[0]);
    const double plain = timed(counts::negative_binomial_zero_portable, sums[1]);
    fmt::print("P(0) of the small means' walks ({} lanes): negative_binomial_zero {:.2f} ns a "
               "lane; plain loop {:.2f} ns ({:.1f}x); bits {}\n",
               lanes, best, plain, plain / best, sums[0] == sums[1] ? "equal" : "DIFFER");
}

// ns per count of a flow-month's eight replications, one at a time and in lanes, over the same
// fresh uniforms; the lanes' counts are checked against the scalar ones. Large means also with
// PTRS's last tests put off, as the Monte Carlo draws them (a lane that does not end in lanes is
// drawn one by one in every variant, so the variants differ by their lanes alone).
void bench_lanes(int repeats) {
    namespace counts = specflow::sim::counts;
    constexpr std::size_t lanes = counts::k_lanes;
    constexpr std::size_t groups = std::size_t{1} << 14;
    const RandomStream stream({.seed = 42, .replication = 3});
    std::vector<double> uniforms(4 * groups * lanes);
    specflow::sim::fill_uniforms(stream, {}, uniforms);
    std::vector<double> factors(groups * lanes);
    specflow::sim::fill_uniforms(stream, {.month_index = 1}, factors);
    const double items = static_cast<double>(groups * lanes);
    for (const double k : {25.0, 400.0}) {
        for (const double centre : {0.5, 5.0, 12.0, 20.0, 28.0, 40.0, 56.0, 100.0, 1'000.0}) {
            std::vector<double> means(groups * lanes);
            for (std::size_t i = 0; i < means.size(); ++i) {
                means[i] = centre * (0.95 + 0.1 * factors[i]); // within ±5%
            }
            const std::vector<double> ks(means.size(), k);
            std::vector<double> zeros(means.size());
            counts::negative_binomial_zero(means, ks, zeros);
            const bool small = centre < counts::k_small_negative_binomial_mean;
            // Lane i of group g: its four uniforms at (4g + j)·lanes + i.
            const auto scalar = [&](std::size_t g, std::size_t i) {
                auto uniform = [&](std::uint32_t j) {
                    return j < 4 ? uniforms[(4 * g + j) * lanes + i]
                                 : stream.uniform(static_cast<std::uint32_t>(g * lanes + i), 9, j);
                };
                std::uint32_t draw = 0;
                const std::size_t at = g * lanes + i;
                return small
                           ? counts::negative_binomial_small(means[at], k, zeros[at], uniform, draw)
                           : counts::negative_binomial(means[at], k, uniform, draw);
            };
            std::int64_t sums[2] = {0, 0};
            const double one_ns = best_ns(
                repeats, items,
                [&] {
                    std::int64_t sum = 0;
                    for (std::size_t g = 0; g < groups; ++g) {
                        for (std::size_t i = 0; i < lanes; ++i) {
                            sum += scalar(g, i);
                        }
                    }
                    return sum;
                },
                sums[0]);
            const double lanes_ns = best_ns(
                repeats, items,
                [&] {
                    std::int64_t sum = 0;
                    std::array<std::int64_t, lanes> out{};
                    std::array<double, lanes> lambda{};
                    for (std::size_t g = 0; g < groups; ++g) {
                        const std::size_t at = g * lanes;
                        std::uint32_t left = 0; // lanes the scalar draw finishes
                        if (small) {
                            left = counts::negative_binomial_small_lanes(
                                {.k = k,
                                 .mean = means.data() + at,
                                 .zero = zeros.data() + at,
                                 .uniform = uniforms.data() + 4 * g * lanes},
                                out.data());
                        } else {
                            const auto ends = counts::negative_binomial_large_lanes(
                                {.k = k,
                                 .mean = means.data() + at,
                                 .uniform = {uniforms.data() + 4 * g * lanes,
                                             uniforms.data() + (4 * g + 1) * lanes,
                                             uniforms.data() + (4 * g + 2) * lanes,
                                             uniforms.data() + (4 * g + 3) * lanes}},
                                lambda.data(), out.data());
                            left = ~ends.count & ((1U << lanes) - 1);
                        }
                        for (std::size_t i = 0; i < lanes; ++i) {
                            sum += (left >> i & 1U) != 0 ? scalar(g, i) : out[i];
                        }
                    }
                    return sum;
                },
                sums[1]);
            // The small means' walks four groups in step, as a flow-month's are in a block of 32.
            std::string in_step;
            if (!small) {
                // As the program draws them: every group's first try (group by group, or four
                // in step as a flow-month's are in a block of 32), the last tests put off and
                // worked out eight at a time across groups, then each group's counts.
                counts::LastTests tests;
                std::vector<counts::LargeLaneEnds> ends(groups);
                std::vector<double> lambdas(groups * lanes);
                std::vector<std::int64_t> out(groups * lanes);
                const auto draw_of = [&](std::size_t g) {
                    return counts::LargeLaneDraw{
                        .k = k,
                        .mean = means.data() + g * lanes,
                        .uniform = {uniforms.data() + 4 * g * lanes,
                                    uniforms.data() + (4 * g + 1) * lanes,
                                    uniforms.data() + (4 * g + 2) * lanes,
                                    uniforms.data() + (4 * g + 3) * lanes}};
                };
                constexpr std::size_t step = counts::k_large_in_step;
                // Every group's first try, its last tests put off: group by group, or four in
                // step.
                const auto first_tries = [&](bool four_in_step) {
                    tests.clear_for(groups * lanes);
                    for (std::size_t g = 0; g < groups;) {
                        if (four_in_step && g + step <= groups) {
                            counts::negative_binomial_large_lanes_in_step(
                                {draw_of(g), draw_of(g + 1), draw_of(g + 2), draw_of(g + 3)},
                                lambdas.data() + g * lanes, out.data() + g * lanes,
                                std::span(ends).subspan(g).first<step>(), &tests, g * lanes);
                            g += step;
                            continue;
                        }
                        ends[g] = counts::negative_binomial_large_lanes(
                            draw_of(g), lambdas.data() + g * lanes, out.data() + g * lanes, &tests,
                            g * lanes);
                        ++g;
                    }
                };
                const auto put_off = [&](bool four_in_step) {
                    first_tries(four_in_step);
                    counts::last_tests(tests, ends);
                    std::int64_t sum = 0;
                    for (std::size_t g = 0; g < groups; ++g) {
                        for (std::size_t i = 0; i < lanes; ++i) {
                            sum +=
                                (ends[g].count >> i & 1U) != 0 ? out[g * lanes + i] : scalar(g, i);
                        }
                    }
                    return sum;
                };
                std::int64_t sum_put_off = 0;
                const double put_off_ns = best_ns(
                    repeats, items, [&] { return put_off(false); }, sum_put_off);
                std::int64_t sum_in_step = 0;
                const double in_step_ns = best_ns(
                    repeats, items, [&] { return put_off(true); }, sum_in_step);
                // The first tries alone, their last tests put off and not worked out, every
                // lane's count taken as it is, whether it ended or not: what the lanes' first
                // arithmetic costs, group by group and four in step.
                const auto first_tries_alone = [&](bool four_in_step) {
                    first_tries(four_in_step);
                    std::int64_t sum = 0;
                    for (std::size_t i = 0; i < groups * lanes; ++i) {
                        sum += out[i];
                    }
                    return sum;
                };
                std::int64_t sum_first = 0;
                const double first_ns = best_ns(
                    repeats, items, [&] { return first_tries_alone(false); }, sum_first);
                std::int64_t sum_first_in_step = 0;
                const double first_in_step_ns = best_ns(
                    repeats, items, [&] { return first_tries_alone(true); }, sum_first_in_step);
                in_step = fmt::format(
                    "; last tests put off {:6.2f} ns, counts {}; and four in step {:6.2f} ns, "
                    "counts {}; first tries alone {:5.2f} ns, four in step {:5.2f} ns, {}",
                    put_off_ns, sum_put_off == sums[0] ? "equal" : "DIFFER", in_step_ns,
                    sum_in_step == sums[0] ? "equal" : "DIFFER", first_ns, first_in_step_ns,
                    sum_first == sum_first_in_step ? "the same" : "DIFFERENT");
            }
            if (small) {
                constexpr std::size_t step = counts::k_walks_in_step;
                std::int64_t sum_in_step = 0;
                const double step_ns = best_ns(
                    repeats, items,
                    [&] {
                        std::int64_t sum = 0;
                        std::array<std::int64_t, lanes * step> out{};
                        std::array<counts::LaneWalk, step> walks{};
                        for (std::size_t g = 0; g < groups; g += step) {
                            for (std::size_t w = 0; w < step; ++w) {
                                walks[w] = {.k = k,
                                            .mean = means.data() + (g + w) * lanes,
                                            .zero = zeros.data() + (g + w) * lanes,
                                            .uniform = uniforms.data() + 4 * (g + w) * lanes};
                            }
                            const std::uint32_t left =
                                counts::negative_binomial_small_lanes_in_step(walks, out.data());
                            for (std::size_t i = 0; i < lanes * step; ++i) {
                                sum += (left >> i & 1U) != 0 ? scalar(g + i / lanes, i % lanes)
                                                             : out[i];
                            }
                        }
                        return sum;
                    },
                    sum_in_step);
                in_step = fmt::format("; four in step {:6.2f} ns, counts {}", step_ns,
                                      sum_in_step == sums[0] ? "equal" : "DIFFER");
            }
            fmt::print(
                "negative binomial mean {:>6} (±5%), dispersion {:>3}: one by one {:6.2f} ns; "
                "lanes {:6.2f} ns ({:.1f}x); counts {}{}\n",
                centre, k, one_ns, lanes_ns, one_ns / lanes_ns,
                sums[0] == sums[1] ? "equal" : "DIFFER", in_step);
        }
    }
}

// Every flow-month of `replications` replications of the model: what the monthly loop draws.
void bench_flow_months(const specflow::sim::RunModel& model, std::uint32_t replications,
                       int repeats) {
    std::size_t flows_max = 0;
    std::vector<double> means;
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        const auto& year = model.year(y);
        flows_max = std::max(flows_max, year.flow_count());
        for (int m = 1; m <= 12; ++m) {
            for (std::size_t f = 0; f < year.flow_count(); ++f) {
                means.push_back(year.sampler(f, m).mean());
            }
        }
    }
    const auto start = Clock::now();
    const specflow::sim::PoissonTables tables(means);
    const double build_ms = std::chrono::duration<double>(Clock::now() - start).count() * 1e3;
    const double items = static_cast<double>(means.size()) * replications;
    std::vector<double> uniforms(flows_max);
    std::int64_t sums[3] = {0, 0, 0};
    const double single = best_ns(
        repeats, items,
        [&] {
            std::int64_t sum = 0;
            for (std::uint32_t r = 1; r <= replications; ++r) {
                const RandomStream stream({.seed = 42, .replication = r});
                for (std::size_t y = 0; y < model.year_count(); ++y) {
                    const auto& year = model.year(y);
                    for (int m = 1; m <= 12; ++m) {
                        const auto month_index = static_cast<std::uint32_t>(y * 12 + m - 1);
                        for (std::size_t f = 0; f < year.flow_count(); ++f) {
                            sum += year.sampler(f, m).sample(
                                stream.uniform(static_cast<std::uint32_t>(f), month_index, 0));
                        }
                    }
                }
            }
            return sum;
        },
        sums[0]);
    const double batched = best_ns(
        repeats, items,
        [&] {
            std::int64_t sum = 0;
            for (std::uint32_t r = 1; r <= replications; ++r) {
                const RandomStream stream({.seed = 42, .replication = r});
                std::size_t sampler = 0;
                for (std::size_t y = 0; y < model.year_count(); ++y) {
                    const std::size_t flows = model.year(y).flow_count();
                    const std::span<double> month(uniforms.data(), flows);
                    for (std::uint32_t m = 0; m < 12; ++m) {
                        const auto month_index = static_cast<std::uint32_t>(y * 12) + m;
                        specflow::sim::fill_uniforms(stream, {.month_index = month_index}, month);
                        for (const double u : month) {
                            sum += tables.sample(sampler++, u);
                        }
                    }
                }
            }
            return sum;
        },
        sums[1]);
    // The same draws with the replications innermost, in blocks: each month's tables are read
    // from memory once per block instead of once per replication.
    const double blocked = best_ns(
        repeats, items,
        [&] {
            std::int64_t sum = 0;
            for (std::uint32_t block = 1; block <= replications; block += k_replication_block) {
                const std::uint32_t end = std::min(replications + 1, block + k_replication_block);
                std::size_t month_first = 0;
                for (std::size_t y = 0; y < model.year_count(); ++y) {
                    const std::size_t flows = model.year(y).flow_count();
                    const std::span<double> month(uniforms.data(), flows);
                    for (std::uint32_t m = 0; m < 12; ++m, month_first += flows) {
                        const auto month_index = static_cast<std::uint32_t>(y * 12) + m;
                        for (std::uint32_t r = block; r < end; ++r) {
                            const RandomStream stream({.seed = 42, .replication = r});
                            specflow::sim::fill_uniforms(stream, {.month_index = month_index},
                                                         month);
                            for (std::size_t f = 0; f < flows; ++f) {
                                sum += tables.sample(month_first + f, month[f]);
                            }
                        }
                    }
                }
            }
            return sum;
        },
        sums[2]);
    fmt::print("flow-months ({} of a replication): one call + PoissonSampler {:.2f} ns; "
               "fill_uniforms + PoissonTables {:.2f} ns ({:.1f}x), the same {} replications at "
               "a time {:.2f} ns ({:.1f}x); draws {}\n",
               means.size(), single, batched, single / batched, k_replication_block, blocked,
               single / blocked, sums[0] == sums[1] && sums[1] == sums[2] ? "equal" : "DIFFER");
    fmt::print("PoissonTables for all {} flow-months: {:.1f} MiB, built in {:.0f} ms\n",
               means.size(), static_cast<double>(tables.memory_bytes()) / (1024.0 * 1024.0),
               build_ms);
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"specflow_kernel_bench: ns per draw of uniforms and Poisson counts"};
    int repeats = 5;
    std::uint32_t replications = 20;
    int years = 5;
    std::string scenario_path;
    app.add_option("--repeats", repeats, "Runs of each measurement (the best is shown)")
        ->capture_default_str();
    app.add_option("--replications", replications, "Replications of the scenario's flow-months")
        ->capture_default_str();
    app.add_option("--years", years, "Financial years of the scenario")->capture_default_str();
    app.add_option("scenario", scenario_path, "Scenario TOML (default: England)");
    CLI11_PARSE(app, argc, argv);

    bench_uniforms(repeats);
    bench_samplers(repeats);
    bench_zeros(repeats);
    bench_lanes(repeats);
    const auto path = scenario_path.empty()
                          ? specflow::scenarios::builtin_scenario_path("england-2024-25")
                          : std::filesystem::path(scenario_path);
    const auto scenario = specflow::scenarios::load_scenario(path);
    const specflow::sim::RunModel model(specflow::sim::plan_years(scenario, years),
                                        specflow::sim::Sampling::poisson);
    fmt::print("scenario {}, {} year(s):\n", scenario.name, years);
    bench_flow_months(model, replications, repeats);
    return 0;
}
