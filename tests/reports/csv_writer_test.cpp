#include "reports/csv_writer.hpp"

#include <doctest/doctest.h>

using specflow::reports::csv_field;
using specflow::reports::CsvWriter;

TEST_CASE("fields are quoted only when they must be") {
    CHECK(csv_field("Devon") == "Devon");
    CHECK(csv_field("Bedfordshire, Luton and Milton Keynes") ==
          "\"Bedfordshire, Luton and Milton Keynes\"");
    CHECK(csv_field("Guy's \"and\" St Thomas'") == "\"Guy's \"\"and\"\" St Thomas'\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("") == "");
}

TEST_CASE("rows end in CRLF and join fields with commas") {
    CsvWriter csv;
    csv.row({"a", "b,c", "1.00"});
    csv.row({"", "x"});
    CHECK(csv.text() == "a,\"b,c\",1.00\r\n,x\r\n");
}
