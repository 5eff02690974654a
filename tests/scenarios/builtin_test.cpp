// Built-in scenarios by name.
#include "scenarios/builtin.hpp"
#include "scenarios/scenario_error.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using specflow::scenarios::ScenarioError;

} // namespace

TEST_CASE("built-in scenarios are found by name and unknown names are listed") {
    try {
        (void)specflow::scenarios::builtin_scenario_path("no-such-scenario");
        FAIL("no error for an unknown built-in scenario");
    } catch (const ScenarioError& error) {
        const std::string message = error.what();
        CHECK(message.starts_with("field 'scenario': no built-in scenario named "
                                  "'no-such-scenario'; valid: "));
    }
    CHECK_THROWS_AS((void)specflow::scenarios::builtin_scenario_path("../scenarios"),
                    ScenarioError);

    const fs::path england =
        fs::path(SPECFLOW_SOURCE_DIR) / "scenarios" / "england-2024-25" / "scenario.toml";
    if (fs::exists(england)) {
        CHECK(
            fs::equivalent(specflow::scenarios::builtin_scenario_path("england-2024-25"), england));
    }
}
