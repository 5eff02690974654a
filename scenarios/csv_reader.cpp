#include "scenarios/csv_reader.hpp"

#include "scenarios/scenario_error.hpp"
#include "scenarios/utf8_check.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace specflow::scenarios {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

// Walks the text one record at a time, counting physical lines. Errors give the line (where the
// record starts, or where the offending quote is) and the 1-based number of the field, which is
// how the loader reports positions in CSV files too.
class CsvParser {
public:
    CsvParser(std::string_view text, const std::filesystem::path& path) : text_(text), path_(path) {
        if (text_.starts_with(k_utf8_bom)) {
            text_.remove_prefix(k_utf8_bom.size());
        }
    }

    // Once the header is read, errors in records can name the column as well as its number.
    void set_header(const std::vector<std::string>& header) noexcept { header_ = &header; }

    [[nodiscard]] bool at_end() const noexcept { return pos_ >= text_.size(); }

    // Skips empty lines: editors often leave one at the end of a file, and none of the tables
    // has a single column, where an empty line could be a record holding one empty field.
    void skip_empty_lines() {
        while (!at_end() && consume_line_end()) {
        }
    }

    [[nodiscard]] CsvRecord next_record() {
        CsvRecord record;
        record.line = line_;
        for (;;) {
            const std::size_t field_number = record.fields.size() + 1;
            const bool quoted = !at_end() && text_[pos_] == '"';
            record.fields.push_back(quoted ? read_quoted(field_number)
                                           : read_unquoted(record.line, field_number));
            if (const auto problem = detail::text_problem(record.fields.back())) {
                fail(record.line, field_number,
                     *problem + "; valid: text in UTF-8 without NUL bytes (save the file as "
                                "UTF-8)");
            }
            if (at_end()) {
                return record;
            }
            if (text_[pos_] == ',') {
                pos_ += 1;
                continue;
            }
            if (consume_line_end()) {
                return record;
            }
            fail(line_, field_number,
                 "text after the closing quote; valid: a quoted field ends at a comma or a line "
                 "end, and a quote inside it is written twice (\"\")");
        }
    }

private:
    bool consume_line_end() {
        if (text_[pos_] == '\n') {
            pos_ += 1;
        } else if (text_.substr(pos_).starts_with("\r\n")) {
            pos_ += 2;
        } else {
            return false;
        }
        line_ += 1;
        return true;
    }

    std::string read_unquoted(std::size_t record_line, std::size_t field_number) {
        const std::size_t start = pos_;
        while (!at_end()) {
            const char c = text_[pos_];
            if (c == ',' || c == '\n' || text_.substr(pos_).starts_with("\r\n")) {
                break;
            }
            if (c == '"') {
                fail(record_line, field_number,
                     "a quote inside an unquoted field; valid: quote the whole field and write "
                     "the quote twice (\"\")");
            }
            if (c == '\r') {
                fail(record_line, field_number,
                     "a carriage return without a line feed; valid: LF or CRLF line ends");
            }
            pos_ += 1;
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    // An unterminated quote is reported on the line where it opens, which is where to look.
    std::string read_quoted(std::size_t field_number) {
        const std::size_t open_line = line_;
        pos_ += 1; // the opening quote
        std::string field;
        for (;;) {
            const std::size_t quote = text_.find('"', pos_);
            if (quote == std::string_view::npos) {
                fail(open_line, field_number,
                     "unterminated quoted field (the file ends inside it); valid: a closing \"");
            }
            const std::string_view chunk = text_.substr(pos_, quote - pos_);
            line_ += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
            field += chunk;
            pos_ = quote + 1;
            if (pos_ < text_.size() && text_[pos_] == '"') {
                field += '"';
                pos_ += 1;
            } else {
                return field;
            }
        }
    }

    [[noreturn]] void fail(std::size_t line, std::size_t field_number,
                           const std::string& problem) const {
        std::string field;
        if (header_ != nullptr && field_number <= header_->size()) {
            field = (*header_)[field_number - 1];
        }
        throw ScenarioError(
            {.file = path_, .line = line, .column = field_number, .field = std::move(field)},
            problem);
    }

    std::string_view text_;
    const std::filesystem::path& path_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    const std::vector<std::string>* header_ = nullptr;
};

void check_header(const CsvTable& table) {
    for (std::size_t i = 0; i < table.header.size(); ++i) {
        const auto first = std::find(table.header.begin(), table.header.end(), table.header[i]);
        const auto first_index = static_cast<std::size_t>(first - table.header.begin());
        if (first_index != i) {
            throw ScenarioError(
                {.file = table.path, .line = 1, .column = i + 1, .field = table.header[i]},
                "column named twice in the header (first as column " +
                    std::to_string(first_index + 1) + "); valid: each column once");
        }
    }
}

void check_width(const CsvTable& table, const CsvRecord& record) {
    const std::size_t expected = table.header.size();
    const std::size_t actual = record.fields.size();
    if (actual == expected) {
        return;
    }
    const std::string problem = "record has " + std::to_string(actual) +
                                " fields but the header has " + std::to_string(expected) +
                                "; valid: " + std::to_string(expected) +
                                " fields (quote fields that contain commas)";
    if (actual < expected) {
        throw ScenarioError({.file = table.path,
                             .line = record.line,
                             .column = actual + 1,
                             .field = table.header[actual]},
                            problem);
    }
    throw ScenarioError(
        {.file = table.path, .line = record.line, .column = expected + 1, .field = {}}, problem);
}

} // namespace

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(it - header.begin());
}

CsvTable parse_csv(std::string_view text, const std::filesystem::path& path,
                   std::string_view columns) {
    CsvTable table;
    table.path = path;
    CsvParser parser(text, path);
    parser.skip_empty_lines();
    if (parser.at_end()) {
        throw ScenarioError({.file = path, .line = 1, .column = 0, .field = {}},
                            columns.empty()
                                ? std::string("the file is empty; valid: a header line naming "
                                              "the columns")
                                : "the file is empty; valid: a header line naming the "
                                  "columns " +
                                      std::string(columns));
    }
    table.header = parser.next_record().fields;
    check_header(table);
    parser.set_header(table.header);
    for (parser.skip_empty_lines(); !parser.at_end(); parser.skip_empty_lines()) {
        table.records.push_back(parser.next_record());
        check_width(table, table.records.back());
    }
    return table;
}

CsvTable read_csv(const std::filesystem::path& path, std::string_view columns) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ScenarioError({.file = path, .line = 0, .column = 0, .field = {}},
                            std::string("cannot open the file: ") + std::strerror(errno));
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    if (in.bad()) {
        throw ScenarioError({.file = path, .line = 0, .column = 0, .field = {}},
                            "cannot read the file");
    }
    return parse_csv(contents.view(), path, columns);
}

} // namespace specflow::scenarios
