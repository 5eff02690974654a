#pragma once

// Amounts of money on the command line, read exactly as the scenario's amounts are.

#include "entities/money.hpp"

#include <string>
#include <string_view>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace specflow::tools {

// `text`, given for the option `field`, as an amount of pounds read by Money::parse_pounds
// ("2000000", "-1500.5", "1234.56"). Throws OptionError when it is not one.
[[nodiscard]] entities::Money pounds_of(const std::string& field, std::string_view text);

// Adds an option `name` whose value is read by pounds_of into `amount` as the command line is
// parsed, so that a bad amount is refused before any work.
CLI::Option* add_pounds_option(CLI::App& command, const std::string& name, entities::Money& amount,
                               const std::string& description);

} // namespace specflow::tools
