// specflow: the command line. Parses options, loads and validates the scenario, runs the
// engine and hands its observations to the writers. The only place errors are caught.

#include "reports/csv_output.hpp"
#include "reports/run_tables.hpp"
#include "reports/terminal_summary.hpp"
#include "scenarios/builtin.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sim/kernel/ledger.hpp"
#include "sim/runners/replication.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1;
constexpr int k_exit_bad_input = 2;
constexpr int k_exit_internal = 3;

struct RunOptions {
    std::string scenario;
    std::optional<std::uint32_t> seed;
    std::uint32_t replication = 1;
    std::string out = "specflow-out";
};

int run_command(const RunOptions& options) {
    const fs::path path = options.scenario.empty()
                              ? specflow::scenarios::builtin_scenario_path(
                                    specflow::scenarios::k_default_scenario)
                              : fs::path(options.scenario);
    const auto started = std::chrono::steady_clock::now();
    auto scenario = specflow::scenarios::load_scenario(path);
    if (options.seed) {
        scenario.seed = *options.seed;
    }
    (void)scenario.national_budget(); // refuses budgets too large to add up, before any run

    const auto sampling = options.replication == 0 ? specflow::sim::Sampling::expected_only
                                                   : specflow::sim::Sampling::poisson;
    const specflow::sim::Model model(scenario, sampling);
    specflow::reports::RunTables tables;
    specflow::sim::run_replication(model, {scenario.seed, options.replication}, tables);
    specflow::reports::write_csv_outputs(scenario, tables, options.out);
    const auto elapsed = std::chrono::steady_clock::now() - started;

    fmt::print("specflow run: {} ({}), seed {}, {}\n\n", scenario.name, scenario.title,
               scenario.seed,
               options.replication == 0
                   ? std::string("replication 0 (expected values)")
                   : fmt::format("replication {} (Poisson activity)", options.replication));
    fmt::print("{}", specflow::reports::terminal_summary(scenario, tables));
    fmt::print("\nWrote provider_month.csv, income_by_source.csv, icb_month.csv to {} in {} ms\n",
               options.out, std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
    return k_exit_ok;
}

void add_run_command(CLI::App& app, RunOptions& options) {
    auto* run = app.add_subcommand(
        "run", "Run a scenario month by month and write provider, income and ICB tables as CSV");
    run->add_option("scenario", options.scenario,
                    "Scenario TOML file (default: the built-in england-2024-25)");
    run->add_option("--seed", options.seed,
                    "Random seed, 0..4294967295 (default: the scenario's seed)");
    run->add_option("--replication", options.replication,
                    "Which replication to run: 0 is the expected-value run (planned activity), "
                    "1 and above draw Poisson activity")
        ->capture_default_str();
    run->add_option("--out", options.out, "Directory for the CSV files")->capture_default_str();
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"specflow: follows the money for NHS specialised services from ICBs to "
                 "providers, month by month"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("specflow ") + SPECFLOW_VERSION);
    RunOptions run_options;
    add_run_command(app, run_options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? k_exit_ok : k_exit_bad_input;
    }
    try {
        if (app.got_subcommand("run")) {
            return run_command(run_options);
        }
    } catch (const specflow::scenarios::ScenarioError& error) {
        fmt::print(stderr, "error: {}\n", error.what());
        return k_exit_bad_input;
    } catch (const specflow::entities::MoneyOverflow& error) {
        fmt::print(stderr, "error: the scenario's amounts are too large to add up: {}\n",
                   error.what());
        return k_exit_bad_input;
    } catch (const specflow::reports::OutputError& error) {
        fmt::print(stderr, "error: {}\n", error.what());
        return k_exit_failure;
    } catch (const specflow::sim::LedgerImbalance& error) {
        fmt::print(stderr, "internal error: the books do not balance: {}\n", error.what());
        return k_exit_internal;
    }
    return k_exit_ok;
}
