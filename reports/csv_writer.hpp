#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace specflow::reports {

// Builds RFC 4180 text: fields holding a comma, a quote or a line break are quoted, with
// quotes doubled; records end in CRLF as the RFC says.
class CsvWriter {
public:
    void row(std::initializer_list<std::string_view> fields);
    void row(const std::vector<std::string>& fields);
    [[nodiscard]] const std::string& text() const noexcept { return text_; }

private:
    std::string text_;
};

[[nodiscard]] std::string csv_field(std::string_view field);

} // namespace specflow::reports
