#pragma once

// A command line CLI11 refuses (an unknown option, a value out of range, a missing argument),
// said as specflow says every error: one line, the field when CLI11 names one, and where to look
// for what is valid.

#include <string>
#include <string_view>

namespace CLI {
class App;
class ParseError;
} // namespace CLI

namespace specflow::tools {

// "error: field '--years': value 0 not in range 1 to 100; valid: see `specflow run --help`"
[[nodiscard]] std::string parse_error_line(const CLI::App& app, const CLI::ParseError& error);

// "error: unknown subcommand 'runn'; valid: run, allocate, …", for a first argument that is
// neither an option nor a subcommand (CLI11 would only say that a subcommand is required).
[[nodiscard]] std::string unknown_subcommand_line(const CLI::App& app, std::string_view argument);

} // namespace specflow::tools
