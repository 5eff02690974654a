// specflow stress: how much of one provider's income is at risk.

#include "reports/exposure.hpp"
#include "reports/run_tables.hpp"
#include "reports/stress.hpp"
#include "scenarios/builtin.hpp"
#include "sim/runners/replication.hpp"
#include "tools/command.hpp"
#include "tools/exit_codes.hpp"
#include "tools/pounds_option.hpp"
#include "tools/prepare.hpp"
#include "tools/provider_named.hpp"
#include "tools/summarise.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/format.h>
#include <memory>
#include <string>
#include <vector>

namespace specflow::tools {

void add_stress_options(CLI::App& command, Options& all) {
    auto& options = all.stress;
    command.add_option(
        "scenario", options.scenario.path,
        "Scenario: a built-in's name (specflow scenarios lists them) or a TOML file; "
        "default: the built-in " +
            std::string(scenarios::k_default_scenario));
    command
        .add_option("--provider", options.provider,
                    "Provider: its code, or its name or a unique part of it in any case, e.g. "
                    "RBV or christie")
        ->required();
    add_pounds_option(command, "--threshold", options.monte_carlo.threshold,
                      "Report P(pressure > this many pounds) (default 0: the probability of a "
                      "loss)");
    command.add_option("--replications", options.monte_carlo.replications, "Replications")
        ->capture_default_str();
    command
        .add_option("--threads", options.monte_carlo.threads,
                    "Threads (results are identical for any number)")
        ->capture_default_str()
        ->check(CLI::Range(1U, 256U));
    command
        .add_option("--years", options.scenario.years, "Financial years, from the scenario's first")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    command.add_option("--seed", options.scenario.seed,
                       "Random seed, 0..4294967295 (default: the scenario's seed)");
}

int stress_command(const Options& all, const Context& /*context*/) {
    const auto& options = all.stress;
    auto scenario = load(options.scenario);
    const auto provider = provider_named(scenario, options.provider);
    const auto prepared =
        prepare(std::move(scenario), options.scenario.years, sim::Sampling::poisson);
    std::vector<std::size_t> watched;
    const auto& flows = prepared.model.plan(0).scenario.flows;
    for (std::size_t f = 0; f < flows.size(); ++f) {
        if (flows[f].provider == provider) {
            watched.push_back(f);
        }
    }
    // Stress runs in one process (with threads): the root's, with every replication.
    const auto stress = summarise<reports::StressSink>(
        prepared, options.monte_carlo, {.watched_flows = watched},
        [&](auto shape, const auto& layout, auto threshold) {
            return std::make_unique<reports::StressSink>(
                shape, layout, threshold, prepared.model.plan(0).scenario, provider, watched);
        },
        World{});
    fmt::print("{}", reports::stress_text(prepared.model.plan(0).scenario, stress, provider,
                                          options.monte_carlo.replications));
    // The plan's exposure: the expected-value run's first-year income by commissioner and kind.
    reports::RunTables plan;
    sim::run_replication(prepared.model, {prepared.scenario.seed, 0}, plan, {.forecast = false});
    fmt::print("{}",
               reports::exposure_text(prepared.model.plan(0).scenario,
                                      reports::exposure(plan.incomes, provider,
                                                        prepared.model.plan(0).scenario.first_year),
                                      provider, prepared.model.plan(0).scenario.first_year));
    return k_exit_ok;
}

} // namespace specflow::tools
