#pragma once

// The results store's part for `specflow options` (schema version 6): each option of a set is
// a run of its own, and its figures (reports/options_table.hpp) are rows of options_summary
// with the set (the base option's run id) and the option's place in it. Used by store.cpp and
// the HTML report; docs/store.md documents the table.

#include <cstdint>

namespace SQLite {
class Database;
}

namespace specflow::reports {

struct OptionSummary;

extern const char* const k_schema_v6_options;

// Writes one option's figures, inside the caller's transaction.
void insert_option(SQLite::Database& db, std::int64_t run, std::int64_t set,
                   const OptionSummary& option);

} // namespace specflow::reports
