#include "tools/pounds_option.hpp"

#include "tools/option_error.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace specflow::tools {

entities::Money pounds_of(const std::string& field, std::string_view text) {
    entities::Money amount;
    if (!entities::Money::parse_pounds(text, amount)) {
        throw OptionError(field, fmt::format("'{}' is not an amount in pounds; valid: a number "
                                             "with at most 2 decimal places and no exponent, "
                                             "separators or currency sign, e.g. 500000 or "
                                             "1234.56",
                                             text));
    }
    return amount;
}

CLI::Option* add_pounds_option(CLI::App& command, const std::string& name, entities::Money& amount,
                               const std::string& description) {
    return command
        .add_option_function<std::string>(
            name, [name, &amount](const std::string& text) { amount = pounds_of(name, text); },
            description)
        // The name --help has always shown for an amount.
        ->type_name("FLOAT");
}

} // namespace specflow::tools
