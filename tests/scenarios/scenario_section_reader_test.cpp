// The [scenario] section.
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::scenarios::load_scenario;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::ScenarioFiles;

} // namespace

TEST_CASE("scenario section values: seed range, financial year, name") {
    ScenarioFiles negative_seed;
    negative_seed.replace("scenario.toml", "seed = 7", "seed = -1");
    check_error(negative_seed, {"scenario.toml:6:8: field 'scenario.seed': -1 is out of range; "
                                "valid: 0 .. 4294967295"});

    ScenarioFiles big_seed;
    big_seed.replace("scenario.toml", "seed = 7", "seed = 4294967296");
    check_error(big_seed, {"scenario.toml:6:8: field 'scenario.seed': 4294967296 is out of range"});

    ScenarioFiles max_seed;
    max_seed.replace("scenario.toml", "seed = 7", "seed = 4294967295");
    CHECK(load_scenario(max_seed.write()).seed == 4'294'967'295U);

    ScenarioFiles text_seed;
    text_seed.replace("scenario.toml", "seed = 7", "seed = \"7\"");
    check_error(text_seed, {"scenario.toml:6:8: field 'scenario.seed': expected a whole number, "
                            "found a string"});

    ScenarioFiles year;
    year.replace("scenario.toml", "\"2024/25\"", "\"2024-25\"");
    check_error(year, {"scenario.toml:5:18: field 'scenario.financial_year': '2024-25' is not a "
                       "financial year; valid: \"YYYY/YY\""});

    ScenarioFiles wrong_next;
    wrong_next.replace("scenario.toml", "\"2024/25\"", "\"2024/26\"");
    check_error(wrong_next, {"scenario.toml:5:18: field 'scenario.financial_year'"});

    ScenarioFiles name;
    name.replace("scenario.toml", "\"tiny\"", "\"tiny scenario\"");
    check_error(name, {"scenario.toml:3:8: field 'scenario.name': 'tiny scenario' is not a short "
                       "identifier"});
}
