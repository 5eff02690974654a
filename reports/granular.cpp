#include "reports/granular.hpp"

#include "reports/csv_output.hpp"
#include "reports/csv_writer.hpp"
#include "reports/format.hpp"
#include "sim/runners/flow_plans.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>
#include <string_view>

namespace specflow::reports {

using entities::Money;

namespace {

// Each ICB's weight in the scenario's first FY, the weight its allocation target is shared by
// (sim/runners/allocation_plan.cpp): its given target weight, else population × need index —
// that FY's from icb_needs when the scenario has them; zero for an ICB that does not exist then.
std::vector<std::int64_t> weights_in(const entities::Scenario& s) {
    std::vector<std::int64_t> weights;
    for (const auto& icb : s.icbs) {
        weights.push_back(icb.exists_in(s.first_year) ? icb.weight() : 0);
    }
    for (const auto& need : s.icb_needs) {
        const auto& icb = s.icbs[need.icb.index()];
        if (need.year == s.first_year && icb.exists_in(s.first_year) && !icb.target_weight) {
            weights[need.icb.index()] = need.registered_population * need.need_index_micro;
        }
    }
    return weights;
}

std::string percent(std::optional<double> pct) {
    return pct ? fmt::format("{:.4f}", *pct) : std::string{};
}

} // namespace

std::optional<double> GranularRow::gap_pct() const {
    if (fair_share.is_zero()) {
        return std::nullopt;
    }
    return 100.0 * static_cast<double>(gap().pence()) / static_cast<double>(fair_share.pence());
}

std::vector<GranularRow> granular_rows(const entities::Scenario& s,
                                       const std::vector<Money>& planned_value) {
    if (planned_value.size() != s.flows.size()) {
        throw std::logic_error("granular_rows: one planned value per flow");
    }
    // spend[line][icb]: the plan of the ICB's patients on the line, wherever treated.
    std::vector<std::vector<Money>> spend(s.service_lines.size(),
                                          std::vector<Money>(s.icbs.size()));
    std::vector<Money> national(s.service_lines.size());
    for (std::size_t f = 0; f < s.flows.size(); ++f) {
        const auto& flow = s.flows[f];
        spend[flow.service_line.index()][flow.icb.index()] += planned_value[f];
        national[flow.service_line.index()] += planned_value[f];
    }
    const auto weights = weights_in(s);
    // Each line's fair shares, shared as targets are: largest remainder, summing back exactly.
    std::vector<std::vector<Money>> fair(s.service_lines.size());
    for (std::size_t l = 0; l < national.size(); ++l) {
        if (!national[l].is_zero()) {
            fair[l] = national[l].split(weights);
        }
    }
    const auto year = s.first_year.label();
    std::vector<GranularRow> rows;
    for (std::size_t i = 0; i < s.icbs.size(); ++i) {
        const auto& icb = s.icbs[i];
        if (!icb.exists_in(s.first_year)) {
            continue;
        }
        for (const auto& line : s.service_lines) {
            const auto l = line.id.index();
            if (national[l].is_zero()) {
                continue;
            }
            rows.push_back({.fy = year,
                            .icb_code = icb.code,
                            .icb_name = icb.name,
                            .region_name = s.regions[icb.region.index()].name,
                            .service_line_code = line.code,
                            .service_line_name = line.name,
                            .category = line.category,
                            .spend = spend[l][i],
                            .fair_share = fair[l][i]});
        }
    }
    return rows;
}

std::vector<GranularRow> granular_rows(const sim::RunModel& model) {
    const auto plans = sim::flow_plans(model); // year by year, each in its scenario's flow order
    std::vector<GranularRow> rows;
    std::size_t at = 0;
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        const auto& s = model.plan(y).scenario;
        std::vector<Money> values;
        for (const auto& flow : s.flows) {
            const auto& plan = plans.at(at++);
            if (plan.icb_code != s.icbs[flow.icb.index()].code ||
                plan.service_line_code != s.service_lines[flow.service_line.index()].code) {
                throw std::logic_error("granular_rows: flow plans out of the scenario's order");
            }
            values.push_back(Money::from_pence(plan.planned_value_pence));
        }
        auto year = granular_rows(s, values);
        rows.insert(rows.end(), year.begin(), year.end());
    }
    return rows;
}

std::string granular_csv(const std::vector<GranularRow>& rows) {
    CsvWriter csv;
    csv.row({"fy", "icb_code", "icb_name", "region", "service_line_code", "service_line_name",
             "category", "spend", "fair_share", "gap", "gap_pct"});
    for (const auto& row : rows) {
        csv.row({row.fy, row.icb_code, row.icb_name, row.region_name, row.service_line_code,
                 row.service_line_name, entities::to_string(row.category),
                 row.spend.to_pounds_string(), row.fair_share.to_pounds_string(),
                 row.gap().to_pounds_string(), percent(row.gap_pct())});
    }
    return csv.text();
}

void write_granular_csv(const std::vector<GranularRow>& rows,
                        const std::filesystem::path& directory) {
    write_text_files(directory, {{"granular.csv", granular_csv(rows)}});
}

namespace {

// The rows of one region in one FY furthest from fair share on one side: below (most negative
// gap first) or above (most positive first); ties keep the rows' order.
std::vector<const GranularRow*> furthest(const std::vector<const GranularRow*>& rows, bool below,
                                         std::size_t top) {
    std::vector<const GranularRow*> side;
    for (const auto* row : rows) {
        if (below ? row->gap().is_negative() : Money{} < row->gap()) {
            side.push_back(row);
        }
    }
    std::stable_sort(side.begin(), side.end(), [below](const auto* a, const auto* b) {
        return below ? a->gap() < b->gap() : b->gap() < a->gap();
    });
    side.resize(std::min(side.size(), top));
    return side;
}

// A line's name without the unit of a case ("Adult renal dialysis (per patient-month)"): the
// unit says nothing in a table of money, and the table is narrower; granular.csv keeps it.
std::string_view short_name(std::string_view name) {
    const auto unit = name.rfind(" (");
    return unit != std::string_view::npos && name.ends_with(')') ? name.substr(0, unit) : name;
}

std::string signed_pct(std::optional<double> pct) {
    return pct ? fmt::format("{:+.1f}%", *pct) : std::string("-");
}

// One FY's table: for each region, its pairs furthest below and above fair share.
std::string
year_table(const std::vector<std::pair<std::string, std::vector<const GranularRow*>>>& regions,
           std::size_t top) {
    std::size_t icb_width = 3;
    std::size_t line_width = 12;
    for (const auto& [region, rows] : regions) {
        for (const bool below : {true, false}) {
            for (const auto* row : furthest(rows, below, top)) {
                icb_width = std::max(icb_width, row->icb_name.size());
                line_width = std::max(line_width, short_name(row->service_line_name).size());
            }
        }
    }
    std::string text;
    for (const auto& [region, rows] : regions) {
        text +=
            fmt::format("\n{:<{}}  {:<{}}  {:>10}  {:>10}  {:>9}  {:>7}\n", region, icb_width + 9,
                        "service line", line_width, "spend", "fair share", "gap", "gap %");
        for (const bool below : {true, false}) {
            const char* side = below ? "below" : "above";
            for (const auto* row : furthest(rows, below, top)) {
                text += fmt::format("  {:<5}  {:<{}}  {:<{}}  {:>10}  {:>10}  {:>9}  {:>7}\n", side,
                                    row->icb_name, icb_width, short_name(row->service_line_name),
                                    line_width, format_millions(row->spend),
                                    format_millions(row->fair_share), format_millions(row->gap()),
                                    signed_pct(row->gap_pct()));
                side = "";
            }
        }
    }
    return text;
}

} // namespace

std::string granular_text(const std::vector<GranularRow>& rows,
                          const GranularSummaryOptions& options) {
    // FYs and regions in the order the rows first name them.
    std::vector<std::pair<std::string,
                          std::vector<std::pair<std::string, std::vector<const GranularRow*>>>>>
        years;
    for (const auto& row : rows) {
        if (!options.region_name.empty() && row.region_name != options.region_name) {
            continue;
        }
        if (years.empty() || years.back().first != row.fy) {
            years.push_back({row.fy, {}});
        }
        auto& regions = years.back().second;
        auto region = std::find_if(regions.begin(), regions.end(),
                                   [&](const auto& r) { return r.first == row.region_name; });
        if (region == regions.end()) {
            region = regions.insert(regions.end(), {row.region_name, {}});
        }
        region->second.push_back(&row);
    }
    std::string text;
    for (const auto& [fy, regions] : years) {
        text += fmt::format(
            "\nPlanned spend against fair share, {}: the {} ICB × service line pairs furthest "
            "below and above it in each region, by the gap in £\n",
            fy, options.top);
        text += year_table(regions, options.top);
    }
    return text;
}

} // namespace specflow::reports
