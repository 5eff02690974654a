#pragma once

// What every subcommand that runs the engine does first: load the scenario and compile the run.

#include "entities/scenario.hpp"
#include "sim/runners/replication.hpp"
#include "tools/options.hpp"

#include <filesystem>

namespace specflow::tools {

// A scenario ready to run: as loaded (with the seed the run uses), and compiled year by year.
struct Prepared {
    entities::Scenario scenario;
    sim::RunModel model;
};

// The scenario file the options name: the built-in default when none is given.
[[nodiscard]] std::filesystem::path scenario_path(const ScenarioOptions& options);

// Loads and validates the scenario, refuses budgets too large to add up before any run, and
// applies the seed override. Throws ScenarioError or MoneyOverflow.
[[nodiscard]] entities::Scenario load(const ScenarioOptions& options);

// Plans the years of the run and compiles them. Throws InfeasiblePolicy.
[[nodiscard]] Prepared prepare(entities::Scenario scenario, int years, sim::Sampling sampling);

// load, then prepare for options.years.
[[nodiscard]] Prepared prepare(const ScenarioOptions& options, sim::Sampling sampling);

} // namespace specflow::tools
