#include "reports/csv_output.hpp"

#include "reports/csv_writer.hpp"
#include "reports/format.hpp"

#include <array>
#include <fmt/format.h>
#include <fstream>
#include <optional>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

namespace specflow::reports {

namespace fs = std::filesystem;

namespace {

// A forecast amount, or an empty cell before the forecast month.
template <typename Forecast, typename Field>
std::string forecast_cell(const std::optional<Forecast>& forecast, Field field) {
    return forecast ? ((*forecast).*field).to_pounds_string() : std::string{};
}

std::string provider_month_csv(const entities::Scenario& scenario, const RunTables& tables) {
    CsvWriter csv;
    csv.row({"provider_code", "provider_name", "fy", "month", "calendar_month", "income", "cost",
             "pressure", "unfunded_activity", "forecast_income", "forecast_cost",
             "forecast_pressure"});
    for (const auto& row : tables.provider_months) {
        const auto& provider = scenario.providers[row.provider.index()];
        using Forecast = sim::ProviderForecast;
        csv.row({provider.code, provider.name, row.month.year.label(),
                 std::to_string(row.month.month), row.month.calendar_label(),
                 row.income.to_pounds_string(), row.cost.to_pounds_string(),
                 row.pressure.to_pounds_string(), row.unfunded_activity.to_pounds_string(),
                 forecast_cell(row.forecast, &Forecast::income),
                 forecast_cell(row.forecast, &Forecast::cost),
                 forecast_cell(row.forecast, &Forecast::pressure)});
    }
    return csv.text();
}

std::string income_csv(const entities::Scenario& scenario, const RunTables& tables) {
    CsvWriter csv;
    csv.row({"provider_code", "provider_name", "fy", "month", "calendar_month", "payer_code",
             "payer_name", "contract_kind", "amount"});
    for (const auto& row : tables.incomes) {
        const auto& provider = scenario.providers[row.provider.index()];
        csv.row({provider.code, provider.name, row.month.year.label(),
                 std::to_string(row.month.month), row.month.calendar_label(),
                 payer_code(scenario, row.payer), payer_name(scenario, row.payer),
                 entities::to_string(row.kind), row.amount.to_pounds_string()});
    }
    return csv.text();
}

std::string icb_month_csv(const entities::Scenario& scenario, const RunTables& tables) {
    CsvWriter csv;
    csv.row({"icb_code", "icb_name", "fy", "month", "calendar_month", "budget", "spend", "variance",
             "held_by", "risk_pool", "local_investment", "reserve", "released", "forecast_spend",
             "forecast_variance"});
    for (const auto& row : tables.icb_months) {
        const auto& icb = scenario.icbs[row.icb.index()];
        const auto held_by = row.held_by_icb
                                 ? std::string("ICB")
                                 : "NHS England " + scenario.regions[icb.region.index()].name;
        csv.row({icb.code, icb.name, row.month.year.label(), std::to_string(row.month.month),
                 row.month.calendar_label(), row.budget.to_pounds_string(),
                 row.spend.to_pounds_string(), row.variance.to_pounds_string(), held_by,
                 row.risk_pool.to_pounds_string(), row.local_investment.to_pounds_string(),
                 row.reserve.to_pounds_string(), row.released.to_pounds_string(),
                 forecast_cell(row.forecast, &sim::IcbForecast::spend),
                 forecast_cell(row.forecast, &sim::IcbForecast::variance)});
    }
    return csv.text();
}

std::string recharges_csv(const entities::Scenario& scenario, const RunTables& tables) {
    CsvWriter csv;
    csv.row({"arrangement", "host_code", "fy", "month", "participant_code", "participant_name",
             "host_paid", "due", "paid", "withheld", "outstanding", "basis_fell_back"});
    for (const auto& row : tables.recharges) {
        const auto& arrangement = scenario.lead_arrangements[row.arrangement.index()];
        const auto& icb = scenario.icbs[row.participant.index()];
        csv.row({arrangement.code, scenario.icbs[arrangement.host.index()].code,
                 row.month.year.label(), std::to_string(row.month.month), icb.code, icb.name,
                 row.host_paid.to_pounds_string(), row.due.to_pounds_string(),
                 row.paid.to_pounds_string(), row.withheld.to_pounds_string(),
                 row.outstanding.to_pounds_string(), row.fell_back ? "yes" : "no"});
    }
    return csv.text();
}

std::string pools_csv(const entities::Scenario& scenario, const RunTables& tables) {
    CsvWriter csv;
    csv.row({"pool", "fy", "month", "member_code", "member_name", "variance", "transfer"});
    for (const auto& row : tables.pool_settlements) {
        const auto& icb = scenario.icbs[row.member.index()];
        csv.row({scenario.risk_pools[row.pool.index()].code, row.month.year.label(),
                 std::to_string(row.month.month), icb.code, icb.name,
                 row.variance.to_pounds_string(), row.transfer.to_pounds_string()});
    }
    return csv.text();
}

std::string national_csv(const RunTables& tables) {
    CsvWriter csv;
    csv.row({"fy", "month", "calendar_month", "budget_holder", "budget", "spend", "variance"});
    for (const auto& row : tables.national_months) {
        const std::array<std::tuple<std::string_view, entities::Money, entities::Money>, 2> holders{
            {{k_nhse_direct, row.direct_budget, row.direct_spend},
             {k_nhse_hcdd, row.hcdd_budget, row.hcdd_spend}}};
        for (const auto& [holder, budget, spend] : holders) {
            csv.row({row.month.year.label(), std::to_string(row.month.month),
                     row.month.calendar_label(), std::string(holder), budget.to_pounds_string(),
                     spend.to_pounds_string(), (budget - spend).to_pounds_string()});
        }
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
    // A folder where a file is to go would refuse the rename at the end: refused first.
    for (const auto& [name, text] : files) {
        if (fs::is_directory(directory / name, error)) {
            throw OutputError(fmt::format("cannot write {}: it is a folder; valid: a path where "
                                          "a file may be written",
                                          (directory / name).string()));
        }
    }
    const auto remove_partials = [&] {
        for (const auto& [name, text] : files) {
            fs::remove(directory / (name + ".partial"), error);
        }
    };
    try {
        for (const auto& [name, text] : files) {
            write_file(directory / (name + ".partial"), text);
        }
    } catch (const OutputError&) {
        remove_partials();
        throw;
    }
    for (const auto& [name, text] : files) {
        fs::rename(directory / (name + ".partial"), directory / name, error);
        if (error) {
            const auto message = error.message();
            remove_partials();
            throw OutputError(fmt::format("cannot move {} into place: {}", name, message));
        }
    }
}

std::vector<std::string> write_csv_outputs(const entities::Scenario& scenario,
                                           const RunTables& tables, const fs::path& directory) {
    std::vector<std::pair<std::string, std::string>> files = {
        {"provider_month.csv", provider_month_csv(scenario, tables)},
        {"income_by_source.csv", income_csv(scenario, tables)},
        {"icb_month.csv", icb_month_csv(scenario, tables)},
        {"nhse_month.csv", national_csv(tables)},
    };
    if (!scenario.lead_arrangements.empty()) {
        files.emplace_back("recharges.csv", recharges_csv(scenario, tables));
    }
    if (!scenario.risk_pools.empty()) {
        files.emplace_back("risk_pools.csv", pools_csv(scenario, tables));
    }
    write_text_files(directory, files);
    std::vector<std::string> names;
    for (const auto& [name, text] : files) {
        names.push_back(name);
    }
    return names;
}

} // namespace specflow::reports
