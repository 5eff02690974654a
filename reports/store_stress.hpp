#pragma once

// The results store's part for `specflow stress` (schema version 5): a provider's exposure by
// commissioner and contract kind, the distribution of its forecast outturn and the tornado.
// Used by store.cpp only; docs/store.md documents the tables.

#include "entities/scenario.hpp"

#include <cstdint>

namespace SQLite {
class Database;
}

namespace specflow::reports {

struct StressResults;

// Version 5: what kind of run made a run (and a stress run's provider), and the stress tables.
extern const char* const k_schema_v5_stress;

// Writes a stress run's exposure, forecast summary and tornado rows, inside the caller's
// transaction.
void insert_stress(SQLite::Database& db, std::int64_t run, const entities::Scenario& scenario,
                   const StressResults& stress);

} // namespace specflow::reports
