// specflow allocate: needs-based allocations per ICB and year, printed and written as CSV.

#include "reports/allocation_report.hpp"
#include "reports/reconfiguration_report.hpp"
#include "scenarios/builtin.hpp"
#include "sim/runners/allocation_plan.hpp"
#include "tools/command.hpp"
#include "tools/command_paths.hpp"
#include "tools/exit_codes.hpp"
#include "tools/prepare.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace specflow::tools {

void add_allocate_options(CLI::App& command, Options& all) {
    auto& options = all.allocate;
    command.add_option(
        "scenario", options.scenario.path,
        "Scenario: a built-in's name (specflow scenarios lists them) or a TOML file; "
        "default: the built-in " +
            std::string(scenarios::k_default_scenario));
    command
        .add_option("--years", options.scenario.years, "Financial years, from the scenario's first")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    command.add_option("--out", options.out, "Directory for allocations.csv")
        ->capture_default_str();
}

int allocate_command(const Options& all, const Context& /*context*/) {
    const auto& options = all.allocate;
    const auto scenario = load(options.scenario);
    const auto years = sim::plan_allocations(scenario, options.scenario.years);
    check_output_folder(options.out, "--out");
    reports::write_allocations_csv(scenario, years, options.out);
    fmt::print("specflow allocate: {} ({}), {} policy\n", scenario.name, scenario.title,
               entities::to_string(scenario.allocation.policy));
    fmt::print("{}", reports::allocation_tables(scenario, years));
    fmt::print("{}", reports::reconfiguration_text(scenario, years));
    fmt::print("\nWrote allocations.csv to {}\n", options.out);
    return k_exit_ok;
}

} // namespace specflow::tools
