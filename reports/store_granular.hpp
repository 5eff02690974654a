#pragma once

// The results store's part for the granular view (schema version 7): each ICB's planned spend
// per service line and FY against its fair share (reports/granular.hpp), as rows of `granular`.
// Used by store.cpp; docs/store.md documents the table.

#include "reports/granular.hpp"

#include <cstdint>
#include <vector>

namespace SQLite {
class Database;
}

namespace specflow::reports {

extern const char* const k_schema_v7_granular;

// Writes a run's granular rows, inside the caller's transaction.
void insert_granular(SQLite::Database& db, std::int64_t run, const std::vector<GranularRow>& rows);

} // namespace specflow::reports
