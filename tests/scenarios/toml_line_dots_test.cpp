// The guard in front of the TOML parser: a line of too many dots outside strings and comments.
#include "scenario_files.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/toml_line_dots.hpp"

#include <doctest/doctest.h>
#include <string>

namespace {

using specflow::scenarios::ScenarioError;
using specflow::scenarios::detail::check_toml_line_dots;
using specflow::scenarios::detail::k_toml_line_dots_max;

// "a.a.a = 1" with `parts` parts.
std::string dotted_key(int parts) {
    std::string key = "a";
    for (int i = 1; i < parts; ++i) {
        key += ".a";
    }
    return key + " = 1\n";
}

std::string error_of(const std::string& text) {
    try {
        check_toml_line_dots(text, "scenario.toml");
    } catch (const ScenarioError& error) {
        return error.what();
    }
    return "(no error)";
}

} // namespace

TEST_CASE("a key of at most 257 parts passes, and one more is refused at its dot") {
    CHECK(error_of(dotted_key(k_toml_line_dots_max + 1)) == "(no error)");
    // The 257th dot is at column 2 × 257 = 514.
    CHECK(error_of("# a key too deep\n" + dotted_key(k_toml_line_dots_max + 2)) ==
          "scenario.toml:2:514: TOML syntax: more than 256 dots on one line outside strings; "
          "valid: keys of at most 257 dotted parts");
}

TEST_CASE("dots in strings and comments, and on other lines, do not count") {
    const std::string dots(1'000, '.');
    CHECK(error_of("title = \"" + dots + "\"\n") == "(no error)");
    CHECK(error_of("title = '" + dots + "'\n") == "(no error)");
    CHECK(error_of("title = \"\"\"\n" + dots + "\n\\\"\"\"" + dots + "\"\"\"\n") == "(no error)");
    CHECK(error_of("title = '''\n" + dots + "\n'''\n") == "(no error)");
    CHECK(error_of("x = 1 # " + dots + "\n") == "(no error)");
    CHECK(error_of("title = \"a\\\"" + dots + "\"\n") == "(no error)");
    std::string lines;
    for (int i = 0; i < 100; ++i) {
        lines += dotted_key(200);
    }
    CHECK(error_of(lines) == "(no error)");
    // After a multi-line string closes, dots count again.
    CHECK(error_of("t = '''\n'''" + dots + "\n").starts_with("scenario.toml:2:260:"));
}

// Regression: a dotted key of 100,000 parts (200 kB) overflowed the stack inside toml++.
TEST_CASE("the loader refuses a key too deep for the parser before parsing it") {
    specflow::scenarios::test::ScenarioFiles files;
    files.append("scenario.toml", dotted_key(100'000));
    specflow::scenarios::test::check_error(
        files, {"scenario.toml:23:514: TOML syntax: more than 256 dots on one line"});
}
