// The [tables] section.
#include "scenario_files.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::scenarios::test::check_error;
using specflow::scenarios::test::ScenarioFiles;

} // namespace

TEST_CASE("a missing table file names the path and the TOML key") {
    ScenarioFiles files;
    files.replace("scenario.toml", "costs = \"costs.csv\"", "costs = \"cost.csv\"");
    check_error(files, {"scenario.toml:13:9: field 'tables.costs': no such file", "cost.csv'"});

    ScenarioFiles removed;
    removed.remove("regions.csv");
    check_error(removed, {"scenario.toml:9:11: field 'tables.regions': no such file"});
}
