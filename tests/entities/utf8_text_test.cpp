// with_valid_utf8: what the outputs (CSV, a workbook's XML, HTML) write for a stored text.

#include "entities/utf8_text.hpp"

#include <doctest/doctest.h>
#include <string>

using specflow::entities::utf8_sequence_length;
using specflow::entities::with_valid_utf8;

namespace {
const std::string k_replacement = "\xEF\xBF\xBD"; // U+FFFD
}

TEST_CASE("with_valid_utf8 keeps valid text as it is") {
    for (const std::string text : {"", "The Christie NHS Foundation Trust", "£23bn", "Hôpital",
                                   "\xE2\x80\x94", "\xF0\x9F\x98\x80"}) {
        CHECK(with_valid_utf8(text) == text);
    }
}

TEST_CASE("with_valid_utf8 writes U+FFFD for each byte that starts no UTF-8 sequence") {
    // A stray byte, as an old store's name may hold (0xFF is never UTF-8).
    CHECK(with_valid_utf8("R\xFF") == "R" + k_replacement);
    // A lone continuation byte, an overlong '/' (0xC0 0xAF) and a surrogate (0xED 0xA0 0x80):
    // each byte of them starts nothing valid.
    CHECK(with_valid_utf8("a\x80"
                          "b") == "a" + k_replacement + "b");
    CHECK(with_valid_utf8("\xC0\xAF") == k_replacement + k_replacement);
    CHECK(with_valid_utf8("\xED\xA0\x80") == k_replacement + k_replacement + k_replacement);
    // A sequence cut short before the text ends, then a valid '£'.
    CHECK(with_valid_utf8("\xE2\x82\xC2\xA3") == k_replacement + k_replacement + "\xC2\xA3");
    // The result is always valid.
    const std::string mended = with_valid_utf8("x\xF5\xFE\xE0\x80y");
    for (std::size_t at = 0; at < mended.size();) {
        const auto length = utf8_sequence_length(mended, at);
        REQUIRE(length > 0);
        at += length;
    }
}

TEST_CASE("utf8_sequence_length: RFC 3629's lengths and refusals") {
    CHECK(utf8_sequence_length("a", 0) == 1);
    CHECK(utf8_sequence_length("\xC2\xA3", 0) == 2);
    CHECK(utf8_sequence_length("\xE2\x80\x94", 0) == 3);
    CHECK(utf8_sequence_length("\xF0\x9F\x98\x80", 0) == 4);
    CHECK(utf8_sequence_length("\xF4\x90\x80\x80", 0) == 0); // above U+10FFFF
    CHECK(utf8_sequence_length("\xE0\x80\x80", 0) == 0);     // overlong
    CHECK(utf8_sequence_length("\xE2\x80", 0) == 0);         // cut short
}
