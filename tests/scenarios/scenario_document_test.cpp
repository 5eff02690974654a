// The scenario TOML file and the chain of files it extends: how they merge, which files a
// scenario is made of, and the errors of the chain.
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace {

namespace fs = std::filesystem;
using specflow::entities::Scenario;
using specflow::scenarios::load_scenario;
using specflow::scenarios::scenario_files;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::extending;
using specflow::scenarios::test::k_minimal_files;
using specflow::scenarios::test::relative_load_error;
using specflow::scenarios::test::ScenarioFiles;

// A price change of one line from the first month, for [[shocks]] arrays to merge.
std::string price_change(const std::string& code) {
    return "[[shocks]]\nkind = \"price_change\"\ncode = \"" + code +
           "\"\nstart = \"2024/25 M01\"\nservice_line = \"RTX\"\nchange_pct = 1\n";
}

// The seven tables of the minimal scenario in `folder`, in the order of their [tables] keys.
std::vector<fs::path> minimal_tables(const fs::path& folder) {
    std::vector<fs::path> files;
    for (const char* name : {"contracts.csv", "costs.csv", "flows.csv", "icbs.csv", "providers.csv",
                             "regions.csv", "service_lines.csv"}) {
        files.push_back(folder / name);
    }
    return files;
}

} // namespace

TEST_CASE("a scenario's files are its TOML file and the tables it names, keys in order") {
    const ScenarioFiles files;
    const fs::path toml = files.write();
    std::vector<fs::path> expected{toml};
    for (const fs::path& table : minimal_tables(toml.parent_path())) {
        expected.push_back(table);
    }
    CHECK(scenario_files(toml) == expected);
}

TEST_CASE("an extending scenario merges over its base key by key and appends its shocks") {
    ScenarioFiles files(extending("name = \"child\"\ntitle = \"Child\"\n\n[policy]\n"
                                  "lva_threshold_pounds = 600000\n\n" +
                                  price_change("child-price")));
    files.append("base/scenario.toml", price_change("base-price"));
    const Scenario scenario = load_scenario(files.write());
    CHECK(scenario.name == "child");
    CHECK(scenario.title == "Child");
    CHECK(scenario.seed == 7);                                  // the base's
    CHECK(scenario.first_year.start_year() == 2024);            // the base's
    CHECK(scenario.policy.lva_threshold.pence() == 60'000'000); // the child's £600,000
    CHECK(scenario.policy.api_rate_below_bp == 5'050);          // the base's 50.5%
    CHECK(scenario.policy.nhse_direct_budget.pence() == 25'000'025);
    CHECK(scenario.icbs.size() == 3); // the base's tables, read from its folder
    REQUIRE(scenario.shocks.size() == 2);
    CHECK(scenario.shocks[0].code == "base-price");
    CHECK(scenario.shocks[1].code == "child-price");
}

TEST_CASE("an extending scenario's files: its own, its bases', then the merged tables") {
    ScenarioFiles files(extending("name = \"child\"\n\n[tables]\nflows = \"flows.csv\"\n"));
    files.set("flows.csv", k_minimal_files.at("flows.csv"));
    const fs::path toml = files.write();
    const fs::path folder = toml.parent_path();
    std::vector<fs::path> expected{toml, folder / "base" / "scenario.toml"};
    for (const fs::path& table : minimal_tables(folder / "base")) {
        // The child's own flows table replaces the base's, relative to the child's folder.
        expected.push_back(table.filename() == "flows.csv" ? folder / "flows.csv" : table);
    }
    CHECK(scenario_files(toml) == expected);
    CHECK(load_scenario(toml).flows.size() == 5);
}

TEST_CASE("a chain of five scenario files loads, and a sixth is too deep") {
    // scenario.toml extends b1.toml ... b4.toml, which is the minimal scenario.
    std::map<std::string, std::string> texts = k_minimal_files;
    texts["b4.toml"] = texts.at("scenario.toml");
    texts["scenario.toml"] = "[scenario]\nextends = \"b1.toml\"\n";
    for (const char* name : {"b1.toml", "b2.toml", "b3.toml"}) {
        const char next = static_cast<char>(name[1] + 1);
        texts[name] = std::string("[scenario]\nextends = \"b") + next + ".toml\"\n";
    }
    ScenarioFiles five(texts);
    const fs::path toml = five.write();
    CHECK(load_scenario(toml).name == "tiny");
    const std::vector<fs::path> record = scenario_files(toml);
    REQUIRE(record.size() == 5 + 7);
    for (int i = 1; i <= 4; ++i) {
        CHECK(record[static_cast<std::size_t>(i)] ==
              toml.parent_path() / ("b" + std::to_string(i) + ".toml"));
    }

    ScenarioFiles six(texts);
    six.set("b4.toml", "[scenario]\nextends = \"b5.toml\"\n");
    six.set("b5.toml", k_minimal_files.at("scenario.toml"));
    CHECK(relative_load_error(six) ==
          "b4.toml:2:11: field 'scenario.extends': scenarios extend each other too deeply (or in "
          "a circle); valid: at most 4 levels");
}

TEST_CASE("the extends key: a string naming a file, not a circle") {
    ScenarioFiles circle(k_minimal_files);
    circle.replace("scenario.toml", "seed = 7\n", "seed = 7\nextends = \"scenario.toml\"\n");
    CHECK(relative_load_error(circle) ==
          "scenario.toml:7:11: field 'scenario.extends': scenarios extend each other too deeply "
          "(or in a circle); valid: at most 4 levels");

    ScenarioFiles number(extending(""));
    number.replace("scenario.toml", "\"base/scenario.toml\"", "4");
    CHECK(relative_load_error(number) ==
          "scenario.toml:2:11: field 'scenario.extends': expected a string; valid: the path of the "
          "scenario TOML file this one builds on, relative to this file");

    ScenarioFiles missing(extending(""));
    missing.replace("scenario.toml", "base/scenario.toml", "base/nope.toml");
    CHECK(relative_load_error(missing) ==
          "scenario.toml:2:11: field 'scenario.extends': no such file 'base/nope.toml'; valid: a "
          "scenario TOML file, relative to this file");
}

TEST_CASE("a base's TOML syntax errors name the base file") {
    ScenarioFiles files(extending("name = \"child\"\n"));
    files.replace("base/scenario.toml", "title = \"Tiny test scenario\"", "title = \"Tiny");
    check_error(files, {"base/scenario.toml:4:", "TOML syntax"});
}
