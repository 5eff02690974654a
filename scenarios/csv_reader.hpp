#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace specflow::scenarios {

// One record of a CSV file with the line it starts on (1-based; the header is line 1).
struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

// An RFC 4180 table: a header and records. Quoted fields may hold commas, doubled quotes and
// line breaks; CRLF and LF line ends are both accepted; a UTF-8 byte-order mark is skipped.
struct CsvTable {
    std::filesystem::path path;
    std::vector<std::string> header;
    std::vector<CsvRecord> records;

    // Index of a header column, if present.
    [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
};

// Parses CSV text; throws ScenarioError (naming `path`, line and column) on malformed input:
// an unterminated quote, text after a closing quote, or a record whose field count differs
// from the header's.
// An empty file is refused too, naming `columns` (what the header should hold, "(in any order):
// a,b", when the caller knows it) as what is valid.
[[nodiscard]] CsvTable parse_csv(std::string_view text, const std::filesystem::path& path,
                                 std::string_view columns = {});

// Reads and parses a file; a missing or unreadable file is a ScenarioError.
[[nodiscard]] CsvTable read_csv(const std::filesystem::path& path, std::string_view columns = {});

} // namespace specflow::scenarios
