#pragma once

#include "entities/scenario.hpp"
#include "reports/run_tables.hpp"

#include <filesystem>
#include <stdexcept>

namespace specflow::reports {

class OutputError : public std::runtime_error {
public:
    explicit OutputError(const std::string& what) : std::runtime_error(what) {}
};

// Writes provider_month.csv, income_by_source.csv and icb_month.csv into `directory`
// (created if missing). Each file is written beside its final name and renamed into place, so
// a reader never sees half a file. Amounts are pounds with two decimals, exact from pence.
void write_csv_outputs(const entities::Scenario& scenario, const RunTables& tables,
                       const std::filesystem::path& directory);

} // namespace specflow::reports
