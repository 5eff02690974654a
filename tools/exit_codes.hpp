#pragma once

#include <cstdio>
#include <exception>

namespace specflow::tools {

// specflow's exit statuses, as the README gives them.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failure = 1;   // an output or the results store could not be written
inline constexpr int k_exit_bad_input = 2; // the scenario or the command line is refused
inline constexpr int k_exit_internal = 3;  // a bug, such as books that fail to balance

// The exit status for an error thrown out of a subcommand, after saying on `err`, in one line,
// what went wrong: "error: …" for bad input and failed writes, "internal error: …" for a bug
// (anything not known to be one of those, including whatever is not a std::exception). The
// only place errors become messages.
[[nodiscard]] int exit_code_of(std::exception_ptr thrown, std::FILE* err);

} // namespace specflow::tools
