// specflow granular: each ICB's planned spend per service line against its fair share, the
// pairs furthest from it printed per region and every pair written as granular.csv.

#include "reports/granular.hpp"
#include "scenarios/builtin.hpp"
#include "tools/command.hpp"
#include "tools/command_paths.hpp"
#include "tools/exit_codes.hpp"
#include "tools/option_error.hpp"
#include "tools/prepare.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace specflow::tools {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return text;
}

// The name of the region `wanted` names by its code or name, in any case; OptionError otherwise.
std::string region_named(const entities::Scenario& scenario, const std::string& wanted) {
    std::string valid;
    for (const auto& region : scenario.regions) {
        if (lower(region.code) == lower(wanted) || lower(region.name) == lower(wanted)) {
            return region.name;
        }
        valid += fmt::format("{}{} ({})", valid.empty() ? "" : ", ", region.code, region.name);
    }
    throw OptionError("--region", fmt::format("no region '{}' in {}; valid: a region's code or "
                                              "name: {}",
                                              wanted, scenario.name, valid));
}

} // namespace

void add_granular_options(CLI::App& command, Options& all) {
    auto& options = all.granular;
    command.add_option(
        "scenario", options.scenario.path,
        "Scenario: a built-in's name (specflow scenarios lists them) or a TOML file; "
        "default: the built-in " +
            std::string(scenarios::k_default_scenario));
    command
        .add_option("--years", options.scenario.years, "Financial years, from the scenario's first")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    command.add_option("--region", options.region,
                       "Only this region (its code or name); default: every region");
    command
        .add_option("--top", options.top,
                    "How many pairs furthest below and furthest above fair share per region")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{100'000}));
    command.add_option("--out", options.out, "Directory for granular.csv")->capture_default_str();
}

int granular_command(const Options& all, const Context& /*context*/) {
    const auto& options = all.granular;
    // The plan is the expected-value path: no random draw enters it.
    const auto prepared = prepare(options.scenario, sim::Sampling::expected_only);
    const auto& scenario = prepared.scenario;
    const auto region =
        options.region.empty() ? std::string{} : region_named(scenario, options.region);
    const auto rows = reports::granular_rows(prepared.model);
    check_output_folder(options.out, "--out");
    reports::write_granular_csv(rows, options.out);
    fmt::print("specflow granular: {} ({}), {} financial year{}\n", scenario.name, scenario.title,
               options.scenario.years, options.scenario.years == 1 ? "" : "s");
    fmt::print(
        "Spend: the ICB's patients' planned activity on the line at price, wherever they are "
        "treated (high-cost drugs left out). Fair share: the national spend on the line "
        "shared by population × need index.\n");
    fmt::print("{}", reports::granular_text(rows, {.top = options.top, .region_name = region}));
    fmt::print("\nWrote granular.csv to {}\n", options.out);
    return k_exit_ok;
}

} // namespace specflow::tools
