#pragma once

#include "scenarios/csv_reader.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Internal to scenarios/: CSV tables read by column name, whose cells know where they came from.
namespace specflow::scenarios::detail {

// One field of a CSV record with its position, so that any value can report where it came from.
class Cell {
public:
    Cell(const std::filesystem::path& path, std::size_t line, std::size_t position,
         std::string_view column, std::string_view text)
        : path_(&path), line_(line), position_(position), column_(column), text_(text) {}

    [[nodiscard]] std::string_view text() const noexcept { return text_; }
    [[nodiscard]] std::size_t line() const noexcept { return line_; }

    // Throws a ScenarioError naming the file, line, column and field.
    [[noreturn]] void fail(const std::string& problem) const;

private:
    const std::filesystem::path* path_;
    std::size_t line_;
    std::size_t position_; // 0-based index of the field in the record
    std::string_view column_;
    std::string_view text_;
};

// A CSV table whose header holds every required column the format defines and any of its
// optional ones, in any order; any other column is an error.
class Table {
public:
    // The column lists must outlive the table (they are constants of the format).
    Table(CsvTable csv, std::span<const std::string_view> columns,
          std::span<const std::string_view> optional_columns = {});
    // The table in `file`; an empty file is refused naming the columns it should have.
    Table(const std::filesystem::path& file, std::span<const std::string_view> columns,
          std::span<const std::string_view> optional_columns = {});

    // "(in any order): a,b, and optionally c"
    [[nodiscard]] static std::string columns_text(std::span<const std::string_view> columns,
                                                  std::span<const std::string_view> optional);

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return csv_.path; }
    [[nodiscard]] const std::vector<CsvRecord>& records() const noexcept { return csv_.records; }

    // The cell of a required column, or of an optional column the header has.
    [[nodiscard]] Cell cell(const CsvRecord& record, std::string_view column) const;
    // The cell of an optional column; nullopt when the header does not have the column.
    [[nodiscard]] std::optional<Cell> optional_cell(const CsvRecord& record,
                                                    std::string_view column) const;

    // A table with no records, where the scenario cannot work without one.
    void require_records(std::string_view what) const;

private:
    void check_header();
    [[nodiscard]] std::string valid_columns() const;

    CsvTable csv_;
    std::span<const std::string_view> columns_;
    std::span<const std::string_view> optional_columns_;
    std::vector<std::size_t> positions_; // positions_[i]: where columns_[i] is in the file
    // optional_positions_[i]: where optional_columns_[i] is in the file, if it is there
    std::vector<std::optional<std::size_t>> optional_positions_;
};

// One record of a Table, read by column name.
class Row {
public:
    Row(const Table& table, const CsvRecord& record) : table_(&table), record_(&record) {}

    [[nodiscard]] Cell operator[](std::string_view column) const {
        return table_->cell(*record_, column);
    }
    // An optional column's cell; nullopt when the table does not have the column.
    [[nodiscard]] std::optional<Cell> optional(std::string_view column) const {
        return table_->optional_cell(*record_, column);
    }
    [[nodiscard]] std::size_t line() const noexcept { return record_->line; }

private:
    const Table* table_;
    const CsvRecord* record_;
};

} // namespace specflow::scenarios::detail
