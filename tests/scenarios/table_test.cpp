// CSV tables as the loader reads them: columns by name, and every cell's place in its file.
#include "scenario_files.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::scenarios::test::check_error;
using specflow::scenarios::test::ScenarioFiles;

} // namespace

TEST_CASE("header errors: a missing column and an unknown column") {
    ScenarioFiles missing;
    missing.set("flows.csv", "icb_code,provider_code,service_line_code\nQHG,RGT,RTX\n");
    check_error(missing, {"flows.csv:1: field 'expected_cases_per_year': missing column",
                          "valid columns (in any order): icb_code,provider_code,"});

    ScenarioFiles extra;
    extra.replace("regions.csv", "region_code,region_name\nY61,East of England\nY56,London\n",
                  "region_code,region_name,notes\nY61,East of England,\nY56,London,x\n");
    check_error(extra, {"regions.csv:1:3: field 'notes': unknown column",
                        "valid columns (in any order): region_code,region_name"});
}

TEST_CASE("CSV syntax errors reach the caller with the table's path") {
    ScenarioFiles unterminated;
    unterminated.replace("providers.csv", "\"Local acute provider, Bedford\"",
                         "\"Local acute provider, Bedford");
    check_error(unterminated,
                {"providers.csv:4:2: field 'provider_name': unterminated quoted field"});

    ScenarioFiles ragged;
    ragged.replace("flows.csv", "QMJ,RAL,RTX,40", "QMJ,RAL,RTX,40,1");
    check_error(ragged, {"flows.csv:5:5: record has 5 fields but the header has 4"});
}

TEST_CASE("a name with a line break loads and later line numbers stay right") {
    ScenarioFiles files;
    files.replace("icbs.csv", "Cambridgeshire and Peterborough",
                  "\"Cambridgeshire\nand Peterborough\"");
    files.replace("icbs.csv", "1762827", "-1762827");
    // QMJ's record starts on physical line 5, after QUE's two-line name.
    check_error(files, {"icbs.csv:5:4: field 'registered_population': '-1762827' is negative"});
}
