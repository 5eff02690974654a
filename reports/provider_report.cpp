#include "reports/provider_report.hpp"

#include "entities/money.hpp"
#include "reports/format.hpp"
#include "reports/html_page.hpp"
#include "reports/stress.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace specflow::reports {

namespace {

using nlohmann::json;
using Quantiles = ProviderReportData::Quantiles;

// The tornado rows a finance director reads: the largest, and only those that stand out.
constexpr std::size_t k_tornado_rows_max = 15;

// "£282.17m", "-£3.95m": a trust's figures are read to £10,000.
// Thousands are grouped as the terminal groups them ("£2,668.03m").
std::string millions(double value) {
    if (!std::isfinite(value)) {
        return "n/a";
    }
    const auto hundredths = std::llround(std::fabs(value) * 100.0);
    return fmt::format("{}£{}.{:02}m", value < 0 && hundredths > 0 ? "-" : "",
                       fmt::group_digits(hundredths / 100), hundredths % 100);
}

// "12.3%", rounded as the terminal rounds the same share (`stress`: 100 × share to one decimal),
// so that the page and the terminal never differ by a tenth (2,345 replications in 10,000 are
// 23.4% in both; rounding 1,000 × share to a whole number made the page say 23.5%). A share that
// rounds to zero is "0.0%", never "-0.0%".
std::string percent(double share) {
    std::string text = fmt::format("{:.1f}%", 100.0 * share);
    return text == "-0.0%" ? "0.0%" : text;
}

json quantiles_json(const std::vector<Quantiles>& rows) {
    json out = json::array();
    for (const auto& q : rows) {
        out.push_back(
            {{"fy", q.fy}, {"mean", q.mean}, {"box", {q.p5, q.p10, q.p50, q.p90, q.p95}}});
    }
    return out;
}

// Whether some year's income other than the high-cost drugs passed through at cost differs from
// its whole income: the trust has drugs, and its income at risk is the rest.
bool drugs_differ(const ProviderReportData& d) {
    return std::ranges::any_of(d.income_excl_drugs, [&](const Quantiles& own) {
        return std::ranges::any_of(d.income, [&](const Quantiles& all) {
            return all.fy == own.fy && all.mean != own.mean;
        });
    });
}

// The rows of one total ("income" or "pressure") that a finance director reads.
std::vector<const TornadoRow*> shown_tornado(const ProviderReportData& d, std::string_view total) {
    std::vector<const TornadoRow*> rows;
    for (const auto& row : d.tornado) {
        if (row.total == total && stands_out(row) && rows.size() < k_tornado_rows_max) {
            rows.push_back(&row);
        }
    }
    return rows;
}

json page_json(const ProviderReportData& d) {
    const auto bars = [&](std::string_view total) {
        json rows = json::array();
        for (const auto* row : shown_tornado(d, total)) {
            rows.push_back(
                {{"input", row->direction < 0 ? row->input + " (moves against)" : row->input},
                 {"share_pct", 100.0 * row->variance_share}});
        }
        return rows;
    };
    return {{"provider_name", d.provider_name},
            {"income", quantiles_json(d.income)},
            {"income_excl_drugs",
             drugs_differ(d) ? quantiles_json(d.income_excl_drugs) : json::array()},
            {"pressure", quantiles_json(d.pressure)},
            {"forecast_income", quantiles_json(d.forecast_income)},
            {"forecast_pressure", quantiles_json(d.forecast_pressure)},
            {"forecast_label", d.forecast_month > 0 ? forecast_label(d.forecast_month) : ""},
            {"tornado_income", bars("income")},
            {"tornado_income_excl_drugs", bars("income_excl_drugs")},
            {"tornado_pressure", bars("pressure")}};
}

// Draws the distributions as boxes (whiskers P5 and P95, box P10 to P90, line at P50) per FY,
// the outturn beside the forecast, and the tornado as bars; each chart that fails says so.
constexpr std::string_view k_page_js = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('page-data').textContent);
  var font = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  function m(v) { return (v < 0 ? '-' : '') + '\u00a3' + Math.abs(v).toFixed(2) + 'm'; }
  var drawn = 0;
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    try {
      option.animation = false;
      option.textStyle = { fontFamily: font };
      echarts.init(el, null, { renderer: 'svg' }).setOption(option);
      drawn++;
    } catch (e) {
      console.error('chart ' + id + ' could not be drawn: ' + e);
      el.textContent = 'This chart could not be drawn: ' + e.message;
    }
  }
  function boxes(measure, title) {
    var outturn = data[measure], forecast = data['forecast_' + measure] || [];
    var series = [{ name: 'Outturn (P5, P10, P50, P90, P95)', type: 'boxplot',
                    data: outturn.map(function (r) { return r.box; }), itemStyle: { color: '#c6dbef', borderColor: '#1f5fa8' } }];
    if (forecast.length) series.push({ name: 'Forecast at ' + data.forecast_label.replace('forecast at ', ''), type: 'boxplot',
                    data: forecast.map(function (r) { return r.box; }), itemStyle: { color: '#ffe8cc', borderColor: '#e8590c' } });
    return {
      title: { text: title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 600 } },
      legend: { bottom: 0, left: 'center' },
      tooltip: { trigger: 'item', formatter: function (p) {
        var v = p.data.slice(-5);
        return '<b>' + p.seriesName.split(' (')[0] + ', ' + p.name + '</b><br>P5 ' + m(v[0]) + '<br>P10 ' + m(v[1]) +
          '<br>P50 ' + m(v[2]) + '<br>P90 ' + m(v[3]) + '<br>P95 ' + m(v[4]);
      } },
      grid: { left: 12, right: 24, top: 40, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: outturn.map(function (r) { return r.fy; }) },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: m } },
      series: series
    };
  }
  if (data.income.length) {
    draw('chart-income', boxes('income', 'Income'));
    if (data.income_excl_drugs.length) draw('chart-income-own', boxes('income_excl_drugs', 'Income other than high-cost drugs'));
    draw('chart-pressure', boxes('pressure', 'Pressure (cost \u2212 income; below zero is a surplus)'));
  }
  function tornado(id, rows) {
    if (!rows.length) return;
    rows = rows.slice().reverse();
    draw(id, {
      tooltip: { trigger: 'item', formatter: function (p) { return p.name + '<br><b>' + p.value.toFixed(1) + '%</b> of the variance'; } },
      grid: { left: 360, right: 56, top: 12, bottom: 24 },
      xAxis: { type: 'value', axisLabel: { formatter: function (v) { return v + '%'; } } },
      yAxis: { type: 'category', data: rows.map(function (r) { return r.input; }), axisLabel: { width: 340, overflow: 'break', lineHeight: 14 } },
      series: [{ type: 'bar', data: rows.map(function (r) { return r.share_pct; }), itemStyle: { color: '#1f5fa8' },
                 label: { show: true, position: 'right', formatter: function (p) { return p.value.toFixed(1) + '%'; } } }]
    });
  }
  tornado('chart-tornado-income', data.tornado_income);
  tornado('chart-tornado-income_excl_drugs', data.tornado_income_excl_drugs);
  tornado('chart-tornado-pressure', data.tornado_pressure);
  document.documentElement.setAttribute('data-charts-drawn', String(drawn));
})();
)js";

void section(std::string& out, std::string_view id, std::string_view heading,
             const std::string& caption) {
    out += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n<p class=\"caption\">{}</p>\n", id,
                       heading, caption);
}

void write_header(std::string& out, const ProviderReportData& d) {
    out += "<header>\n<p class=\"eyebrow\">specflow trust report</p>\n";
    out += "<h1>" + escape_html(d.provider_name) + "</h1>\n";
    out += fmt::format("<p class=\"meta\">Run {}, a {} of scenario {} ({}) &middot; seed {} "
                       "&middot; {} &middot; finished {}</p>\n",
                       d.run_id, escape_html(d.run_kind), escape_html(d.scenario_name),
                       escape_html(d.scenario_title), d.seed,
                       d.replications == 0
                           ? std::string("one replication")
                           : fmt::format("{} replications", fmt::group_digits(d.replications)),
                       escape_html(d.finished_at));
    if (!d.income.empty()) {
        const auto& income = d.income.front();
        // The risk is in the income other than drugs passed through at cost, when it differs.
        const bool drugs =
            !d.income_excl_drugs.empty() && d.income_excl_drugs.front().mean != income.mean;
        const auto& own = drugs ? d.income_excl_drugs.front() : income;
        std::string line = fmt::format(
            "In {}, median income is <strong>{}</strong>{}; in a bad year (P5, 1 in 20) {} is "
            "{}, <strong>{} less</strong>. Pressure (cost &minus; income; below zero is a "
            "surplus) has a median of {} and in a bad year (P95) {}",
            escape_html(income.fy), millions(income.p50),
            drugs ? fmt::format(", {} of it other than high-cost drugs passed through at cost",
                                millions(own.p50))
                  : std::string(),
            drugs ? "that" : "it", millions(own.p5), millions(own.p50 - own.p5),
            millions(d.pressure.front().p50), millions(d.pressure.front().p95));
        if (d.threshold_pence && !d.probability_above.empty()) {
            line += fmt::format("; the probability that it exceeds {} is <strong>{}</strong>",
                                format_threshold(*d.threshold_pence),
                                percent(d.probability_above.front().second));
        }
        out += "<p class=\"question\">" + line + ".</p>\n";
    } else if (!d.years.empty()) {
        const auto& year = d.years.front();
        out += fmt::format("<p class=\"question\">In {}, this replication gives income of "
                           "<strong>{}</strong> and cost of {}: a pressure (cost &minus; income; "
                           "below zero is a surplus) of <strong>{}</strong>.</p>\n",
                           escape_html(year.fy), millions(year.income), millions(year.cost),
                           millions(year.pressure));
    }
    out += "</header>\n";
    if (!d.missing.empty()) {
        out += "<section id=\"missing\">\n<h2>Not in this run</h2>\n<ul>\n";
        for (const auto& sentence : d.missing) {
            out += "<li>" + escape_html(sentence) + "</li>\n";
        }
        out += "</ul>\n</section>\n";
    }
}

void write_exposure(std::string& out, const ProviderReportData& d) {
    if (d.exposure.empty()) {
        return;
    }
    section(out, "exposure", "Where the income comes from",
            fmt::format("{}, by commissioner and contract kind, from {}. Block and LVA income is "
                        "fixed in year; API and activity income moves with activity; "
                        "&ldquo;drugs&rdquo; is NHS England&rsquo;s pass-through of high-cost "
                        "drugs, matched by their cost.",
                        escape_html(d.exposure_fy), escape_html(d.exposure_basis)));
    out += "<table>\n<thead><tr><th>Commissioner</th><th>Contract kind</th><th "
           "class=\"num\">Income</th><th class=\"num\">Share</th></tr></thead>\n<tbody>\n";
    double total = 0;
    for (const auto& row : d.exposure) {
        total += row.millions;
        out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td "
                           "class=\"num\">{}</td></tr>\n",
                           escape_html(row.payer_name), escape_html(row.contract_kind),
                           millions(row.millions), percent(row.share));
    }
    out += fmt::format("<tr><th>Total</th><td></td><th class=\"num\">{}</th><th "
                       "class=\"num\">100.0%</th></tr>\n</tbody>\n</table>\n</section>\n",
                       millions(total));
}

void write_quantile_rows(std::string& out, std::string_view label,
                         const std::vector<Quantiles>& rows) {
    for (const auto& q : rows) {
        out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td "
                           "class=\"num\">{}</td><td class=\"num\">{}</td><td "
                           "class=\"num\">{}</td><td class=\"num\">{}</td><td "
                           "class=\"num\">{}</td></tr>\n",
                           escape_html(q.fy), label, millions(q.mean), millions(q.p5),
                           millions(q.p10), millions(q.p50), millions(q.p90), millions(q.p95));
    }
}

void write_quantile_table(
    std::string& out,
    const std::vector<std::pair<std::string_view, const std::vector<Quantiles>*>>& measures) {
    out += "<table>\n<thead><tr><th>Year</th><th>Measure</th><th class=\"num\">Mean</th><th "
           "class=\"num\">P5</th><th class=\"num\">P10</th><th class=\"num\">P50</th><th "
           "class=\"num\">P90</th><th class=\"num\">P95</th></tr></thead>\n<tbody>\n";
    for (const auto& [label, rows] : measures) {
        write_quantile_rows(out, label, *rows);
    }
    out += "</tbody>\n</table>\n";
}

void write_distributions(std::string& out, const ProviderReportData& d) {
    if (d.income.empty()) {
        return;
    }
    section(out, "distributions", "Income and pressure, year by year",
            fmt::format("Over {} replications of the year&rsquo;s activity. Each box runs from "
                        "P10 to P90 (8 years in 10 fall inside it), its whiskers reach P5 and P95 "
                        "(9 in 10) and its line is the median, P50.{} Pressure is cost "
                        "&minus; income: above zero is a loss.",
                        fmt::group_digits(d.replications),
                        d.forecast_income.empty()
                            ? std::string()
                            : " Orange boxes are the forecast outturn the trust would report "
                              "after " +
                                  month_name(d.forecast_month) + " (see below)."));
    // With drugs, the income at risk (other than drugs) has a chart of its own beside the whole
    // income: on one axis its spread would be lost under the drugs' hundreds of millions.
    const bool drugs = drugs_differ(d);
    const auto chart = [](std::string_view id, std::string_view label) {
        return fmt::format("<div class=\"chart\" id=\"{}\" role=\"img\" aria-label=\"{}\"></div>\n",
                           id, label);
    };
    out += "<div class=\"pair\">\n" + chart("chart-income", "Income per year");
    if (drugs) {
        out += chart("chart-income-own", "Income other than high-cost drugs per year") +
               "</div>\n" + chart("chart-pressure", "Pressure per year");
    } else {
        out += chart("chart-pressure", "Pressure per year") + "</div>\n";
    }
    std::vector<std::pair<std::string_view, const std::vector<Quantiles>*>> measures{
        {"income", &d.income}};
    if (drugs) {
        measures.emplace_back("income excl. drugs", &d.income_excl_drugs);
    }
    measures.emplace_back("cost", &d.cost);
    measures.emplace_back("pressure", &d.pressure);
    write_quantile_table(out, measures);
    if (drugs) {
        out +=
            "<p class=\"caption\">Income excl. drugs (the second chart) leaves out the high-cost "
            "drugs NHS England passes through at cost: they move income and cost alike, so the "
            "income at risk is the rest.</p>\n";
    }
    out += "</section>\n";
    if (!d.threshold_pence || d.probability_above.empty()) {
        return;
    }
    const auto threshold = format_threshold(*d.threshold_pence);
    section(out, "probability", fmt::format("Probability that the pressure exceeds {}", threshold),
            fmt::format("The share of replications in which the year&rsquo;s pressure (cost "
                        "&minus; income) is above {}{}.",
                        threshold, *d.threshold_pence == 0 ? ": the probability of a loss" : ""));
    out += fmt::format("<table>\n<thead><tr><th>Year</th><th class=\"num\">P(pressure &gt; "
                       "{})</th></tr></thead>\n<tbody>\n",
                       threshold);
    for (const auto& [fy, probability] : d.probability_above) {
        out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td></tr>\n", escape_html(fy),
                           percent(probability));
    }
    out += "</tbody>\n</table>\n</section>\n";
}

// A single replication's years: what it paid the trust and cost it, and the forecast.
void write_years(std::string& out, const ProviderReportData& d) {
    if (d.years.empty()) {
        return;
    }
    const auto forecast = d.forecast_month > 0 ? "M" + std::to_string(d.forecast_month) : "";
    section(out, "years", "Income, cost and pressure, year by year",
            "One replication: one year of activity as it might happen, not how far it could "
            "move. Pressure is cost &minus; income: above zero is a loss." +
                (forecast.empty()
                     ? std::string()
                     : fmt::format(" The forecast is the outturn the trust would report after "
                                   "the close of {} ({}): its actual income and cost to date "
                                   "plus plan for the months still to come.",
                                   month_name(d.forecast_month), forecast)));
    out += "<table>\n<thead><tr><th>Year</th><th class=\"num\">Income</th><th "
           "class=\"num\">Cost</th><th class=\"num\">Pressure</th>";
    if (!forecast.empty()) {
        out += fmt::format("<th class=\"num\">Forecast income at {0}</th><th "
                           "class=\"num\">Forecast pressure at {0}</th>",
                           forecast);
    }
    out += "</tr></thead>\n<tbody>\n";
    const auto optional = [](const std::optional<double>& value) {
        return value ? millions(*value) : std::string("&ndash;");
    };
    for (const auto& year : d.years) {
        out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                           "<td class=\"num\">{}</td>",
                           escape_html(year.fy), millions(year.income), millions(year.cost),
                           millions(year.pressure));
        if (!forecast.empty()) {
            out += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                               optional(year.forecast_income), optional(year.forecast_pressure));
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n</section>\n";
}

void write_forecast(std::string& out, const ProviderReportData& d) {
    if (d.forecast_income.empty()) {
        return;
    }
    section(out, "forecast",
            "Forecast outturn at M" + std::to_string(d.forecast_month) + " (" +
                month_name(d.forecast_month) + ")",
            fmt::format("What the trust would forecast for the year after the close of "
                        "{}: its actual income and cost to date plus plan for the months "
                        "still to come, over the replications. Beside the outturn above it shows "
                        "how much of the year&rsquo;s risk is still unknown at that point.",
                        month_name(d.forecast_month)));
    write_quantile_table(out, {{"forecast income", &d.forecast_income},
                               {"forecast pressure", &d.forecast_pressure}});
    out += "</section>\n";
}

// One tornado: the inputs behind the variance of the trust's income, of its income other than
// drugs, or of its pressure.
void write_tornado(std::string& out, const ProviderReportData& d, std::string_view total) {
    const auto of_total = static_cast<std::size_t>(std::count_if(
        d.tornado.begin(), d.tornado.end(), [&](const auto& row) { return row.total == total; }));
    if (of_total == 0) {
        return;
    }
    const auto shown = shown_tornado(d, total);
    const bool errors_known = std::any_of(d.tornado.begin(), d.tornado.end(),
                                          [](const auto& row) { return row.standard_error > 0; });
    const bool income = total == "income";
    const bool own = total == "income_excl_drugs";
    const std::string_view heading = income ? "income"
                                     : own  ? "income other than drugs"
                                            : "pressure";
    section(
        out, fmt::format("tornado-{}", total),
        fmt::format("What drives the variance of {} {}", escape_html(d.tornado_fy), heading),
        fmt::format("Each input&rsquo;s share of the variance of the trust&rsquo;s {} in {}: the "
                    "year&rsquo;s common factors (national demand on a service line, this "
                    "trust&rsquo;s own activity on it, the demand trend) and, per commissioner "
                    "&times; service line, chance around them. A share is what that input alone "
                    "explains. {} {} The {} largest of {} are shown.",
                    income ? "income"
                    : own  ? "income other than the high-cost drugs passed through at cost (the "
                             "income at risk)"
                           : "pressure (cost &minus; income)",
                    escape_html(d.tornado_fy),
                    income ? "Block and LVA contracts pay the same whatever the activity, so their "
                             "lines move income only through the high-cost drugs passed through "
                             "with the cases."
                    : own  ? "Block and LVA contracts pay the same whatever the activity, so only "
                             "lines paid by activity (API, activity contracts) move it."
                           : "Activity moves costs whoever pays, so every line can move pressure; "
                             "an input that raises income more than cost moves against it.",
                    errors_known ? "Only inputs whose share is more than two standard errors "
                                   "from zero are shown."
                                 : "These shares have no standard error (that needs 100 "
                                   "replications or more), so none is tested against noise.",
                    shown.size(), of_total));
    out += fmt::format("<div class=\"chart\" id=\"chart-tornado-{}\" style=\"height:{}px\" "
                       "role=\"img\" aria-label=\"Tornado of the {} variance\"></div>\n",
                       total, 80 + 28 * shown.size(), total);
    out += "<table>\n<thead><tr><th>Input</th><th class=\"num\">Share of the variance</th>" +
           std::string(errors_known ? "<th class=\"num\">Standard error</th>" : "") +
           "</tr></thead>\n<tbody>\n";
    for (const auto* row : shown) {
        out += fmt::format(
            "<tr><td>{}{}</td><td class=\"num\">{}</td>{}</tr>\n", escape_html(row->input),
            row->direction < 0 ? " <em>(moves against it)</em>" : "", percent(row->variance_share),
            errors_known ? "<td class=\"num\">" + percent(row->standard_error) + "</td>" : "");
    }
    out += "</tbody>\n</table>\n</section>\n";
}

void write_about(std::string& out, const ProviderReportData& d) {
    section(out, "run", "About this run",
            "The same scenario text (its SHA-256 below), seed, replications and specflow version "
            "give the same numbers.");
    out += fmt::format(
        "<table>\n<tbody>\n<tr><th scope=\"row\">Provider</th><td>{} ({})</td></tr>\n"
        "<tr><th scope=\"row\">Run</th><td>{}, a {}</td></tr>\n"
        "<tr><th scope=\"row\">Scenario</th><td>{}</td></tr>\n"
        "<tr><th scope=\"row\">Scenario SHA-256</th><td class=\"code\">{}</td></tr>\n"
        "<tr><th scope=\"row\">Seed</th><td>{}</td></tr>\n"
        "<tr><th scope=\"row\">specflow version</th><td>{}</td></tr>\n</tbody>\n</table>\n"
        "</section>\n",
        escape_html(d.provider_name), escape_html(d.provider_code), d.run_id,
        escape_html(d.run_kind), escape_html(d.scenario_name), escape_html(d.scenario_hash), d.seed,
        escape_html(d.version));
}

} // namespace

std::string provider_html_report(const ProviderReportData& d) {
    std::string out;
    out.reserve(k_echarts_js_size + 64 * 1024);
    out += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
    out +=
        fmt::format("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n", k_page_csp);
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>" + escape_html(d.provider_name) +
           " \xe2\x80\x94 specflow trust report</title>\n<style>";
    out += k_page_css;
    out += "</style>\n</head>\n<body>\n<main>\n";
    write_header(out, d);
    write_exposure(out, d);
    write_distributions(out, d);
    write_years(out, d);
    write_forecast(out, d);
    write_tornado(out, d, "income");
    write_tornado(out, d, "income_excl_drugs");
    write_tornado(out, d, "pressure");
    write_about(out, d);
    out += "<footer>Generated by specflow " + escape_html(d.version) +
           ". Charts drawn by Apache ECharts (Apache License 2.0), included in this file: the "
           "page needs no network.</footer>\n</main>\n<script id=\"echarts-library\">\n";
    out.append(k_echarts_js, k_echarts_js_size);
    out += "\n</script>\n<script id=\"page-data\" type=\"application/json\">";
    out += script_safe(page_json(d).dump(-1, ' ', false, json::error_handler_t::replace));
    out += "</script>\n<script id=\"page-charts\">";
    out += k_page_js;
    out += "</script>\n</body>\n</html>\n";
    return out;
}

} // namespace specflow::reports
