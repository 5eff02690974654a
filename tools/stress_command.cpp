// specflow stress: how much of one provider's income is at risk.

#include "reports/exposure.hpp"
#include "reports/run_tables.hpp"
#include "reports/stress.hpp"
#include "scenarios/builtin.hpp"
#include "sim/runners/replication.hpp"
#include "tools/command.hpp"
#include "tools/command_paths.hpp"
#include "tools/exit_codes.hpp"
#include "tools/option_error.hpp"
#include "tools/pounds_option.hpp"
#include "tools/prepare.hpp"
#include "tools/provider_named.hpp"
#include "tools/store_run.hpp"
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
        ->capture_default_str()
        ->check(CLI::Range(1U, 100'000'000U));
    command
        .add_option("--threads", options.monte_carlo.threads,
                    "Threads (results are identical for any number)")
        ->capture_default_str()
        ->check(CLI::Range(1U, 256U));
    command
        .add_option("--years", options.scenario.years, "Financial years, from the scenario's first")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    command.add_option("--seed", options.scenario.seed,
                       "Random seed, 0..4294967295 (default: the scenario's seed)");
    command.add_option("--db", options.db, "The results store (SQLite) the stress run is kept in")
        ->capture_default_str();
}

namespace {

// Where the provider's income comes from in each FY of the expected-value run.
std::vector<std::pair<entities::FinancialYear, std::vector<reports::ExposureRow>>>
exposure_by_year(const Prepared& prepared, entities::ProviderId provider) {
    reports::RunTables plan;
    sim::run_replication(prepared.model, {prepared.scenario.seed, 0}, plan, {.forecast = false});
    std::vector<std::pair<entities::FinancialYear, std::vector<reports::ExposureRow>>> years;
    for (std::size_t y = 0; y < prepared.model.year_count(); ++y) {
        const auto year = prepared.model.plan(y).scenario.first_year;
        years.emplace_back(year, reports::exposure(plan.incomes, provider, year));
    }
    return years;
}

// A provider no flow goes to has no activity, so no income or cost to stress.
void require_flows(const entities::Scenario& scenario, entities::ProviderId provider) {
    const auto treats = [&](const entities::Flow& flow) { return flow.provider == provider; };
    if (std::ranges::any_of(scenario.flows, treats)) {
        return;
    }
    std::string examples;
    for (const auto& p : scenario.providers) {
        const bool has_flows = std::ranges::any_of(
            scenario.flows, [&](const entities::Flow& flow) { return flow.provider == p.id; });
        if (has_flows && std::ranges::count(examples, ',') < 2) {
            examples += (examples.empty() ? "" : ", ") + p.code;
        }
    }
    throw OptionError("--provider",
                      fmt::format("{} ({}) has no flows in the scenario, so no activity, income "
                                  "or cost to stress; valid: a provider with flows, e.g. {}",
                                  scenario.providers[provider.index()].code,
                                  scenario.providers[provider.index()].name, examples));
}

} // namespace

int stress_command(const Options& all, const Context& context) {
    const auto& options = all.stress;
    const auto started_at = now_utc();
    auto scenario = load(options.scenario);
    const auto provider = provider_named(scenario, options.provider);
    require_flows(scenario, provider);
    const auto prepared =
        prepare(std::move(scenario), options.scenario.years, sim::Sampling::poisson);
    const auto store = open_store(options.db, reports::StoreAccess::write);
    const auto& first = prepared.model.plan(0).scenario;
    std::vector<std::size_t> watched;
    for (std::size_t f = 0; f < first.flows.size(); ++f) {
        if (first.flows[f].provider == provider) {
            watched.push_back(f);
        }
    }
    std::vector<int> forecast_months;
    for (std::size_t y = 0; y < prepared.model.year_count(); ++y) {
        forecast_months.push_back(prepared.model.plan(y).scenario.policy.forecast_from_month);
    }
    // Stress runs in one process (with threads): the root's, with every replication.
    const auto stress = summarise<reports::StressSink>(
        prepared, options.monte_carlo, {.watched_flows = watched},
        [&](auto shape, const auto& layout, auto threshold) {
            return std::make_unique<reports::StressSink>(shape, layout, threshold, first, provider,
                                                         watched, forecast_months);
        },
        World{}, Forecast::kept);
    const reports::StressResults results{.sink = &stress,
                                         .provider = provider,
                                         .exposure = exposure_by_year(prepared, provider),
                                         .tornado_year = first.first_year,
                                         .tornado = reports::tornado_rows(stress)};
    const RunOptions as_run{.scenario = options.scenario,
                            .replication = 0,
                            .monte_carlo = options.monte_carlo,
                            .db = options.db};
    const auto run_id = store_run(*store, context,
                                  {.options = as_run,
                                   .prepared = prepared,
                                   .started_at = started_at,
                                   .results = {.summary = &stress, .stress = &results},
                                   .kind = "stress",
                                   .provider_code = first.providers[provider.index()].code});
    fmt::print("{}",
               reports::stress_text(first, stress, provider, options.monte_carlo.replications));
    fmt::print("{}", reports::exposure_text(first, results.exposure.front().second, provider,
                                            first.first_year));
    fmt::print("\nStored as stress run {} in {} (specflow report {} --provider {} draws it)\n",
               run_id, options.db, run_id, first.providers[provider.index()].code);
    return k_exit_ok;
}

} // namespace specflow::tools
