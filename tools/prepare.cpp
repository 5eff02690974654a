#include "tools/prepare.hpp"

#include "scenarios/builtin.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sim/rules/allocation/infeasible_policy.hpp"
#include "sim/runners/year_plan.hpp"

#include <fmt/format.h>
#include <system_error>
#include <utility>

namespace specflow::tools {

std::filesystem::path scenario_path(const ScenarioOptions& options) {
    if (options.path.empty()) {
        return scenarios::builtin_scenario_path(scenarios::k_default_scenario);
    }
    // A bare name ("england-2024-25") is a built-in's; anything with a folder or an extension,
    // or a file that exists, is a path.
    const std::filesystem::path path(options.path);
    std::error_code error;
    if (!path.has_parent_path() && !path.has_extension() && !std::filesystem::exists(path, error)) {
        return scenarios::builtin_scenario_path(options.path);
    }
    return path;
}

entities::Scenario load(const ScenarioOptions& options) {
    auto scenario = scenarios::load_scenario(scenario_path(options));
    (void)scenario.national_budget(); // refuses budgets too large to add up, before any run
    if (options.seed) {
        scenario.seed = *options.seed;
    }
    return scenario;
}

Prepared prepare(entities::Scenario scenario, int years, sim::Sampling sampling) {
    // Planned before the scenario moves into the result.
    auto plans = sim::plan_years(scenario, years);
    return {std::move(scenario), sim::RunModel(std::move(plans), sampling)};
}

Prepared prepare(const ScenarioOptions& options, sim::Sampling sampling) {
    auto scenario = load(options);
    const auto defined = scenario.allocation.years.size();
    if (options.path.empty() && options.years > 1 &&
        static_cast<std::size_t>(options.years) > defined) {
        // The default scenario starts in the current year: point to the built-ins that reach
        // further back.
        std::string longer;
        for (const auto& name : scenarios::builtin_scenarios()) {
            const auto other = scenarios::load_scenario(scenarios::builtin_scenario_path(name));
            if (other.allocation.years.size() >= static_cast<std::size_t>(options.years)) {
                longer += (longer.empty() ? "" : ", ") + name;
            }
        }
        throw sim::InfeasiblePolicy(
            "years",
            fmt::format("the default scenario {} defines {} financial year(s), from {}; valid: "
                        "--years 1 to {}{}",
                        scenario.name, defined, scenario.first_year.label(), defined,
                        longer.empty() ? std::string()
                                       : ", or a built-in that covers " +
                                             std::to_string(options.years) + " years (" + longer +
                                             "), e.g. specflow run england-2024-25 --years " +
                                             std::to_string(options.years)));
    }
    return prepare(std::move(scenario), options.years, sampling);
}

} // namespace specflow::tools
