#include "reports/csv_output.hpp"

#include "reports/csv_writer.hpp"
#include "reports/format.hpp"

#include <fmt/format.h>

#include <fstream>
#include <system_error>
#include <utility>
#include <vector>

namespace specflow::reports {

namespace fs = std::filesystem;

namespace {

std::string provider_month_csv(const entities::Scenario& scenario, const RunTables& tables) {
    CsvWriter csv;
    csv.row({"provider_code", "provider_name", "fy", "month", "calendar_month", "income", "cost",
             "pressure", "unfunded_activity"});
    for (const auto& row : tables.provider_months) {
        const auto& provider = scenario.providers[row.provider.index()];
        csv.row({provider.code, provider.name, row.month.year.label(), std::to_string(row.month.month),
                 row.month.calendar_label(), row.income.to_pounds_string(),
                 row.cost.to_pounds_string(), row.pressure.to_pounds_string(),
                 row.unfunded_activity.to_pounds_string()});
    }
    return csv.text();
}

std::string income_csv(const entities::Scenario& scenario, const RunTables& tables) {
    CsvWriter csv;
    csv.row({"provider_code", "provider_name", "fy", "month", "calendar_month", "payer_code",
             "payer_name", "contract_kind", "amount"});
    for (const auto& row : tables.incomes) {
        const auto& provider = scenario.providers[row.provider.index()];
        csv.row({provider.code, provider.name, row.month.year.label(), std::to_string(row.month.month),
                 row.month.calendar_label(), payer_code(scenario, row.payer),
                 payer_name(scenario, row.payer), entities::to_string(row.kind),
                 row.amount.to_pounds_string()});
    }
    return csv.text();
}

std::string icb_month_csv(const entities::Scenario& scenario, const RunTables& tables) {
    CsvWriter csv;
    csv.row({"icb_code", "icb_name", "fy", "month", "calendar_month", "budget", "spend",
             "variance"});
    for (const auto& row : tables.icb_months) {
        const auto& icb = scenario.icbs[row.icb.index()];
        csv.row({icb.code, icb.name, row.month.year.label(), std::to_string(row.month.month),
                 row.month.calendar_label(), row.budget.to_pounds_string(),
                 row.spend.to_pounds_string(), row.variance.to_pounds_string()});
    }
    return csv.text();
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        throw OutputError(fmt::format("cannot write {}", path.string()));
    }
}

} // namespace

void write_text_files(const fs::path& directory,
                      const std::vector<std::pair<std::string, std::string>>& files) {
    std::error_code error;
    fs::create_directories(directory, error);
    if (error) {
        throw OutputError(fmt::format("cannot create output directory {}: {}", directory.string(),
                                      error.message()));
    }
    try {
        for (const auto& [name, text] : files) {
            write_file(directory / (name + ".partial"), text);
        }
    } catch (const OutputError&) {
        for (const auto& [name, text] : files) {
            fs::remove(directory / (name + ".partial"), error);
        }
        throw;
    }
    for (const auto& [name, text] : files) {
        fs::rename(directory / (name + ".partial"), directory / name, error);
        if (error) {
            throw OutputError(fmt::format("cannot move {} into place: {}", name, error.message()));
        }
    }
}

void write_csv_outputs(const entities::Scenario& scenario, const RunTables& tables,
                       const fs::path& directory) {
    write_text_files(directory, {
                                    {"provider_month.csv", provider_month_csv(scenario, tables)},
                                    {"income_by_source.csv", income_csv(scenario, tables)},
                                    {"icb_month.csv", icb_month_csv(scenario, tables)},
                                });
}

} // namespace specflow::reports
