#pragma once

#include "entities/scenario.hpp"
#include "reports/run_tables.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace specflow::reports {

class OutputError : public std::runtime_error {
public:
    explicit OutputError(const std::string& what) : std::runtime_error(what) {}
};

// Writes named text files into `directory` (created if missing): each is written beside its
// final name and renamed into place only when all are written, so a reader never sees half a
// file and a failure leaves no partial file behind.
void write_text_files(const std::filesystem::path& directory,
                      const std::vector<std::pair<std::string, std::string>>& files);

// Writes provider_month.csv, income_by_source.csv, icb_month.csv and nhse_month.csv (and
// recharges.csv and risk_pools.csv when the scenario has lead-ICB arrangements or risk pools)
// into `directory` (created if missing), and returns their names in that order. Each file is
// written beside its final name and renamed into place, so a reader never sees half a file.
// Amounts are pounds with two decimals, exact from pence.
std::vector<std::string> write_csv_outputs(const entities::Scenario& scenario,
                                           const RunTables& tables,
                                           const std::filesystem::path& directory);

} // namespace specflow::reports
