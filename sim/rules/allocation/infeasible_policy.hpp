#pragma once

#include "entities/allocation_policy.hpp"

#include <stdexcept>
#include <string>

namespace specflow::sim {

// A convergence policy that cannot be met: the user's parameters, not a bug. `parameter` is the
// scenario key at fault ("floor_growth_pct"), `where` its place in the scenario file when
// known; what() says why and what range would be feasible.
class InfeasiblePolicy : public std::runtime_error {
public:
    InfeasiblePolicy(std::string parameter, const std::string& what, entities::SourceRef where = {})
        : std::runtime_error(what), parameter_(std::move(parameter)), where_(std::move(where)) {}

    [[nodiscard]] const std::string& parameter() const noexcept { return parameter_; }
    [[nodiscard]] const entities::SourceRef& where() const noexcept { return where_; }

private:
    std::string parameter_;
    entities::SourceRef where_;
};

} // namespace specflow::sim
