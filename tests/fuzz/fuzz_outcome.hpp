#pragma once

#include "entities/scenario.hpp"

#include <filesystem>
#include <functional>

// What a fuzz target accepts as the outcome of bad input, and what it counts as a finding.
namespace specflow::fuzz {

// Runs `attempt`. Bad input must end it with one of the errors the program reports as such
// (exit status 2): ScenarioError, InfeasiblePolicy or MoneyOverflow. Any other exception is a
// finding: it is printed and the process aborts, which libFuzzer records as a crash with the
// input that caused it. Crashes, sanitizer reports and hangs are findings by themselves.
void expect_bad_input_error(const std::function<void()>& attempt);

// What `specflow run` does with a scenario file, on a small scale: load it, check its budgets
// add up, plan its years (those of its allocation, at most three) and run the expected-value
// replication and one Monte Carlo replication of each. Scenarios too large to run in a few
// milliseconds are only loaded.
void load_and_run(const std::filesystem::path& toml_path);

} // namespace specflow::fuzz
