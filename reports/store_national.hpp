#pragma once

// The results store's part for England's Monte Carlo measures (schema version 8): the central
// HCDD budget's and NHS England direct commissioning's variance and what providers were paid by
// route, per FY, as rows of `national_summary` (reports/monte_carlo_summary.hpp). Used by
// store.cpp; docs/store.md documents the table.

#include "reports/monte_carlo_summary.hpp"

#include <cstdint>

namespace SQLite {
class Database;
}

namespace specflow::reports {

extern const char* const k_schema_v8_national;

// Writes a Monte Carlo run's England measures, inside the caller's transaction.
void insert_national_summary(SQLite::Database& db, std::int64_t run, const SummarySink& summary);

} // namespace specflow::reports
