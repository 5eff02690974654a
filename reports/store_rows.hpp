#pragma once

// The results store's rows of one run: a single replication's tables (provider_month,
// income_by_source, icb_month, nhse_month, settlements), a Monte Carlo run's summaries
// (provider_summary, icb_summary, provider_fan), allocations, reconfigurations and flows. Each
// writes inside the caller's transaction; store.cpp's RunStore::insert_run calls them, and
// docs/store.md documents the tables.

#include "reports/store.hpp"

#include <cstdint>
#include <vector>

namespace SQLite {
class Database;
}

namespace specflow::reports {

void insert_tables(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                   const RunTables& t);

void insert_summary(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                    const SummarySink& summary);

void insert_allocations(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                        const std::vector<sim::YearAllocation>& years);

void insert_reconfigurations(SQLite::Database& db, std::int64_t run, const entities::Scenario& s,
                             const std::vector<ReconfigurationRow>& rows);

void insert_flows(SQLite::Database& db, std::int64_t run, const std::vector<sim::FlowPlan>& flows);

} // namespace specflow::reports
