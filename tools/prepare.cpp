#include "tools/prepare.hpp"

#include "scenarios/builtin.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sim/runners/year_plan.hpp"

#include <utility>

namespace specflow::tools {

std::filesystem::path scenario_path(const ScenarioOptions& options) {
    return options.path.empty() ? scenarios::builtin_scenario_path(scenarios::k_default_scenario)
                                : std::filesystem::path(options.path);
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
    return prepare(load(options), options.years, sampling);
}

} // namespace specflow::tools
