#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace specflow::reports {

// What a stored column holds, so that exports can show it in the right unit: the one place that
// knows which columns of the results store are money (docs/store.md).
enum class ColumnKind {
    text,
    integer,  // an id, a count, a month, a flag: written as stored
    number,   // a real number that is not money (planned cases)
    pence,    // money in pence (integer, or real where it is an estimate over replications)
    pounds,   // money already in pounds, a real number (the Monte Carlo summaries' estimates)
    fraction, // a share or a probability, 0 to 1
    percent,  // a percentage, already multiplied by 100 (allocations' DfT and growth)
    measured, // the row's `measure` says: options_summary's value
};

// The kind of `column` of `table` (`runs` or one of RunStore::tables()); text when the column is
// not a number.
[[nodiscard]] ColumnKind column_kind(std::string_view table, std::string_view column);

// The kind of one cell: column_kind, with a `measured` column resolved by the row's `measure`
// (options_summary: `probability_overspend_above` is a fraction, every other measure pence).
[[nodiscard]] ColumnKind cell_kind(std::string_view table, const std::vector<std::string>& header,
                                   const std::vector<std::string>& row, std::size_t column);

// How exports write money: pounds with two decimals as `specflow run`'s CSV files do, or the
// store's pence as whole numbers.
enum class MoneyUnit { pounds, pence };

// A money cell's stored text (pence or pounds as `kind` says) as whole pence, rounded to the
// nearest penny where the store holds an estimate; nullopt for an empty (NULL) cell.
[[nodiscard]] std::optional<std::int64_t> stored_pence(ColumnKind kind, const std::string& text);

// A table's rows as the store gives them (first row: column names) with every money cell in
// `unit`: `1234.56` in pounds, `123456` in pence. Other cells are left as stored.
[[nodiscard]] std::vector<std::vector<std::string>>
rows_in_unit(std::string_view table, std::vector<std::vector<std::string>> rows, MoneyUnit unit);

} // namespace specflow::reports
