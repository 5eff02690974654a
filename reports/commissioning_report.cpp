#include "reports/commissioning_report.hpp"

#include "reports/csv_output.hpp"
#include "reports/csv_writer.hpp"

#include <fmt/format.h>

namespace specflow::reports {

void write_commissioning_csv(const sim::RunModel& model, const std::filesystem::path& directory) {
    CsvWriter csv;
    csv.row({"fy", "holder_code", "holder_name", "budget", "rebased", "committed", "investment",
             "investment_pct", "reserve", "planned"});
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        const auto& plan = model.plan(y);
        for (const auto& holder : plan.commissioning) {
            const auto* icb = holder.icb ? &plan.scenario.icbs[holder.icb->index()] : nullptr;
            if (icb != nullptr && !icb->exists_in(plan.scenario.first_year)) {
                continue; // before it was formed, or after a reconfiguration ended it
            }
            const auto rebased = static_cast<double>(holder.rebased.pence());
            csv.row(
                {plan.scenario.first_year.label(), icb ? icb->code : "NHSE",
                 icb ? icb->name : "NHS England (direct)", holder.budget.to_pounds_string(),
                 holder.rebased.to_pounds_string(), holder.committed.to_pounds_string(),
                 holder.investment.to_pounds_string(),
                 rebased > 0
                     ? fmt::format("{:.2f}",
                                   100.0 * static_cast<double>(holder.investment.pence()) / rebased)
                     : std::string(),
                 holder.reserve.to_pounds_string(), holder.planned().to_pounds_string()});
        }
    }
    write_text_files(directory, {{"commissioning.csv", csv.text()}});
}

} // namespace specflow::reports
