#include "scenarios/toml_line_dots.hpp"

#include "scenarios/scenario_error.hpp"

#include <cstddef>
#include <string>

namespace specflow::scenarios::detail {

namespace {

enum class Where { code, comment, basic, literal, multiline_basic, multiline_literal };

bool starts(std::string_view text, std::size_t at, std::string_view with) {
    return text.substr(at, with.size()) == with;
}

} // namespace

void check_toml_line_dots(std::string_view text, const std::filesystem::path& file) {
    Where where = Where::code;
    std::size_t line = 1;
    std::size_t line_start = 0;
    int dots = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            line_start = i + 1;
            dots = 0;
            // A newline ends a comment, and a one-line string (which TOML refuses anyway).
            if (where != Where::multiline_basic && where != Where::multiline_literal) {
                where = Where::code;
            }
            continue;
        }
        switch (where) {
        case Where::code:
            if (c == '#') {
                where = Where::comment;
            } else if (starts(text, i, R"(""")")) {
                where = Where::multiline_basic;
                i += 2;
            } else if (starts(text, i, "'''")) {
                where = Where::multiline_literal;
                i += 2;
            } else if (c == '"') {
                where = Where::basic;
            } else if (c == '\'') {
                where = Where::literal;
            } else if (c == '.' && ++dots > k_toml_line_dots_max) {
                throw ScenarioError(
                    {.file = file, .line = line, .column = i - line_start + 1, .field = {}},
                    "TOML syntax: more than " + std::to_string(k_toml_line_dots_max) +
                        " dots on one line outside strings; valid: keys of at most " +
                        std::to_string(k_toml_line_dots_max + 1) + " dotted parts");
            }
            break;
        case Where::comment:
            break;
        case Where::basic:
        case Where::multiline_basic:
            if (c == '\\') {
                ++i; // an escaped character, a quote included
            } else if (where == Where::basic ? c == '"' : starts(text, i, R"(""")")) {
                i += where == Where::basic ? 0 : 2;
                where = Where::code;
            }
            break;
        case Where::literal:
        case Where::multiline_literal:
            if (where == Where::literal ? c == '\'' : starts(text, i, "'''")) {
                i += where == Where::literal ? 0 : 2;
                where = Where::code;
            }
            break;
        }
    }
}

} // namespace specflow::scenarios::detail
