#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace specflow::tools {

// A command-line value that specflow refuses rather than CLI11 (an amount that is not pounds, an
// unknown provider, a run the store does not hold): the field it was given for, and what is
// wrong with it and what would be valid.
class OptionError : public std::runtime_error {
public:
    OptionError(std::string field, const std::string& what)
        : std::runtime_error(what), field_(std::move(field)) {}

    [[nodiscard]] const std::string& field() const noexcept { return field_; }

private:
    std::string field_;
};

} // namespace specflow::tools
