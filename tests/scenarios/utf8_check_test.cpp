// Text a scenario may hold: UTF-8 without NUL bytes (scenarios/utf8_check.hpp).

#include "scenarios/utf8_check.hpp"

#include <doctest/doctest.h>
#include <string>

using specflow::scenarios::detail::text_problem;

TEST_CASE("UTF-8 text passes, from one byte to four a character") {
    CHECK_FALSE(text_problem(""));
    CHECK_FALSE(text_problem("Royal Free London"));
    CHECK_FALSE(text_problem("Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8F\xA5")); // é, €, a hospital
}

TEST_CASE("a byte that is not UTF-8 is named with its character") {
    CHECK(text_problem("Royal \xFF Free") == "a byte that is not UTF-8 (0xFF) at character 7");
    CHECK(text_problem("Caf\xE9") == "a byte that is not UTF-8 (0xE9) at character 4");  // Latin-1
    CHECK(text_problem("\xC0\xAF") == "a byte that is not UTF-8 (0xC0) at character 1"); // overlong
    CHECK(text_problem("\xED\xA0\x80") ==
          "a byte that is not UTF-8 (0xED) at character 1"); // a surrogate
    CHECK(text_problem("\xF4\x90\x80\x80") == "a byte that is not UTF-8 (0xF4) at character 1");
    CHECK(text_problem("\xE2\x82") ==
          "a byte that is not UTF-8 (0xE2) at character 1"); // cut short
    // Characters, not bytes, are counted: é is one.
    CHECK(text_problem("\xC3\xA9\xFF") == "a byte that is not UTF-8 (0xFF) at character 2");
}

TEST_CASE("a NUL byte is refused") {
    CHECK(text_problem(std::string("East\0West", 9)) == "a NUL byte at character 5");
}
