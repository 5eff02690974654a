#include "scenarios/table.hpp"

#include "scenarios/scenario_error.hpp"
#include "scenarios/text.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>

namespace specflow::scenarios::detail {

void Cell::fail(const std::string& problem) const {
    throw ScenarioError(
        {.file = *path_, .line = line_, .column = position_ + 1, .field = std::string(column_)},
        problem);
}

Table::Table(CsvTable csv, std::span<const std::string_view> columns,
             std::span<const std::string_view> optional_columns)
    : csv_(std::move(csv)), columns_(columns), optional_columns_(optional_columns) {
    check_header();
    if (csv_.records.size() > std::numeric_limits<std::uint32_t>::max()) {
        throw ScenarioError({.file = csv_.path, .line = 0, .column = 0, .field = {}},
                            "too many records; valid: fewer than 2^32");
    }
}

Table::Table(const std::filesystem::path& file, std::span<const std::string_view> columns,
             std::span<const std::string_view> optional_columns)
    : Table(read_csv(file, columns_text(columns, optional_columns)), columns, optional_columns) {}

Cell Table::cell(const CsvRecord& record, std::string_view column) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (columns_[i] == column) {
            return {csv_.path, record.line, positions_[i], columns_[i],
                    record.fields[positions_[i]]};
        }
    }
    if (auto optional = optional_cell(record, column)) {
        return *optional;
    }
    throw std::logic_error("Table::cell: column '" + std::string(column) +
                           "' is not one of the table's columns");
}

std::optional<Cell> Table::optional_cell(const CsvRecord& record, std::string_view column) const {
    for (std::size_t i = 0; i < optional_columns_.size(); ++i) {
        if (optional_columns_[i] != column) {
            continue;
        }
        const auto position = optional_positions_[i];
        if (!position) {
            return std::nullopt;
        }
        return Cell(csv_.path, record.line, *position, optional_columns_[i],
                    record.fields[*position]);
    }
    throw std::logic_error("Table::optional_cell: column '" + std::string(column) +
                           "' is not one of the table's optional columns");
}

void Table::require_records(std::string_view what) const {
    if (csv_.records.empty()) {
        throw ScenarioError({.file = csv_.path, .line = 1, .column = 0, .field = {}},
                            "the table has no records; valid: at least one " + std::string(what));
    }
}

void Table::check_header() {
    const auto listed = [](std::span<const std::string_view> list, std::string_view column) {
        return std::find(list.begin(), list.end(), column) != list.end();
    };
    for (std::size_t i = 0; i < csv_.header.size(); ++i) {
        const std::string& column = csv_.header[i];
        if (!listed(columns_, column) && !listed(optional_columns_, column)) {
            throw ScenarioError({.file = csv_.path, .line = 1, .column = i + 1, .field = column},
                                "unknown column; " + valid_columns());
        }
    }
    for (const auto column : columns_) {
        const auto position = csv_.column(column);
        if (!position) {
            throw ScenarioError(
                {.file = csv_.path, .line = 1, .column = 0, .field = std::string(column)},
                "missing column in the header; " + valid_columns());
        }
        positions_.push_back(*position);
    }
    for (const auto column : optional_columns_) {
        optional_positions_.push_back(csv_.column(column));
    }
}

std::string Table::columns_text(std::span<const std::string_view> columns,
                                std::span<const std::string_view> optional) {
    std::string text = "(in any order): " + join(columns, ",");
    if (!optional.empty()) {
        text += ", and optionally " + join(optional, ",");
    }
    return text;
}

std::string Table::valid_columns() const {
    return "valid columns " + columns_text(columns_, optional_columns_);
}

} // namespace specflow::scenarios::detail
