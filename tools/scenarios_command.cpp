// specflow scenarios: the built-in scenarios, one line each.

#include "scenarios/builtin.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/command.hpp"
#include "tools/exit_codes.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/format.h>

namespace specflow::tools {

void add_scenarios_options(CLI::App& /*command*/, Options& /*options*/) {}

// Each built-in's name, first FY, the FYs it defines, its ICBs in the first FY and its title;
// the one a bare `specflow run` runs is marked.
int scenarios_command(const Options& /*options*/, const Context& /*context*/) {
    const auto names = scenarios::builtin_scenarios();
    std::size_t width = 0;
    for (const auto& name : names) {
        width = std::max(width, name.size());
    }
    fmt::print("Built-in scenarios (run one by name: specflow run NAME; * is the default)\n");
    for (const auto& name : names) {
        const auto s = scenarios::load_scenario(scenarios::builtin_scenario_path(name));
        const auto years = std::max<std::size_t>(1, s.allocation.years.size());
        const auto icbs = std::count_if(s.icbs.begin(), s.icbs.end(), [&](const auto& icb) {
            return icb.exists_in(s.first_year);
        });
        std::string change;
        for (const auto& reconfiguration : s.reconfigurations) {
            const auto after = std::count_if(s.icbs.begin(), s.icbs.end(), [&](const auto& icb) {
                return icb.exists_in(reconfiguration.year);
            });
            change += fmt::format(", {} from {}", after, reconfiguration.year.label());
        }
        const entities::FinancialYear last(s.first_year.start_year() + static_cast<int>(years) - 1);
        fmt::print("{} {:<{}}  {}{} ({} FY{}), {} ICBs{}: {}\n",
                   name == scenarios::k_default_scenario ? '*' : ' ', name, width,
                   s.first_year.label(), years > 1 ? " to " + last.label() : std::string(), years,
                   years == 1 ? "" : "s", icbs, change, s.title);
    }
    return k_exit_ok;
}

} // namespace specflow::tools
