#include "tools/parse_error.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <string_view>

namespace specflow::tools {

std::string unknown_subcommand_line(const CLI::App& app, std::string_view argument) {
    std::string names;
    for (const auto* command : app.get_subcommands([](const CLI::App*) { return true; })) {
        names += (names.empty() ? "" : ", ") + command->get_name();
    }
    return fmt::format("error: unknown subcommand '{}'; valid: {}", argument, names);
}

std::string parse_error_line(const CLI::App& app, const CLI::ParseError& error) {
    std::string what = error.what();
    std::ranges::replace(what, '\n', ' ');
    std::ranges::replace(what, '\r', ' ');
    // CLI11 starts a message about one option or argument with its name ("--years: Value 0 not
    // in range…", "scenarios: At least 2 required…"), or says "Could not convert: --seed = -3".
    std::string field;
    constexpr std::string_view k_conversion = "Could not convert: ";
    if (const auto colon = what.find(": ");
        colon != std::string::npos && colon > 0 && what.find(' ') > colon) {
        field = what.substr(0, colon);
        what.erase(0, colon + 2);
    } else if (const auto equals = what.find(" = ");
               what.starts_with(k_conversion) && equals != std::string::npos) {
        field = what.substr(k_conversion.size(), equals - k_conversion.size());
        what = "'" + what.substr(equals + 3) + "' is not a valid value";
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
