#include "tools/parse_error.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace specflow::tools {

std::string parse_error_line(const CLI::App& app, const CLI::ParseError& error) {
    std::string what = error.what();
    std::ranges::replace(what, '\n', ' ');
    std::ranges::replace(what, '\r', ' ');
    // CLI11 starts a message about one option with its name: "--years: Value 0 not in range…".
    std::string field;
    if (const auto colon = what.find(": ");
        what.starts_with("-") && colon != std::string::npos && what.find(' ') > colon) {
        field = what.substr(0, colon);
        what.erase(0, colon + 2);
    }
    if (!what.empty()) {
        what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    }
    std::string help = "specflow --help";
    for (const auto* command : app.get_subcommands()) {
        help = "specflow " + command->get_name() + " --help";
    }
    return fmt::format("error: {}{}; valid: see `{}`",
                       field.empty() ? "" : "field '" + field + "': ", what, help);
}

} // namespace specflow::tools
