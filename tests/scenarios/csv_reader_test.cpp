#include "scenarios/csv_reader.hpp"
#include "scenarios/scenario_error.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using specflow::scenarios::CsvTable;
using specflow::scenarios::parse_csv;
using specflow::scenarios::read_csv;
using specflow::scenarios::ScenarioError;

const fs::path k_path = "table.csv";

// The message of the ScenarioError that parsing `text` throws; empty when nothing is thrown.
std::string parse_error(std::string_view text) {
    try {
        (void)parse_csv(text, k_path);
    } catch (const ScenarioError& error) {
        return error.what();
    }
    return {};
}

std::vector<std::string> strings(std::initializer_list<const char*> items) {
    return {items.begin(), items.end()};
}

} // namespace

TEST_CASE("a plain table gives its header and records with their lines") {
    const CsvTable table = parse_csv("code,name\nY61,East of England\nY56,London\n", k_path);
    CHECK(table.path == k_path);
    CHECK(table.header == strings({"code", "name"}));
    REQUIRE(table.records.size() == 2);
    CHECK(table.records[0].line == 2);
    CHECK(table.records[0].fields == strings({"Y61", "East of England"}));
    CHECK(table.records[1].line == 3);
    CHECK(table.records[1].fields == strings({"Y56", "London"}));
    CHECK(table.column("name") == 1);
    CHECK_FALSE(table.column("nome").has_value());
}

TEST_CASE("quoted fields hold commas and doubled quotes") {
    const CsvTable table = parse_csv(
        "code,name\nQHG,\"Bedfordshire, Luton and Milton Keynes\"\nRJ1,\"Guy's \"\"and\"\" St "
        "Thomas'\"\nX,\"\"\n",
        k_path);
    REQUIRE(table.records.size() == 3);
    CHECK(table.records[0].fields[1] == "Bedfordshire, Luton and Milton Keynes");
    CHECK(table.records[1].fields[1] == "Guy's \"and\" St Thomas'");
    CHECK(table.records[2].fields[1].empty());
}

TEST_CASE("a line break inside quotes stays in the field and later lines are still counted") {
    const CsvTable table =
        parse_csv("code,name\nA,\"two\nlines\"\nB,\"three\r\nphysical\nlines\"\nC,plain\n", k_path);
    REQUIRE(table.records.size() == 3);
    CHECK(table.records[0].line == 2);
    CHECK(table.records[0].fields[1] == "two\nlines");
    CHECK(table.records[1].line == 4);
    CHECK(table.records[1].fields[1] == "three\r\nphysical\nlines");
    CHECK(table.records[2].line == 7);
    CHECK(table.records[2].fields == strings({"C", "plain"}));
}

TEST_CASE("CRLF line ends, a byte-order mark and a missing final line end are accepted") {
    const CsvTable table = parse_csv("\xEF\xBB\xBF"
                                     "code,name\r\nA,x\r\nB,\"y\"",
                                     k_path);
    CHECK(table.header == strings({"code", "name"}));
    REQUIRE(table.records.size() == 2);
    CHECK(table.records[0].fields == strings({"A", "x"}));
    CHECK(table.records[1].fields == strings({"B", "y"}));
    CHECK(table.records[1].line == 3);
}

TEST_CASE("empty fields are kept and empty lines are skipped without losing the count") {
    const CsvTable table = parse_csv("a,b,c\n,,\n\n1,,3\n\r\n\n", k_path);
    REQUIRE(table.records.size() == 2);
    CHECK(table.records[0].fields == strings({"", "", ""}));
    CHECK(table.records[1].line == 4);
    CHECK(table.records[1].fields == strings({"1", "", "3"}));
}

TEST_CASE("an unterminated quote is an error at the line where the quote opens") {
    const std::string message = parse_error("code,name\nA,x\nB,\"never closed\nC,y\n");
    CHECK(message.starts_with("table.csv:3:2: field 'name': "));
    CHECK(message.find("unterminated") != std::string::npos);
}

TEST_CASE("a record with the wrong number of fields is an error naming its line") {
    const std::string too_few = parse_error("code,name,region\nA,x,Y61\nB,y\n");
    CHECK(too_few.starts_with("table.csv:3:3: field 'region': "));
    CHECK(too_few.find("2 fields but the header has 3") != std::string::npos);

    // "12,5" unquoted is two fields: the usual way a decimal comma shows up.
    const std::string too_many = parse_error("code,pounds\nA,12,5\n");
    CHECK(too_many.starts_with("table.csv:2:3: "));
    CHECK(too_many.find("3 fields but the header has 2") != std::string::npos);

    // The line is where the record starts, even after an earlier multi-line field.
    const std::string after_break = parse_error("code,name\nA,\"x\ny\"\nB\n");
    CHECK(after_break.starts_with("table.csv:4:2: field 'name': "));
}

TEST_CASE("stray quotes and carriage returns are errors") {
    CHECK(parse_error("a,b\n\"x\"y,1\n")
              .starts_with("table.csv:2:1: field 'a': text after the closing quote"));
    CHECK(parse_error("a,b\nx\"y,1\n")
              .starts_with("table.csv:2:1: field 'a': a quote inside an unquoted"));
    CHECK(
        parse_error("a,b\nx,1\ry,2\n").starts_with("table.csv:2:2: field 'b': a carriage return"));
}

TEST_CASE("the header must name each column once and the file must not be empty") {
    CHECK(
        parse_error("a,b,a\n1,2,3\n").starts_with("table.csv:1:3: field 'a': column named twice"));
    CHECK(parse_error("").starts_with("table.csv:1: the file is empty"));
    CHECK(parse_error("\xEF\xBB\xBF\n\n").starts_with("table.csv:1: the file is empty"));
    // A header alone is a table with no records.
    CHECK(parse_csv("a,b\n", k_path).records.empty());
}

TEST_CASE("an error message is one line even when it quotes a line break") {
    const ScenarioError error({.file = "icbs.csv", .line = 3, .column = 2, .field = "icb_name"},
                              "'two\nlines\r' is odd; valid: one line");
    CHECK(std::string(error.what()) ==
          "icbs.csv:3:2: field 'icb_name': 'two\\nlines\\r' is odd; valid: one line");
    CHECK(error.where().line == 3);
    CHECK(error.where().field == "icb_name");
    // Unknown positions and fields are left out rather than printed as zero.
    CHECK(std::string(ScenarioError({.file = "x.toml", .line = 0, .column = 0, .field = {}}, "bad")
                          .what()) == "x.toml: bad");
    CHECK(std::string(ScenarioError({.file = "x.csv", .line = 4, .column = 0, .field = "f"}, "bad")
                          .what()) == "x.csv:4: field 'f': bad");
}

TEST_CASE("read_csv reads a file and names a missing one") {
    const fs::path directory =
        fs::temp_directory_path() / ("specflow-csv-test-" + std::to_string(::getpid()));
    fs::create_directories(directory);
    const fs::path path = directory / "regions.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "region_code,region_name\r\nY61,East of England\r\n";
    }
    const CsvTable table = read_csv(path);
    CHECK(table.path == path);
    REQUIRE(table.records.size() == 1);
    CHECK(table.records[0].fields == strings({"Y61", "East of England"}));

    const fs::path missing = directory / "missing.csv";
    try {
        (void)read_csv(missing);
        FAIL("read_csv of a missing file did not throw");
    } catch (const ScenarioError& error) {
        CHECK(std::string(error.what()).starts_with(missing.string() + ": cannot open"));
        CHECK(error.where().file == missing);
        CHECK(error.where().line == 0);
    }
    fs::remove_all(directory);
}
