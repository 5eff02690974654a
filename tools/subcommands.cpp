#include "tools/command.hpp"
#include "tools/exit_codes.hpp"

#include <array>

namespace specflow::tools {

namespace {

bool always(const Options& /*options*/) {
    return true;
}

// One replication needs one process; a Monte Carlo run shares its replications out over every
// process and the root writes the result.
bool single_replication(const Options& options) {
    return options.run.monte_carlo.replications == 0;
}

constexpr std::array k_subcommands{
    Subcommand{
        .name = "run",
        .description =
            "Run a scenario month by month and write provider, income and ICB tables as CSV",
        .add_options = add_run_options,
        .run = run_command,
        .root_only = single_replication,
    },
    Subcommand{
        .name = "allocate",
        .description = "Work out needs-based allocations per ICB and financial year: targets, "
                       "convergence, HCDD and delegation; print them and write allocations.csv",
        .add_options = add_allocate_options,
        .run = allocate_command,
        .root_only = always,
    },
    Subcommand{
        .name = "granular",
        .description = "Each ICB's planned spend per service line against its fair share (the "
                       "national spend on the line shared by population × need): per region, "
                       "the pairs furthest below and above it; writes granular.csv",
        .add_options = add_granular_options,
        .run = granular_command,
        .root_only = always,
    },
    Subcommand{
        .name = "scenarios",
        .description = "List the built-in scenarios: name, first financial year, how many it "
                       "defines, ICBs and title",
        .add_options = add_scenarios_options,
        .run = scenarios_command,
        .root_only = always,
    },
    Subcommand{
        .name = "runs",
        .description = "List the runs kept in the results store",
        .add_options = add_runs_options,
        .run = runs_command,
        .root_only = always,
    },
    Subcommand{
        .name = "export",
        .description = "Write one result table of a stored run as CSV or JSON, or every table as "
                       "an xlsx workbook",
        .add_options = add_export_options,
        .run = export_command,
        .root_only = always,
    },
    Subcommand{
        .name = "report",
        .description =
            "Write one self-contained HTML report of a stored run for a panel: assumptions, DfT "
            "trajectories, a waterfall from allocation to provider income, fan charts, a flow "
            "heat map, income at risk, ICB over/underspend and the run's metadata",
        .add_options = add_report_options,
        .run = report_command,
        .root_only = always,
    },
    Subcommand{
        .name = "compare",
        .description = "Differences between two stored runs per provider and ICB (same seed: "
                       "common random numbers)",
        .add_options = add_compare_options,
        .run = compare_command,
        .root_only = always,
    },
    Subcommand{
        .name = "stress",
        .description = "How much of a provider's income is at risk: its income and pressure "
                       "distributions, the probability of a pressure above a threshold, and "
                       "which commissioners and service lines drive the variance of its income",
        .add_options = add_stress_options,
        .run = stress_command,
        .root_only = always, // in one process, with threads
    },
    Subcommand{
        .name = "options",
        .description = "Arrangement options side by side on the same random numbers: for each "
                       "ICB and option its outturn after recharges and pool transfers (P5, P50, "
                       "P95, P(overspend > £X)), recharges and pool transfers, the host's cash "
                       "exposure and the providers' income; every option is stored as a run",
        .add_options = add_options_options,
        .run = options_command,
        .root_only = always, // in one process, with threads
    },
};

} // namespace

std::span<const Subcommand> subcommands() noexcept {
    return k_subcommands;
}

int dispatch(const Subcommand& subcommand, const Options& options, const Context& context) {
    if (subcommand.root_only(options) && !context.world.root()) {
        return k_exit_ok;
    }
    return subcommand.run(options, context);
}

} // namespace specflow::tools
