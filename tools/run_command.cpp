// specflow run: one replication's tables, or with --replications a Monte Carlo run's
// distributions; either way written as CSV and kept in the results store.

#include "reports/allocation_report.hpp"
#include "reports/commissioning_report.hpp"
#include "reports/csv_output.hpp"
#include "reports/granular.hpp"
#include "reports/monte_carlo_report.hpp"
#include "reports/monte_carlo_summary.hpp"
#include "reports/reconfiguration_report.hpp"
#include "reports/run_tables.hpp"
#include "reports/terminal_summary.hpp"
#include "scenarios/builtin.hpp"
#include "tools/command.hpp"
#include "tools/command_paths.hpp"
#include "tools/exit_codes.hpp"
#include "tools/pounds_option.hpp"
#include "tools/prepare.hpp"
#include "tools/store_run.hpp"
#include "tools/summarise.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <future>
#include <memory>
#include <string>

namespace specflow::tools {

namespace {

int monte_carlo_command(const RunOptions& options, const Context& context) {
    const auto started = std::chrono::steady_clock::now();
    const auto started_at = now_utc();
    const auto prepared = prepare(options.scenario, sim::Sampling::poisson);
    // The store and the output folder are checked before the run (in one process; in an MPI
    // job the root alone checks them, after the replications every process takes part in): a
    // store that cannot be used stops it before any work, and its outputs are written only once
    // the store has the run.
    std::unique_ptr<reports::RunStore> store;
    const auto open_outputs = [&] {
        check_output_folder(options.out, "--out");
        store = open_store(options.db, reports::StoreAccess::write);
    };
    if (context.world.size == 1) {
        open_outputs();
    }
    const auto& scenario = prepared.scenario;
    const auto& monte_carlo = options.monte_carlo;
    const auto summary = summarise<reports::SummarySink>(
        prepared, monte_carlo, {},
        [](auto shape, const auto& layout, auto threshold) {
            return std::make_unique<reports::SummarySink>(shape, layout, threshold);
        },
        context.world);
    if (!context.world.root()) {
        return k_exit_ok; // the root writes and reports
    }
    if (!store) {
        open_outputs();
    }
    // The CSV files' texts are worked out on a second thread while the run goes into the store
    // (both only read the summary, which summarise() left settled: reading it changes nothing);
    // they are written once the store has the run. (Should the store refuse it, the future's
    // destructor waits for the texts before the summary goes.)
    auto csv_files = std::async(std::launch::async,
                                [&] { return reports::monte_carlo_csv_files(scenario, summary); });
    const auto run_id = store_run(*store, context,
                                  {.options = options,
                                   .prepared = prepared,
                                   .started_at = started_at,
                                   .results = {.summary = &summary}});
    reports::write_text_files(options.out, csv_files.get());
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print(
        "specflow run: {} ({}), seed {}, {} replications on {} thread{}{}, {} financial "
        "year{}\n",
        scenario.name, scenario.title, scenario.seed, fmt::group_digits(monte_carlo.replications),
        monte_carlo.threads, monte_carlo.threads == 1 ? "" : "s",
        context.world.size > 1 ? fmt::format(" in each of {} processes", context.world.size) : "",
        options.scenario.years, options.scenario.years == 1 ? "" : "s");
    fmt::print("{}", reports::monte_carlo_text(scenario, summary));
    fmt::print(
        "\nWrote summary_provider_year.csv, summary_icb_year.csv, summary_national_year.csv, "
        "fan_provider_month.csv "
        "to {} in {:.1f} s; stored as run {} in {}\n",
        options.out, seconds, run_id, options.db);
    return k_exit_ok;
}

int replication_command(const RunOptions& options, const Context& context) {
    const auto started = std::chrono::steady_clock::now();
    const auto started_at = now_utc();
    const auto sampling =
        options.replication == 0 ? sim::Sampling::expected_only : sim::Sampling::poisson;
    const auto prepared = prepare(options.scenario, sampling);
    check_output_folder(options.out, "--out");
    const auto store = open_store(options.db, reports::StoreAccess::write);
    const auto& scenario = prepared.scenario;
    reports::RunTables tables;
    sim::run_replication(prepared.model, {scenario.seed, options.replication}, tables);
    const auto allocations = allocations_of(prepared.model);
    // The store first: the CSV files only once it has the run.
    const auto run_id = store_run(*store, context,
                                  {.options = options,
                                   .prepared = prepared,
                                   .started_at = started_at,
                                   .results = {.tables = &tables}});
    auto written = reports::write_csv_outputs(scenario, tables, options.out);
    if (!allocations.empty()) {
        reports::write_allocations_csv(scenario, allocations, options.out);
        reports::write_commissioning_csv(prepared.model, options.out);
        written.emplace_back("allocations.csv");
        written.emplace_back("commissioning.csv");
        if (reports::write_reconfiguration_csv(
                scenario, reports::reconfiguration_rows(prepared.model), options.out)) {
            written.emplace_back("reconfiguration.csv");
        }
    }
    // From the plan, the same for every replication (specflow granular prints it by region).
    reports::write_granular_csv(reports::granular_rows(prepared.model), options.out);
    written.emplace_back("granular.csv");
    const auto elapsed = std::chrono::steady_clock::now() - started;

    // What a drawn replication's activity is: Poisson chance alone, or the activity model's
    // overdispersion and common factors where some line varies beyond it (DESIGN.md §7).
    const auto years = prepared.model.years();
    const bool varies = std::any_of(years.begin(), years.end(),
                                    [](const sim::Model* year) { return year->any_varies(); });
    fmt::print("specflow run: {} ({}), seed {}, {}, {} financial year{}\n\n", scenario.name,
               scenario.title, scenario.seed,
               options.replication == 0
                   ? std::string("replication 0 (expected values)")
                   : fmt::format("replication {} (drawn activity: {})", options.replication,
                                 varies ? "Poisson chance, overdispersion and common factors"
                                        : "Poisson chance"),
               options.scenario.years, options.scenario.years == 1 ? "" : "s");
    fmt::print("{}", reports::terminal_summary(scenario, tables));
    if (!allocations.empty()) {
        fmt::print("\nDistance from target after convergence, across ICBs\n{}",
                   reports::dft_spread_table(allocations));
        for (std::size_t y = 1; y < allocations.size(); ++y) {
            if (!allocations[y].carried.empty()) {
                fmt::print("\nReconfiguration {}: {} ICBs became {}; reconfiguration.csv shows "
                           "what each ICB of {} carried into each new one\n",
                           allocations[y].year.label(), allocations[y - 1].icbs.size(),
                           allocations[y].icbs.size(), allocations[y - 1].year.label());
            }
        }
    }
    fmt::print("\nWrote {} to {} in {} ms; stored as run {} in {}\n", fmt::join(written, ", "),
               options.out, std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(),
               run_id, options.db);
    return k_exit_ok;
}

} // namespace

void add_run_options(CLI::App& command, Options& all) {
    auto& options = all.run;
    command.add_option(
        "scenario", options.scenario.path,
        "Scenario: a built-in's name (specflow scenarios lists them) or a TOML file; "
        "default: the built-in " +
            std::string(scenarios::k_default_scenario));
    command.add_option("--seed", options.scenario.seed,
                       "Random seed, 0..4294967295 (default: the scenario's seed)");
    command
        .add_option("--replication", options.replication,
                    "Which replication to run: 0 is the expected-value run (planned activity), "
                    "1 and above draw activity as the scenario's activity model sets it: Poisson "
                    "chance, with overdispersion and common factors where its lines vary beyond it")
        ->capture_default_str();
    command
        .add_option("--replications", options.monte_carlo.replications,
                    "Monte Carlo: run replications 1..R and write distributions (mean, P5, "
                    "P10, P50, P90, P95) per provider, ICB and year instead of one "
                    "replication's tables")
        ->check(CLI::Range(1U, 100'000'000U));
    command
        .add_option("--threads", options.monte_carlo.threads,
                    "Threads for --replications (results are identical for any number)")
        ->capture_default_str()
        ->check(CLI::Range(1U, 256U));
    add_pounds_option(command, "--threshold", options.monte_carlo.threshold,
                      "With --replications: report P(pressure > this many pounds) per provider "
                      "and year (default 0: the probability of a loss)");
    command
        .add_option("--years", options.scenario.years,
                    "Financial years to run, from the scenario's first; more than one needs an "
                    "[allocation] section with that many years")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    command.add_option("--db", options.db, "The results store (SQLite) the run is kept in")
        ->capture_default_str();
    command
        .add_option("--out", options.out,
                    "Directory for the CSV files (and allocations.csv when the scenario has "
                    "allocations)")
        ->capture_default_str();
}

int run_command(const Options& options, const Context& context) {
    return options.run.monte_carlo.replications > 0 ? monte_carlo_command(options.run, context)
                                                    : replication_command(options.run, context);
}

} // namespace specflow::tools
