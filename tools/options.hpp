#pragma once

// The options of every subcommand, filled in by CLI11 as the command line is parsed.

#include "entities/money.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace specflow::tools {

// Which scenario to run and over how many years.
struct ScenarioOptions {
    std::string path;                  // empty: the built-in default scenario
    std::optional<std::uint32_t> seed; // replaces the scenario's seed when given
    int years = 1;
};

// Replications 1..R summarised on a thread pool (`run --replications` and `stress`).
struct MonteCarloOptions {
    std::uint32_t replications = 0;
    std::uint32_t threads = std::max(1U, std::thread::hardware_concurrency());
    entities::Money threshold{}; // P(pressure > threshold); 0: the probability of a loss
};

struct RunOptions {
    ScenarioOptions scenario;
    std::uint32_t replication = 1;
    MonteCarloOptions monte_carlo; // a Monte Carlo run when monte_carlo.replications > 0
    std::string out = "specflow-out";
    std::string db = "specflow.db";
};

struct AllocateOptions {
    ScenarioOptions scenario; // no seed: allocations draw nothing
    std::string out = "specflow-out";
};

// granular: each ICB's planned spend per service line against its fair share.
struct GranularOptions {
    ScenarioOptions scenario; // no seed: the plan draws nothing
    std::size_t top = 3;      // pairs furthest below and above fair share, per region
    std::string region;       // a region's code or name; empty: every region
    std::string out = "specflow-out";
};

struct StressOptions {
    ScenarioOptions scenario;
    MonteCarloOptions monte_carlo{.replications = 10'000};
    std::string provider;
    std::string db = "specflow.db";
};

// options: arrangement options run side by side on the same random numbers.
struct OptionsRunOptions {
    std::vector<std::string> scenarios; // the base first, then each option
    std::optional<std::uint32_t> seed;  // default: the base's seed, for every option
    int years = 1;
    MonteCarloOptions monte_carlo{.replications = 1'000};
    std::string out = "specflow-out";
    std::string db = "specflow.db";
};

// runs, export, report and compare: the results store and what to read from it.
struct StoreOptions {
    std::string db = "specflow.db";
    std::vector<std::int64_t> runs; // compare: two runs
    std::int64_t run = 0;           // export and report: one run
    std::string table;              // export: one table (csv, json); none for xlsx
    std::string format = "csv";
    bool pence = false; // export: money in the store's pence rather than pounds
    std::string out;
    std::string provider; // report: one trust's page
};

struct Options {
    RunOptions run;
    AllocateOptions allocate;
    GranularOptions granular;
    StressOptions stress;
    OptionsRunOptions options_run;
    StoreOptions store;
};

} // namespace specflow::tools
