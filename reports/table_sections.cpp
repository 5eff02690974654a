#include "entities/money.hpp"
#include "reports/format.hpp"
#include "reports/report_sections.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <tuple>

namespace specflow::reports {

namespace {

std::string probability_heading(std::optional<std::int64_t> threshold) {
    if (!threshold || *threshold == 0) {
        return "Probability of a loss";
    }
    return "P(pressure &gt; " + format_threshold(*threshold) + ")";
}

std::string cell(double millions, bool red_when_negative = false) {
    const auto text = millions_text(millions);
    return fmt::format("<td class=\"num{}\">{}</td>",
                       red_when_negative && text.starts_with('-') ? " neg" : "", text);
}

// As the variance reads in the table (£0.1m): a mean of −£0.02m is on budget, not an overspend.
std::string_view outturn_status(double variance) {
    const auto text = millions_text(variance);
    if (text == "£0.0m" || text == "n/a") {
        return "on budget";
    }
    return text.starts_with('-') ? "overspend" : "underspend";
}

using IcbRow = ReportData::IcbRow;

// The rows of one FY by region, in the order of the data (region, then ICB).
std::vector<std::pair<std::string, std::vector<const IcbRow*>>>
regions_of(const std::vector<const IcbRow*>& rows) {
    std::vector<std::pair<std::string, std::vector<const IcbRow*>>> regions;
    for (const auto* row : rows) {
        // A scenario without allocations names no region.
        const std::string name = row->region_name.empty() ? "ICBs" : row->region_name;
        if (regions.empty() || regions.back().first != name) {
            regions.push_back({name, {}});
        }
        regions.back().second.push_back(row);
    }
    return regions;
}

std::vector<std::pair<std::string, std::vector<const IcbRow*>>> years_of(const ReportData& data) {
    std::vector<std::pair<std::string, std::vector<const IcbRow*>>> years;
    for (const auto& row : data.icb_outturn) {
        if (years.empty() || years.back().first != row.year) {
            years.push_back({row.year, {}});
        }
        years.back().second.push_back(&row);
    }
    return years;
}

struct Totals {
    double budget = 0;
    double spend = 0;
    double variance = 0;
    void add(const IcbRow& row) {
        budget += row.budget;
        spend += row.spend;
        variance += row.variance;
    }
};

void write_icb_rows(std::string& out, const std::vector<const IcbRow*>& rows, bool monte_carlo) {
    Totals england;
    const int columns = monte_carlo ? 9 : 7;
    for (const auto& [region, icbs] : regions_of(rows)) {
        out += fmt::format("<tr class=\"group\"><th colspan=\"{}\">{}</th></tr>\n", columns,
                           escape_html(region));
        Totals subtotal;
        for (const auto* row : icbs) {
            subtotal.add(*row);
            out +=
                fmt::format("<tr{}><td>{}</td><td>{}</td><td>{}</td>{}{}{}",
                            outturn_status(row->variance) == "overspend" ? " class=\"over\"" : "",
                            escape_html(row->icb_name), escape_html(row->status),
                            escape_html(row->held_by), cell(row->budget), cell(row->spend),
                            "<td class=\"num variance\">" + millions_text(row->variance) + "</td>");
            if (monte_carlo) {
                out += cell(row->variance_p5.value_or(OptionSetData::k_missing), true) +
                       cell(row->variance_p95.value_or(OptionSetData::k_missing), true);
            }
            out += fmt::format("<td>{}</td></tr>\n", outturn_status(row->variance));
        }
        out += fmt::format("<tr class=\"subtotal\"><td colspan=\"3\">{} total</td>{}{}{}{}<td>"
                           "</td></tr>\n",
                           escape_html(region), cell(subtotal.budget), cell(subtotal.spend),
                           cell(subtotal.variance, true), monte_carlo ? "<td></td><td></td>" : "");
        england.budget += subtotal.budget;
        england.spend += subtotal.spend;
        england.variance += subtotal.variance;
    }
    out += fmt::format("<tr class=\"total\"><td colspan=\"3\">England</td>{}{}{}{}<td></td></tr>\n",
                       cell(england.budget), cell(england.spend), cell(england.variance, true),
                       monte_carlo ? "<td></td><td></td>" : "");
}

} // namespace

void write_risk_table(std::string& out, NumberedSections& sections, const ReportData& data) {
    const bool monte_carlo = data.replications > 0;
    const auto shown = data.income_at_risk.size();
    const std::string which =
        shown < data.providers_total
            ? fmt::format("the {} of {} providers", shown, data.providers_total)
            : std::string("every provider");
    sections.start(
        out, "income-at-risk", monte_carlo ? "Income at risk" : "Provider income and pressure",
        monte_carlo
            ? fmt::format(
                  "First financial year, {} with the most income at risk. Income at risk is the "
                  "gap between the median income (P50) and the income of a bad year (P5, "
                  "exceeded in 95% of replications){}. Pressure is cost &minus; income. {}",
                  which,
                  data.risk_excludes_drugs
                      ? std::string(", leaving out the high-cost drugs NHS England passes through "
                                    "at cost, which move income and cost alike")
                      : std::string(),
                  !data.threshold_pence || *data.threshold_pence == 0
                      ? std::string("The probability of a loss is the share of replications in "
                                    "which the provider&rsquo;s costs exceed its income.")
                      : fmt::format("P(pressure &gt; {0}) is the share of replications in which "
                                    "the provider&rsquo;s costs exceed its income by more than "
                                    "{0}, the run&rsquo;s <code>--threshold</code>.",
                                    format_threshold(*data.threshold_pence)))
            : fmt::format("First financial year, {} with the largest pressure (cost &minus; "
                          "income). A single replication is one possible year: it has no "
                          "income at risk or probabilities; a run with "
                          "<code>--replications</code> gives them.",
                          which));
    if (data.income_at_risk.empty()) {
        write_empty(out);
        out += "</section>\n";
        return;
    }
    if (monte_carlo) {
        const std::string income = data.risk_excludes_drugs ? "Income excl. drugs" : "Income";
        out += "<table>\n<thead><tr><th>Provider</th><th class=\"num\">" + income +
               " P50</th><th class=\"num\">" + income +
               " P5</th><th class=\"num\">Income at risk</th><th class=\"num\">Pressure "
               "P50</th><th class=\"num\">Pressure P90</th><th "
               "class=\"num\">" +
               probability_heading(data.threshold_pence) + "</th></tr></thead>\n<tbody>\n";
        for (const auto& row : data.income_at_risk) {
            out += fmt::format("<tr><td>{}</td>{}{}{}{}{}<td class=\"num\">{}</td></tr>\n",
                               escape_html(row.provider_name), cell(row.income_p50),
                               cell(row.income_p5), cell(row.income_at_risk),
                               cell(row.pressure_p50), cell(row.pressure_p90),
                               row.probability_above ? probability_text(*row.probability_above)
                                                     : std::string("n/a"));
        }
    } else {
        out += "<table>\n<thead><tr><th>Provider</th><th class=\"num\">Income</th><th "
               "class=\"num\">Cost</th><th class=\"num\">Pressure</th></tr></thead>\n<tbody>\n";
        for (const auto& row : data.income_at_risk) {
            out += fmt::format("<tr><td>{}</td>{}{}{}</tr>\n", escape_html(row.provider_name),
                               cell(row.income_p50), cell(row.cost), cell(row.pressure_p50));
        }
    }
    out += "</tbody>\n</table>\n</section>\n";
}

nlohmann::json outturn_json(const ReportData& data) {
    nlohmann::json years = nlohmann::json::array();
    for (const auto& [year, rows] : years_of(data)) {
        nlohmann::json regions = nlohmann::json::array();
        for (const auto& [region, icbs] : regions_of(rows)) {
            nlohmann::json list = nlohmann::json::array();
            for (const auto* row : icbs) {
                list.push_back({{"icb_name", row->icb_name},
                                {"held_by", row->held_by},
                                {"budget", row->budget},
                                {"spend", row->spend},
                                {"variance", row->variance}});
            }
            regions.push_back({{"name", region}, {"icbs", list}});
        }
        years.push_back({{"fy", year}, {"regions", regions}});
    }
    return years;
}

void write_outturn_table(std::string& out, NumberedSections& sections, const ReportData& data) {
    const bool monte_carlo = data.replications > 0;
    sections.start(
        out, "outturn", "ICB over- and underspend",
        std::string("Per financial year, ICBs by region with each region&rsquo;s total and "
                    "England&rsquo;s: the budget for the ICB population&rsquo;s delegable "
                    "specialised services, what was spent (after lead-ICB recharges, before any "
                    "risk pool) and the variance (budget &minus; spend; positive is an "
                    "underspend, overspends in red). <strong>Held by</strong> says whose books "
                    "the budget is on: a delegated ICB holds its own; for a joint or retained "
                    "ICB, NHS England&rsquo;s regional team holds it, and the variance is "
                    "theirs, not the ICB&rsquo;s.") +
            (monte_carlo ? " Spend and variance are means over the replications; P5 and P95 "
                           "give the variance of a bad and a good year."
                         : "") +
            " The first year is open; click a year to open it.");
    if (data.icb_outturn.empty()) {
        write_empty(out);
        out += "</section>\n";
        return;
    }
    bool first = true;
    for (const auto& [year, rows] : years_of(data)) {
        out += fmt::format("<details{}><summary>{}</summary>\n", first ? " open" : "",
                           escape_html(year));
        first = false;
        out += fmt::format(
            "<table class=\"icbs\">\n<thead><tr><th>ICB</th><th>Status</th><th>Held by</th><th "
            "class=\"num\">Budget</th><th class=\"num\">{}</th><th class=\"num\">{}</th>{}"
            "<th>Outturn</th></tr></thead>\n<tbody>\n",
            monte_carlo ? "Spend (mean)" : "Spend", monte_carlo ? "Variance (mean)" : "Variance",
            monte_carlo ? "<th class=\"num\">Variance P5</th><th class=\"num\">Variance P95</th>"
                        : "");
        write_icb_rows(out, rows, monte_carlo);
        out += "</tbody>\n</table>\n</details>\n";
    }
    out += "</section>\n";
}

void write_forecast_table(std::string& out, NumberedSections& sections, const ReportData& data) {
    if (data.forecast_month == 0) {
        return;
    }
    sections.start(
        out, "forecast", fmt::format("Forecast outturn at M{:02}", data.forecast_month),
        fmt::format(
            "{}. What the budget holders and providers would have reported at M{:02}: actuals to "
            "date plus plan for the months still to come, against how the year ended. A "
            "difference is what the last months&rsquo; activity changed after the forecast; "
            "for the spread of such differences, run <code>specflow stress</code> for a "
            "trust or the scenario with <code>--replications</code>.",
            escape_html(data.forecast_fy), data.forecast_month));
    // Red marks an overspend (a negative variance); a provider's pressure is not coloured.
    const auto table = [&out](std::string_view heading, const auto& rows, bool variance) {
        out += fmt::format("<table>\n<thead><tr><th>{}</th><th class=\"num\">Forecast</th><th "
                           "class=\"num\">Outturn</th><th class=\"num\">Difference</th></tr>"
                           "</thead>\n<tbody>\n",
                           heading);
        for (const auto& row : rows) {
            out += fmt::format(
                "<tr{}><td>{}</td>{}{}{}</tr>\n",
                &row == &rows.back() && heading.starts_with("ICBs") ? " class=\"total\"" : "",
                escape_html(row.name), cell(row.forecast, variance), cell(row.outturn, variance),
                cell(row.outturn - row.forecast, variance));
        }
        out += "</tbody>\n</table>\n";
    };
    out += "<h3>ICBs&rsquo; variance by region (budget &minus; spend)</h3>\n";
    table("ICBs of the region", data.forecast_regions, true);
    if (!data.forecast_providers.empty()) {
        out += "<h3>Providers&rsquo; pressure (cost &minus; income), the ten with the largest "
               "outturn</h3>\n";
        table("Provider", data.forecast_providers, false);
    }
    out += "</section>\n";
}

void write_reconfiguration_table(std::string& out, NumberedSections& sections,
                                 const ReportData& data) {
    if (data.reconfigurations.empty()) {
        return;
    }
    // The ICBs that change, by new ICB; those carried whole into an ICB of the same name, and
    // into which nothing else is carried, are counted, not listed (an ICB that takes part of a
    // neighbour as well has changed, and its own row is listed with the neighbour's).
    std::map<std::pair<std::string, std::string>, int> carried_into;
    for (const auto& row : data.reconfigurations) {
        ++carried_into[{row.fy, row.new_icb}];
    }
    std::vector<const ReportData::ReconfigurationRow*> changed;
    std::set<std::string> unchanged;
    for (const auto& row : data.reconfigurations) {
        if (row.old_icb == row.new_icb && row.population_share >= 1.0 &&
            carried_into[{row.fy, row.new_icb}] == 1) {
            unchanged.insert(row.new_icb);
        } else {
            changed.push_back(&row);
        }
    }
    std::stable_sort(changed.begin(), changed.end(), [](const auto* a, const auto* b) {
        return std::tie(a->fy, a->new_icb) < std::tie(b->fy, b->new_icb);
    });
    sections.start(
        out, "reconfiguration", "ICB reconfiguration",
        fmt::format("Where ICBs merge or split, each old ICB&rsquo;s allocation baseline and "
                    "contracts are carried into the new ICBs by the share of its GP-registered "
                    "population each takes. The charts and tables above show the old ICBs up to "
                    "the year before and the new ones from that year. {} on unchanged; those "
                    "that change, by new ICB:",
                    unchanged.size() == 1 ? std::string("1 ICB carries")
                                          : fmt::format("{} ICBs carry", unchanged.size())));
    out += "<table>\n<thead><tr><th>From</th><th>New ICB</th><th>Old ICB</th><th "
           "class=\"num\">Population share</th><th class=\"num\">Allocation carried</th><th "
           "class=\"num\">Contract value carried</th></tr></thead>\n<tbody>\n";
    for (const auto* row : changed) {
        out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.1f}%</td>"
                           "{}{}</tr>\n",
                           escape_html(row->fy), escape_html(row->new_icb),
                           escape_html(row->old_icb), row->population_share * 100.0,
                           cell(row->allocation_carried), cell(row->contract_value_carried));
    }
    out += "</tbody>\n</table>\n</section>\n";
}

void write_assumptions_table(std::string& out, NumberedSections& sections, const ReportData& data) {
    sections.start(
        out, "assumptions", "Assumptions",
        "Every parameter the scenario sets, as written in its files, marked "
        "<strong>published</strong> (a figure NHS England or another body has published, with "
        "its source) or <strong>illustrative</strong> (a plausible value chosen for the "
        "scenario: read results that depend on it as &ldquo;what if&rdquo;). The command that "
        "made the run comes first.");
    out += "<table>\n<thead><tr><th>Parameter</th><th>Year</th><th>Value</th><th>Basis</th>"
           "</tr></thead>\n<tbody>\n";
    out += "<tr><td>command</td><td></td><td class=\"code\">" + escape_html(data.command) +
           "</td><td></td></tr>\n";
    for (const auto& p : data.assumptions) {
        out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>\n",
                           escape_html(p.name), escape_html(p.financial_year), escape_html(p.value),
                           to_string(p.provenance),
                           p.source.empty() ? std::string() : ": " + escape_html(p.source));
    }
    out += "</tbody>\n</table>\n</section>\n";
}

void write_metadata_table(std::string& out, NumberedSections& sections, const ReportData& data) {
    sections.start(
        out, "run", "About this run",
        "What is needed to reproduce the run: the same scenario text (its SHA-256 below), seed, "
        "replications and specflow version give the same numbers.");
    const std::string replications = data.replications == 0
                                         ? std::string("1 (a single replication)")
                                         : fmt::format("{}", fmt::group_digits(data.replications));
    const std::pair<std::string_view, std::string> rows[] = {
        {"Scenario", escape_html(data.scenario_name)},
        {"Scenario SHA-256", escape_html(data.scenario_hash)},
        {"Seed", std::to_string(data.seed)},
        {"Replications", replications},
        {"specflow version", escape_html(data.version)},
        {"Started (UTC)", escape_html(data.started_at)},
        {"Finished (UTC)", escape_html(data.finished_at)},
    };
    out += "<table>\n<tbody>\n";
    for (const auto& [name, value] : rows) {
        const bool code = name == "Scenario SHA-256";
        out += fmt::format("<tr><th scope=\"row\">{}</th><td{}>{}</td></tr>\n", name,
                           code ? " class=\"code\"" : "", value);
    }
    out += "</tbody>\n</table>\n</section>\n";
}

} // namespace specflow::reports
