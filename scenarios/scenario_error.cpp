#include "scenarios/scenario_error.hpp"

#include <utility>

namespace specflow::scenarios {

namespace {

// Messages quote user input, which may hold line breaks (a quoted CSV field can); escaping them
// keeps what() to one line, so that the message stays one record in a log and one line in a
// terminal.
std::string one_line(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else {
            out += c;
        }
    }
    return out;
}

std::string format_message(const ScenarioError::Where& where, const std::string& problem) {
    std::string message;
    if (!where.file.empty()) {
        message += where.file.string();
        if (where.line != 0) {
            message += ':' + std::to_string(where.line);
            if (where.column != 0) {
                message += ':' + std::to_string(where.column);
            }
        }
        message += ": ";
    }
    if (!where.field.empty()) {
        message += "field '" + where.field + "': ";
    }
    message += problem;
    return one_line(message);
}

} // namespace

ScenarioError::ScenarioError(Where where, const std::string& problem)
    : std::runtime_error(format_message(where, problem)), where_(std::move(where)) {}

} // namespace specflow::scenarios
