#pragma once

// The subcommands of `specflow`: what each needs to know of how it was started, and the table
// main dispatches through.

#include "tools/distributed.hpp"
#include "tools/options.hpp"

#include <span>
#include <string>

namespace CLI {
class App;
} // namespace CLI

namespace specflow::tools {

// How specflow was started, passed to every subcommand.
struct Context {
    World world;              // this process's place in an MPI job (rank 0 of 1 without one)
    std::string command_line; // as typed, for the record of a stored run
};

// One subcommand: its name and one-line description for --help, the options it adds to its
// CLI11 subcommand, the function that does its work, and whether only the root process of an
// MPI job does it (the others return 0 at once).
struct Subcommand {
    const char* name;
    const char* description;
    void (*add_options)(CLI::App& command, Options& options);
    int (*run)(const Options& options, const Context& context);
    bool (*root_only)(const Options& options);
};

// Every subcommand, in the order --help lists them.
[[nodiscard]] std::span<const Subcommand> subcommands() noexcept;

// Runs a parsed subcommand in this process: returns 0 at once on a process other than the root
// when the subcommand is root-only, and otherwise its exit status. Throws what it throws.
[[nodiscard]] int dispatch(const Subcommand& subcommand, const Options& options,
                           const Context& context);

// The subcommands, one file each (the store's four share store_commands.cpp).
void add_run_options(CLI::App& command, Options& options);
int run_command(const Options& options, const Context& context);
void add_allocate_options(CLI::App& command, Options& options);
int allocate_command(const Options& options, const Context& context);
void add_granular_options(CLI::App& command, Options& options);
int granular_command(const Options& options, const Context& context);
void add_stress_options(CLI::App& command, Options& options);
int stress_command(const Options& options, const Context& context);
void add_runs_options(CLI::App& command, Options& options);
int runs_command(const Options& options, const Context& context);
void add_export_options(CLI::App& command, Options& options);
int export_command(const Options& options, const Context& context);
void add_report_options(CLI::App& command, Options& options);
int report_command(const Options& options, const Context& context);
void add_compare_options(CLI::App& command, Options& options);
int compare_command(const Options& options, const Context& context);
void add_options_options(CLI::App& command, Options& options);
int options_command(const Options& options, const Context& context);
void add_scenarios_options(CLI::App& command, Options& options);
int scenarios_command(const Options& options, const Context& context);

} // namespace specflow::tools
