#include "scenarios/toml_syntax_error.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace specflow::scenarios::detail {

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t at = 0; at <= text.size(); ++at) {
        if (at == text.size() || text[at] == '\n') {
            lines.push_back(text.substr(start, at - start));
            start = at + 1;
        }
    }
    return lines;
}

std::string_view trimmed(std::string_view line) {
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())) != 0) {
        line.remove_prefix(1);
    }
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())) != 0) {
        line.remove_suffix(1);
    }
    return line;
}

// "seed" from `seed = 7`; empty when the line is not a key-value pair.
std::string key_on(std::string_view line) {
    line = trimmed(line);
    const auto equals = line.find('=');
    if (line.empty() || line.front() == '[' || line.front() == '#' ||
        equals == std::string_view::npos) {
        return {};
    }
    const auto key = trimmed(line.substr(0, equals));
    for (const char c : key) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '-' && c != '.') {
            return {};
        }
    }
    return std::string(key);
}

// The table a line is in: the nearest `[name]` or `[[name]]` above it.
std::string section_of(const std::vector<std::string_view>& lines, std::size_t line_index) {
    for (std::size_t i = line_index; i-- > 0;) {
        const auto line = trimmed(lines[i]);
        if (line.starts_with('[')) {
            const auto open = line.find_first_not_of('[');
            const auto close = line.find(']');
            if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
                return std::string(trimmed(line.substr(open, close - open)));
            }
        }
    }
    return {};
}

bool mentions(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// What would be valid, by the kind of mistake toml++ describes.
std::string valid_for(std::string_view description, bool open_string) {
    if (open_string) {
        return "a string closed by the quote it opens with on the same line, or \"\"\" … \"\"\" "
               "for text over several lines";
    }
    if (mentions(description, "utf-8") || mentions(description, "UTF-8")) {
        return "a file saved as UTF-8";
    }
    if (mentions(description, "redefine")) {
        return "each key once in its table";
    }
    if (mentions(description, "expected value") || mentions(description, "expected a value")) {
        return "a value after '=': text in quotes, a number, true or false, or [ a list ]";
    }
    return "TOML 1.0 (toml.io): key = value lines under [section] headers";
}

} // namespace

ScenarioError toml_syntax_error(std::string_view text, const std::filesystem::path& file,
                                const toml::parse_error& error) {
    const std::string_view description = error.description();
    std::size_t line = error.source().begin.line;
    std::size_t column = error.source().begin.column;
    const auto lines = lines_of(text);
    const bool in_string = mentions(description, "string");
    const bool at_end = mentions(description, "end-of-file");
    const bool open_string = in_string && (at_end || mentions(description, "control characters"));
    if (in_string && at_end) {
        // A multi-line string runs to the end of the file: its opening quotes are the last
        // triple quotes, which is where to look.
        const auto basic = text.rfind("\"\"\"");
        const auto literal = text.rfind("'''");
        const auto opening = basic == std::string_view::npos     ? literal
                             : literal == std::string_view::npos ? basic
                                                                 : std::max(basic, literal);
        if (opening != std::string_view::npos) {
            const auto before = text.substr(0, opening);
            line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
            const auto line_start = before.rfind('\n');
            column = opening - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
        }
    }
    std::string field;
    if (line >= 1 && line <= lines.size()) {
        if (const auto key = key_on(lines[line - 1]); !key.empty()) {
            const auto section = section_of(lines, line - 1);
            field = section.empty() ? key : section + "." + key;
        }
    }
    std::string problem =
        open_string ? "TOML syntax: a string that is not closed (" + std::string(description) + ")"
                    : "TOML syntax: " + std::string(description);
    return ScenarioError({.file = file, .line = line, .column = column, .field = field},
                         problem + "; valid: " + valid_for(description, open_string));
}

} // namespace specflow::scenarios::detail
