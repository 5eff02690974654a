#pragma once

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace specflow::scenarios {

// Bad scenario input. what() is one line: "FILE:LINE:COLUMN: field 'F': problem; valid: ..."
// (line and column are left out when they are unknown, i.e. zero).
class ScenarioError : public std::runtime_error {
public:
    struct Where {
        std::filesystem::path file;
        std::size_t line = 0;
        std::size_t column = 0;
        std::string field;
    };

    ScenarioError(Where where, const std::string& problem);

    [[nodiscard]] const Where& where() const noexcept { return where_; }

private:
    Where where_;
};

} // namespace specflow::scenarios
