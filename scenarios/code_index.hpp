#pragma once

#include "scenarios/table.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// The codes of one table, to find rows by code and to report duplicates with both lines.
class CodeIndex {
public:
    CodeIndex() = default;
    // `noun` names a row in messages ("ICB"), `column` the code's column ("icb_code").
    CodeIndex(std::string_view noun, std::string_view column, const std::filesystem::path& file)
        : noun_(noun), column_(column), file_name_(file.filename().string()) {}

    // Adds the code in `cell` with the next index; a code already present is an error.
    void add(const Cell& cell);

    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view code) const;
    // The index of the code in `cell`, which must be one of this table's.
    [[nodiscard]] std::uint32_t require(const Cell& cell) const;
    [[nodiscard]] std::size_t size() const noexcept { return codes_.size(); }
    // The code at `index`, which must be below size().
    [[nodiscard]] const std::string& code(std::size_t index) const { return codes_.at(index); }

    // "unknown ICB code \"X\"; valid: a code from ...", for a code that find() does not know.
    [[nodiscard]] std::string unknown_code(std::string_view code) const;

    // "a code from icbs.csv's icb_code column (QHG, QUE, ...)", for messages.
    [[nodiscard]] std::string valid_codes() const;

private:
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept {
            return std::hash<std::string_view>{}(text);
        }
    };
    struct Entry {
        std::uint32_t index;
        std::size_t line;
    };

    std::string noun_;
    std::string column_;
    std::string file_name_;
    std::unordered_map<std::string, Entry, StringHash, std::equal_to<>> entries_;
    std::vector<std::string> codes_; // in file order, for messages
};

// The rows of a table with a code column, and their codes: codes.code(i) is rows[i]'s code.
template <typename Item>
struct CodedRows {
    std::vector<Item> rows;
    CodeIndex codes;

    // The index of the next row, for its id.
    [[nodiscard]] std::uint32_t next_index() const noexcept {
        return static_cast<std::uint32_t>(rows.size());
    }
};

} // namespace specflow::scenarios::detail
