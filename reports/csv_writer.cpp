#include "reports/csv_writer.hpp"

#include "entities/utf8_text.hpp"

namespace specflow::reports {

std::string csv_field(std::string_view text) {
    const std::string field = entities::with_valid_utf8(text);
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
        return field;
    }
    std::string quoted = "\"";
    for (const char c : field) {
        if (c == '"') {
            quoted += '"';
        }
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

namespace {
template <typename Fields>
void append_row(std::string& text, const Fields& fields) {
    bool first = true;
    for (const auto& field : fields) {
        if (!first) {
            text += ',';
        }
        text += csv_field(field);
        first = false;
    }
    text += "\r\n";
}
} // namespace

void CsvWriter::row(std::initializer_list<std::string_view> fields) {
    append_row(text_, fields);
}

void CsvWriter::row(const std::vector<std::string>& fields) {
    append_row(text_, fields);
}

} // namespace specflow::reports
