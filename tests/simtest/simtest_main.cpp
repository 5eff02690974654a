// simtest: simulation testing over random scenarios. For each seed it builds a random valid
// scenario (tests/support/random_simulation.hpp), runs it over its one to three years and
// checks every invariant (case_check.hpp). A failing seed is printed with the command that
// runs it again.
//
//   simtest --seeds N [--start S] [--replications R]

#include "tests/simtest/case_check.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <optional>
#include <string>
#include <string_view>

namespace {

struct Options {
    std::uint64_t seeds = 0;
    std::uint64_t start = 1;
    std::uint32_t replications = 2;
};

constexpr int k_exit_failed = 1;
constexpr int k_exit_usage = 2;
constexpr std::size_t k_failures_shown_max = 20; // seeds whose failures are printed in full

std::optional<std::uint64_t> whole_number(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// Reads the options; prints one line and returns nullopt when they are wrong.
std::optional<Options> read_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view name = argv[i];
        const auto parsed = i + 1 < argc ? whole_number(argv[i + 1]) : std::nullopt;
        const bool given = parsed.has_value();
        const std::uint64_t value = parsed.value_or(0);
        if (name == "--seeds" && given && value >= 1) {
            options.seeds = value;
        } else if (name == "--start" && given) {
            options.start = value;
        } else if (name == "--replications" && given && value >= 2 && value <= 1'000) {
            options.replications = static_cast<std::uint32_t>(value);
        } else {
            std::fprintf(stderr,
                         "error: %s: valid: --seeds N (at least 1), --start S (a seed, default "
                         "1), --replications R (2 to 1000, default 2)\n",
                         argv[i]);
            return std::nullopt;
        }
        ++i;
    }
    if (options.seeds == 0) {
        std::fprintf(stderr, "error: --seeds is required; valid: --seeds N (at least 1)\n");
        return std::nullopt;
    }
    return options;
}

std::string features(const specflow::testing::SimulationCase& c) {
    return fmt::format(
        "{} year(s), {} ICBs, {} providers, {} lines, {} flows, {} contracts{}{}{}{}", c.years,
        c.scenario.icbs.size(), c.scenario.providers.size(), c.scenario.service_lines.size(),
        c.scenario.flows.size(), c.scenario.contracts.size(), c.allocation ? ", allocation" : "",
        c.arrangements_and_shocks ? ", arrangements, pool and shocks" : "",
        c.reconfigurations > 0 ? fmt::format(", {} reconfiguration(s)", c.reconfigurations) : "",
        c.activity_model ? ", activity model" : "");
}

} // namespace

int main(int argc, char** argv) {
    const auto options = read_options(argc, argv);
    if (!options) {
        return k_exit_usage;
    }
    const auto started = std::chrono::steady_clock::now();
    std::uint64_t scenario_years = 0;
    std::uint64_t failed = 0;
    for (std::uint64_t seed = options->start; seed < options->start + options->seeds; ++seed) {
        const auto c = specflow::testing::random_simulation_case(seed);
        scenario_years += static_cast<std::uint64_t>(c.years);
        const auto failures =
            specflow::simtest::check_case(c, {.replications = options->replications});
        if (failures.empty()) {
            continue;
        }
        if (++failed <= k_failures_shown_max) {
            fmt::print("FAILED seed {} ({}):\n", seed, features(c));
            for (const auto& failure : failures) {
                fmt::print("  {}\n", failure);
            }
            fmt::print("  reproduce: tools/simtest --seeds 1 --start {}{}\n", seed,
                       options->replications == 2
                           ? ""
                           : fmt::format(" --replications {}", options->replications));
        }
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    fmt::print("simtest: seeds {} to {}: {} scenario-years, each with replication 0 and {} Monte "
               "Carlo replications, in {:.1f} s: {}\n",
               options->start, options->start + options->seeds - 1, scenario_years,
               options->replications, elapsed.count(),
               failed == 0 ? std::string("every invariant holds")
                           : fmt::format("{} seed(s) FAILED", failed));
    return failed == 0 ? 0 : k_exit_failed;
}
