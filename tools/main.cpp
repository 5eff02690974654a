// specflow: the command line. Parses the options, runs the subcommand asked for (one file each,
// listed in subcommands.cpp) and turns what it throws into a message and an exit status.

#include "sim/kernel/vector_limit.hpp"
#include "tools/command.hpp"
#include "tools/exit_codes.hpp"
#include "tools/huge_pages.hpp"
#include "tools/parse_error.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

namespace {

std::string command_line_of(int argc, char** argv) {
    std::string text = "specflow";
    for (int i = 1; i < argc; ++i) {
        text += std::string(" ") + argv[i];
    }
    return text;
}

// The one line that refuses a SPECFLOW_VECTORS naming no width (vector_limit.hpp), or nothing.
std::string vector_limit_refusal() {
    namespace sim = specflow::sim;
    const char* value = std::getenv(sim::k_vector_limit_variable);
    if (value == nullptr || sim::vector_width_named(value)) {
        return {};
    }
    return std::string("error: environment variable ") + sim::k_vector_limit_variable +
           ": value '" + value +
           "' names no vector registers; valid: avx512, avx2 or none, or unset for the "
           "processor's widest\n";
}

} // namespace

int main(int argc, char** argv) {
    namespace tools = specflow::tools;
    tools::restart_with_huge_pages(argv);
    if (const auto refusal = vector_limit_refusal(); !refusal.empty()) {
        std::fputs(refusal.c_str(), stderr);
        return tools::k_exit_bad_input;
    }
    const auto world = tools::start_world(argc, argv);
    const tools::Context context{.world = world, .command_line = command_line_of(argc, argv)};
    CLI::App app{"specflow: follows the money for NHS specialised services from ICBs to "
                 "providers, month by month"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("specflow ") + SPECFLOW_VERSION);
    tools::Options options;
    for (const auto& subcommand : tools::subcommands()) {
        subcommand.add_options(*app.add_subcommand(subcommand.name, subcommand.description),
                               options);
    }
    if (argc > 1 && argv[1][0] != '-' &&
        std::ranges::none_of(tools::subcommands(), [&](const tools::Subcommand& subcommand) {
            return std::string_view(subcommand.name) == argv[1];
        })) {
        std::fputs((tools::unknown_subcommand_line(app, argv[1]) + "\n").c_str(), stderr);
        return tools::k_exit_bad_input;
    }
    try {
        app.parse(argc, argv);
        for (const auto& subcommand : tools::subcommands()) {
            if (app.got_subcommand(subcommand.name)) {
                return tools::dispatch(subcommand, options, context);
            }
        }
        return tools::k_exit_ok; // not reached: CLI11 requires one subcommand
    } catch (const CLI::ParseError& error) {
        // Help and the version are printed by CLI11; a command line it refuses is one line.
        if (error.get_exit_code() == 0) {
            return app.exit(error);
        }
        std::fputs((tools::parse_error_line(app, error) + "\n").c_str(), stderr);
        return tools::k_exit_bad_input;
    } catch (...) {
        // Including a value an option's parser refuses (OptionError).
        return tools::exit_code_of(std::current_exception(), stderr);
    }
}
