#include "reports/allocation_report.hpp"

#include "reports/csv_output.hpp"
#include "reports/csv_writer.hpp"
#include "reports/format.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace specflow::reports {

using entities::Money;

namespace {

double pence(Money amount) {
    return static_cast<double>(amount.pence());
}

double ratio_minus_one(double numerator, double denominator) {
    return denominator > 0 ? numerator / denominator - 1 : 0.0;
}

void add_into(AllocationLine& total, const AllocationLine& line) {
    total.baseline += line.baseline;
    total.target_before += line.target_before;
    total.target += line.target;
    total.allocation += line.allocation;
    total.hcdd += line.hcdd;
    total.delegated += line.delegated;
    total.held_for_icb += line.held_for_icb;
    total.retained += line.retained;
}

AllocationLine icb_line(const entities::Scenario& s, const sim::IcbAllocation& row) {
    const auto& icb = s.icbs[row.icb.index()];
    AllocationLine line;
    line.code = icb.code;
    line.name = icb.name;
    line.region_name = s.regions[icb.region.index()].name;
    line.status =
        std::string(entities::to_string(row.status)) + (row.ringfenced ? ", ringfenced" : "");
    line.baseline = row.baseline;
    line.target_before = row.target_before;
    line.target = row.target;
    line.allocation = row.allocation;
    line.hcdd = row.parts.hcdd;
    line.delegated = row.delegated;
    line.retained = row.parts.not_ready + row.parts.retained_lines;
    line.held_for_icb = row.retained - line.retained;
    return line;
}

std::string pct(double fraction) {
    return fmt::format("{:+.2f}%", fraction * 100);
}

std::string millions(Money amount) {
    return format_millions(amount);
}

} // namespace

double AllocationLine::dft_before() const {
    return ratio_minus_one(pence(baseline), target_before);
}
double AllocationLine::dft_after() const {
    return ratio_minus_one(pence(allocation), pence(target));
}
double AllocationLine::growth() const {
    return ratio_minus_one(pence(allocation), pence(baseline));
}

std::vector<AllocationLine> allocation_lines(const entities::Scenario& s,
                                             const sim::YearAllocation& year) {
    std::vector<AllocationLine> lines;
    AllocationLine england;
    england.level = AllocationLine::Level::england;
    england.code = "ENG";
    england.name = "England";
    for (const auto& region : s.regions) {
        AllocationLine subtotal;
        subtotal.level = AllocationLine::Level::region;
        subtotal.code = region.code;
        subtotal.name = region.name;
        subtotal.region_name = region.name;
        for (const auto& row : year.icbs) {
            if (s.icbs[row.icb.index()].region == region.id) {
                lines.push_back(icb_line(s, row));
                add_into(subtotal, lines.back());
            }
        }
        add_into(england, subtotal);
        lines.push_back(std::move(subtotal));
    }
    lines.push_back(std::move(england));
    return lines;
}

std::string dft_spread_table(const std::vector<sim::YearAllocation>& years) {
    std::string text = fmt::format("{:<9}{:>14}{:>16}{:>16}{:>14}{:>14}\n", "FY", "budget",
                                   "lowest DfT", "highest DfT", "spread", "std dev");
    for (const auto& year : years) {
        double low = 0;
        double high = 0;
        double sum = 0;
        double sum_sq = 0;
        bool first = true;
        for (const auto& row : year.icbs) {
            low = first ? row.dft_after : std::min(low, row.dft_after);
            high = first ? row.dft_after : std::max(high, row.dft_after);
            sum += row.dft_after;
            sum_sq += row.dft_after * row.dft_after;
            first = false;
        }
        const double n = static_cast<double>(year.icbs.size());
        const double sd = n > 0 ? std::sqrt(std::max(0.0, sum_sq / n - (sum / n) * (sum / n))) : 0;
        text +=
            fmt::format("{:<9}{:>14}{:>16}{:>16}{:>12.2f}pp{:>12.2f}pp\n", year.year.label(),
                        millions(year.budget), pct(low), pct(high), (high - low) * 100, sd * 100);
    }
    return text;
}

std::string allocation_tables(const entities::Scenario& s,
                              const std::vector<sim::YearAllocation>& years) {
    std::string text;
    std::size_t width = 7;
    for (const auto& icb : s.icbs) {
        width = std::max(width, icb.name.size());
    }
    for (const auto& year : years) {
        // In a reconfiguration's FY the baseline is carried from the old ICBs, and so is the
        // target it is measured against; this year's targets are the new ICBs' own.
        text += fmt::format("\nAllocations {} (budget {}, DfT before = baseline against {}, "
                            "after = allocation against this year's target)\n",
                            year.year.label(), millions(year.budget),
                            year.carried.empty()
                                ? "its target"
                                : "last year's targets carried to the new ICBs by population");
        text += fmt::format(
            "  {:<{}} {:<22}{:>12}{:>12}{:>10}{:>10}{:>9}{:>12}{:>11}{:>12}{:>12}{:>11}\n", "ICB",
            width, "status", "baseline", "target", "DfT bef.", "DfT aft.", "growth", "allocation",
            "HCDD", "delegated", "NHSE holds", "retained");
        for (const auto& line : allocation_lines(s, year)) {
            const bool total = line.level != AllocationLine::Level::icb;
            const auto name =
                total ? (line.level == AllocationLine::Level::england ? std::string("England")
                                                                      : line.name + " (region)")
                      : line.name;
            text += fmt::format(
                "  {:<{}} {:<22}{:>12}{:>12}{:>10}{:>10}{:>9}{:>12}{:>11}{:>12}{:>12}{:>11}\n",
                name, width, line.status, millions(line.baseline), millions(line.target),
                pct(line.dft_before()), pct(line.dft_after()), pct(line.growth()),
                millions(line.allocation), millions(line.hcdd), millions(line.delegated),
                millions(line.held_for_icb), millions(line.retained));
            if (total) {
                text += "\n";
            }
        }
    }
    text += "\nDistance from target after convergence, across ICBs\n" + dft_spread_table(years);
    return text;
}

void write_allocations_csv(const entities::Scenario& s,
                           const std::vector<sim::YearAllocation>& years,
                           const std::filesystem::path& directory) {
    CsvWriter csv;
    csv.row({"fy", "level", "code", "name", "region", "status", "baseline", "target",
             "dft_before_pct", "dft_after_pct", "growth_pct", "allocation", "hcdd", "delegated",
             "held_for_icb", "retained"});
    const auto level_name = [](AllocationLine::Level level) {
        return level == AllocationLine::Level::icb      ? "icb"
               : level == AllocationLine::Level::region ? "region"
                                                        : "england";
    };
    const auto percent = [](double fraction) { return fmt::format("{:.4f}", fraction * 100); };
    for (const auto& year : years) {
        for (const auto& line : allocation_lines(s, year)) {
            csv.row({year.year.label(), level_name(line.level), line.code, line.name,
                     line.region_name, line.status, line.baseline.to_pounds_string(),
                     line.target.to_pounds_string(), percent(line.dft_before()),
                     percent(line.dft_after()), percent(line.growth()),
                     line.allocation.to_pounds_string(), line.hcdd.to_pounds_string(),
                     line.delegated.to_pounds_string(), line.held_for_icb.to_pounds_string(),
                     line.retained.to_pounds_string()});
        }
    }
    write_text_files(directory, {{"allocations.csv", csv.text()}});
}

} // namespace specflow::reports
