#include "reports/reconfiguration_report.hpp"

#include "reports/csv_output.hpp"
#include "reports/csv_writer.hpp"
#include "reports/format.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace specflow::reports {

using entities::Money;

namespace {

std::string share_text(std::int64_t micro) {
    return fmt::format("{}.{:06}", micro / entities::k_share_whole,
                       micro % entities::k_share_whole);
}

} // namespace

std::vector<ReconfigurationRow> reconfiguration_rows(const sim::RunModel& model) {
    std::vector<ReconfigurationRow> rows;
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        const auto& plan = model.plan(y);
        if (!plan.carry) {
            continue;
        }
        std::map<std::pair<std::uint32_t, std::uint32_t>, Money> allocation;
        if (plan.allocation) {
            for (const auto& row : plan.allocation->carried) {
                allocation[{row.from.value(), row.to.value()}] = row.allocation;
            }
        }
        for (const auto& part : plan.carry->moved) {
            rows.push_back({plan.scenario.first_year, part.from, part.to, part.share_micro,
                            allocation[{part.from.value(), part.to.value()}], part.contract_value,
                            part.cases_milli});
        }
    }
    return rows;
}

bool write_reconfiguration_csv(const entities::Scenario& s,
                               const std::vector<ReconfigurationRow>& rows,
                               const std::filesystem::path& directory) {
    if (rows.empty()) {
        return false;
    }
    CsvWriter csv;
    csv.row({"fy", "old_icb_code", "old_icb_name", "new_icb_code", "new_icb_name",
             "population_share", "allocation_carried", "contract_value_carried",
             "expected_cases_carried"});
    for (const auto& row : rows) {
        const auto& from = s.icbs[row.from.index()];
        const auto& to = s.icbs[row.to.index()];
        csv.row({row.year.label(), from.code, from.name, to.code, to.name,
                 share_text(row.share_micro), row.allocation.to_pounds_string(),
                 row.contract_value.to_pounds_string(),
                 fmt::format("{}.{:03}", row.cases_milli / entities::k_milli_per_case,
                             row.cases_milli % entities::k_milli_per_case)});
    }
    write_text_files(directory, {{"reconfiguration.csv", csv.text()}});
    return true;
}

std::string reconfiguration_text(const entities::Scenario& s,
                                 const std::vector<sim::YearAllocation>& years) {
    std::string text;
    for (const auto& year : years) {
        if (year.carried.empty()) {
            continue;
        }
        const entities::FinancialYear before(year.year.start_year() - 1);
        std::size_t width = 7;
        for (const auto& row : year.carried) {
            width = std::max(
                {width, s.icbs[row.from.index()].name.size(), s.icbs[row.to.index()].name.size()});
        }
        std::size_t old_count = 0;
        std::size_t new_count = 0;
        for (const auto& icb : s.icbs) {
            old_count += icb.exists_in(before) ? 1 : 0;
            new_count += icb.exists_in(year.year) ? 1 : 0;
        }
        text +=
            fmt::format("\nReconfiguration {}: {} ICBs become {}. Each {} allocation is "
                        "carried to the ICBs of {} by population share; only ICBs that "
                        "change are listed\n",
                        year.year.label(), old_count, new_count, before.label(), year.year.label());
        text += fmt::format("  {:<{}} {:>12}   {:<{}} {:>10} {:>12}\n", "ICB of " + before.label(),
                            width, "allocation", "goes to", width, "share", "carried");
        std::map<std::uint32_t, Money> allocation_of;
        std::map<std::uint32_t, Money> baseline_of;
        for (const auto& row : year.carried) {
            allocation_of[row.from.value()] += row.allocation;
            baseline_of[row.to.value()] += row.allocation;
        }
        for (const auto& row : year.carried) {
            const bool unchanged = row.from == row.to &&
                                   row.share_micro == entities::k_share_whole &&
                                   std::count_if(year.carried.begin(), year.carried.end(),
                                                 [&](const sim::CarriedAllocation& other) {
                                                     return other.to == row.to;
                                                 }) == 1;
            if (unchanged) {
                continue;
            }
            text += fmt::format(
                "  {:<{}} {:>12}   {:<{}} {:>10} {:>12}\n", s.icbs[row.from.index()].name, width,
                format_millions(allocation_of[row.from.value()]), s.icbs[row.to.index()].name,
                width, share_text(row.share_micro), format_millions(row.allocation));
        }
        text += fmt::format("\n  {:<{}} {:>12}   (the sum of what it takes)\n",
                            "ICB of " + year.year.label(), width, "baseline");
        for (const auto& [to, baseline] : baseline_of) {
            const auto takes = std::count_if(
                year.carried.begin(), year.carried.end(),
                [&](const sim::CarriedAllocation& row) { return row.to.value() == to; });
            const auto& icb = s.icbs[to];
            if (takes == 1 && icb.from != year.year) {
                continue;
            }
            text += fmt::format("  {:<{}} {:>12}\n", icb.name, width, format_millions(baseline));
        }
    }
    return text;
}

} // namespace specflow::reports
