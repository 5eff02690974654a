#include "reports/csv_writer.hpp"

namespace specflow::reports {

std::string csv_field(std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(field);
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

void CsvWriter::row(std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (const auto field : fields) {
        if (!first) {
            text_ += ',';
        }
        text_ += csv_field(field);
        first = false;
    }
    text_ += "\r\n";
}

} // namespace specflow::reports
