// specflow options: arrangement options — variants of one base scenario — run side by side on
// the same random numbers, printed as one table, written to options.csv and stored as runs.

#include "reports/csv_output.hpp"
#include "reports/options_table.hpp"
#include "scenarios/builtin.hpp"
#include "tools/command.hpp"
#include "tools/command_paths.hpp"
#include "tools/exit_codes.hpp"
#include "tools/option_error.hpp"
#include "tools/pounds_option.hpp"
#include "tools/prepare.hpp"
#include "tools/store_run.hpp"
#include "tools/summarise.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <memory>
#include <string>
#include <vector>

namespace specflow::tools {

void add_options_options(CLI::App& command, Options& all) {
    auto& options = all.options_run;
    command
        .add_option("scenarios", options.scenarios,
                    "The base (e.g. no arrangement), then each option: built-in names or TOML "
                    "files, usually variants that extend the base")
        ->required()
        ->expected(2, 64);
    add_pounds_option(command, "--threshold", options.monte_carlo.threshold,
                      "Report P(overspend > this many pounds) per ICB and option (default 0: "
                      "the probability of an overspend)");
    command.add_option("--replications", options.monte_carlo.replications, "Replications")
        ->capture_default_str()
        ->check(CLI::Range(1U, 100'000'000U));
    command
        .add_option("--threads", options.monte_carlo.threads,
                    "Threads (results are identical for any number)")
        ->capture_default_str()
        ->check(CLI::Range(1U, 256U));
    command.add_option("--years", options.years, "Financial years, from the scenario's first")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    command.add_option("--seed", options.seed,
                       "Random seed, 0..4294967295, for every option (default: the base's)");
    command.add_option("--db", options.db, "The results store (SQLite) the options are kept in")
        ->capture_default_str();
    command.add_option("--out", options.out, "Directory for options.csv")->capture_default_str();
}

namespace {

std::vector<std::string> codes_of(const auto& entities) {
    std::vector<std::string> codes;
    for (const auto& entity : entities) {
        codes.push_back(entity.code);
    }
    return codes;
}

// An option compares with the base only over the same FYs, ICBs and providers.
void check_comparable(const entities::Scenario& base, const entities::Scenario& option,
                      const std::string& path) {
    const auto differs = [&](const char* what) {
        throw OptionError("scenarios",
                          fmt::format("option {} ({}) has different {} from the base {}; valid: "
                                      "options that change arrangements, pools or shocks of the "
                                      "same England (a variant that extends the base)",
                                      option.name, path, what, base.name));
    };
    if (option.first_year != base.first_year) {
        differs("financial years");
    }
    if (codes_of(option.icbs) != codes_of(base.icbs)) {
        differs("ICBs");
    }
    if (codes_of(option.providers) != codes_of(base.providers)) {
        differs("providers");
    }
}

} // namespace

int options_command(const Options& all, const Context& context) {
    const auto& options = all.options_run;
    const auto started_at = now_utc();
    // Every option draws with the same seed, so each replication's activity is the same in all
    // of them wherever their flows are the same: the differences are the arrangements'.
    std::vector<ScenarioOptions> chosen;
    std::vector<entities::Scenario> loaded;
    for (const auto& path : options.scenarios) {
        chosen.push_back({.path = path, .seed = options.seed, .years = options.years});
        loaded.push_back(load(chosen.back()));
    }
    for (std::size_t o = 1; o < loaded.size(); ++o) {
        if (!options.seed) {
            loaded[o].seed = loaded[0].seed;
            chosen[o].seed = loaded[0].seed;
        }
        check_comparable(loaded[0], loaded[o], options.scenarios[o]);
    }
    std::vector<Prepared> prepared;
    std::vector<reports::SummarySink> summaries;
    for (auto& scenario : loaded) {
        prepared.push_back(prepare(std::move(scenario), options.years, sim::Sampling::poisson));
    }
    check_output_folder(options.out, "--out");
    const auto store = open_store(options.db, reports::StoreAccess::write);
    for (std::size_t o = 0; o < prepared.size(); ++o) {
        summaries.push_back(summarise<reports::SummarySink>(
            prepared[o], options.monte_carlo, {},
            [](auto shape, const auto& layout, auto threshold) {
                return std::make_unique<reports::SummarySink>(shape, layout, threshold);
            },
            World{}));
    }
    std::vector<reports::OptionInput> inputs;
    std::vector<std::string> names;
    for (std::size_t o = 0; o < prepared.size(); ++o) {
        // Two options of the same name are told apart by their place.
        auto name = prepared[o].scenario.name;
        if (std::count(names.begin(), names.end(), name) > 0) {
            name += fmt::format(" ({})", o + 1);
        }
        names.push_back(name);
        inputs.push_back({name, &prepared[o].model.plan(0).scenario, &summaries[o]});
    }
    const auto table = reports::option_summaries(inputs);
    std::vector<RunOptions> as_runs;
    for (const auto& scenario : chosen) {
        as_runs.push_back({.scenario = scenario,
                           .replication = 0,
                           .monte_carlo = options.monte_carlo,
                           .db = options.db});
    }
    std::vector<FinishedRun> finished;
    for (std::size_t o = 0; o < prepared.size(); ++o) {
        finished.push_back({.options = as_runs[o],
                            .prepared = prepared[o],
                            .started_at = started_at,
                            .results = {.summary = &summaries[o], .option = &table[o]},
                            .kind = "option"});
    }
    // The store first: options.csv only once the runs are kept.
    const auto ids = store_runs(*store, context, finished);
    reports::write_text_files(options.out, {{"options.csv", reports::options_csv(table)}});

    const auto& base = prepared[0].scenario;
    fmt::print("specflow options: {} options on the same random numbers (seed {}), {} "
               "replications on {} thread{}, {} financial year{}\n",
               prepared.size(), base.seed, fmt::group_digits(options.monte_carlo.replications),
               options.monte_carlo.threads, options.monte_carlo.threads == 1 ? "" : "s",
               options.years, options.years == 1 ? "" : "s");
    for (std::size_t o = 0; o < prepared.size(); ++o) {
        fmt::print("  {}: {} — {} (run {})\n", o + 1, names[o], prepared[o].scenario.title, ids[o]);
    }
    fmt::print(
        "{}", reports::options_text(table, options.monte_carlo.threshold, base.first_year.label()));
    fmt::print("\nWrote options.csv (every FY) to {}; stored as runs {} to {} in {} (specflow "
               "compare A B compares two options; specflow report A shows the table)\n",
               options.out, ids.front(), ids.back(), options.db);
    return k_exit_ok;
}

} // namespace specflow::tools
