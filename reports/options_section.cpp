#include "reports/options_section.hpp"

#include "entities/money.hpp"
#include "reports/format.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <initializer_list>

namespace specflow::reports {

namespace {

using nlohmann::json;
using Set = OptionSetData;

// Chart height: room for the legend and the axis, then a bar per option in each ICB's row.
constexpr std::size_t k_chart_frame_px = 110;
constexpr std::size_t k_chart_bar_px = 16;
constexpr std::size_t k_chart_row_gap_px = 22;

std::string probability_heading(const Set& set) {
    if (!set.threshold_pence) {
        return "P(overspend &gt; threshold)";
    }
    return *set.threshold_pence == 0
               ? std::string("P(overspend)")
               : "P(overspend &gt; " + format_threshold(*set.threshold_pence) + ")";
}

std::string probability_key(const Set& set) {
    if (!set.threshold_pence) {
        return "the share of replications in which the ICB overspends by more than the "
               "threshold the options were run with (<code>--threshold</code>; this run does "
               "not store it)";
    }
    if (*set.threshold_pence == 0) {
        return "the share of replications in which the ICB ends the year overspent at all (the "
               "options were run with no <code>--threshold</code>, that is &pound;0)";
    }
    return fmt::format("the share of replications in which the ICB overspends by more than {}, "
                       "the <code>--threshold</code> the options were run with",
                       format_threshold(*set.threshold_pence));
}

// An outturn's cell, red when it shows an overspend (not when one rounds to £0.0m).
std::string outturn_cell(double millions) {
    const auto text = millions_text(millions);
    return fmt::format("<td class=\"num{}\">{}</td>", text.starts_with('-') ? " neg" : "", text);
}

std::string amount_cells(std::initializer_list<double> millions) {
    std::string cells;
    for (const double value : millions) {
        cells += "<td class=\"num\">" + millions_text(value) + "</td>";
    }
    return cells;
}

// One <tbody> per ICB, host or provider, headed by its name, with a row per option (this
// report's in bold): the option's name, then cells(its figures), under `headings` (<th>s).
template <typename Figures, typename Cells>
void write_grouped_table(std::string& out, const Set& set, std::string_view headings,
                         const std::vector<Set::Row<Figures>>& rows, Cells cells) {
    std::size_t columns = 1; // the option's name
    for (auto at = headings.find("<th"); at != std::string_view::npos;
         at = headings.find("<th", at + 1)) {
        ++columns;
    }
    out += "<table class=\"options\">\n<thead><tr><th>Option</th>" + std::string(headings) +
           "</tr></thead>\n";
    for (const auto& row : rows) {
        out += fmt::format("<tbody>\n<tr class=\"group\"><th colspan=\"{}\" scope=\"rowgroup\">{} "
                           "<span class=\"code\">{}</span></th></tr>\n",
                           columns, escape_html(row.name), escape_html(row.code));
        for (std::size_t o = 0; o < set.options.size(); ++o) {
            const bool this_run = set.options[o].run_id == set.run_id;
            out += fmt::format("<tr{}><td>{}</td>{}</tr>\n", this_run ? " class=\"this\"" : "",
                               escape_html(set.options[o].name), cells(row.by_option[o]));
        }
        out += "</tbody>\n";
    }
    out += "</table>\n";
}

std::string_view option_note(const Set::Option& option, bool this_run) {
    if (option.position == 0) {
        return this_run ? " (the base; this report)" : " (the base)";
    }
    return this_run ? " (this report)" : "";
}

// Which runs the options are, and how to compare two of them in full.
void write_option_list(std::string& out, const Set& set) {
    out += "<table class=\"options\">\n<thead><tr><th class=\"num\">Run</th><th>Option</th>"
           "<th>What it does</th></tr></thead>\n<tbody>\n";
    for (const auto& option : set.options) {
        const bool this_run = option.run_id == set.run_id;
        out +=
            fmt::format("<tr{}><td class=\"num\">{}</td><td>{}{}</td><td>{}</td></tr>\n",
                        this_run ? " class=\"this\"" : "", option.run_id, escape_html(option.name),
                        option_note(option, this_run), escape_html(option.title));
    }
    out += "</tbody>\n</table>\n";
    if (set.options.size() < 2) {
        return;
    }
    // This option against the base, or the base against the next option.
    const auto base = set.options.front().run_id;
    const auto other = set.run_id != base ? set.run_id : set.options[1].run_id;
    out += fmt::format("<p class=\"key\">Every figure of two options side by side: "
                       "<code>specflow compare {} {}</code>, or any two of the runs above.</p>\n",
                       base, other);
}

void write_icbs(std::string& out, const Set& set) {
    out += fmt::format("<h3>Each ICB&rsquo;s outturn after recharges and pool transfers, {}</h3>\n",
                       escape_html(set.fy));
    const std::size_t height_px =
        k_chart_frame_px +
        set.icbs.size() * (set.options.size() * k_chart_bar_px + k_chart_row_gap_px);
    out += fmt::format("<div class=\"chart\" id=\"chart-options\" style=\"height:{}px\" "
                       "role=\"img\" aria-label=\"Each ICB's outturn from P5 to P95 by "
                       "option\"></div>\n",
                       height_px);
    out += "<p class=\"key\">Each bar spans the ICB&rsquo;s outturn from a bad year (P5) to a "
           "good one (P95) under one option; the dark tick is the median (P50). Left of the "
           "dashed line the ICB overspends.</p>\n";
    write_grouped_table(
        out, set,
        "<th class=\"num\">Outturn P5</th><th class=\"num\">P50</th><th class=\"num\">P95</th>"
        "<th class=\"num\">" +
            probability_heading(set) +
            "</th><th class=\"num\">Recharges (mean)</th><th class=\"num\">Pool transfer "
            "(mean)</th>",
        set.icbs, [](const Set::IcbFigures& f) {
            return outturn_cell(f.outturn_p5) + outturn_cell(f.outturn_p50) +
                   outturn_cell(f.outturn_p95) + "<td class=\"num\">" +
                   probability_text(f.probability_overspend_above) + "</td>" +
                   amount_cells({f.recharges_mean, f.pool_transfer_mean});
        });
    out += "<p class=\"key\">Outturn is budget &minus; spend after the ICB&rsquo;s recharges "
           "and risk-pool transfers: + is an underspend, &minus; an overspend (in red). P5 is "
           "exceeded in 95% of replications. " +
           probability_heading(set) + " is " + probability_key(set) +
           ". Recharges: + paid to a host, &minus; due to the ICB as host; pool transfer: + "
           "received.</p>\n";
}

void write_hosts(std::string& out, const Set& set) {
    if (set.hosts.empty()) {
        return;
    }
    out += fmt::format("<h3>A host&rsquo;s largest cash exposure at a month&rsquo;s end, {}</h3>\n",
                       escape_html(set.fy));
    const bool exposed = std::any_of(set.hosts.begin(), set.hosts.end(), [](const auto& host) {
        return std::any_of(host.by_option.begin(), host.by_option.end(),
                           [](const Set::HostFigures& f) { return f.exposure_p95 != 0.0; });
    });
    if (!exposed) {
        out += "<p class=\"key\">No host carries cash for the others at any month&rsquo;s end: "
               "every option settles its recharges monthly and no participant withholds "
               "any.</p>\n";
        return;
    }
    out += "<p class=\"key\">What the host has paid providers for the other participants and not "
           "yet been paid back.</p>\n";
    write_grouped_table(out, set, "<th class=\"num\">P50</th><th class=\"num\">P95</th>", set.hosts,
                        [](const Set::HostFigures& f) {
                            return amount_cells({f.exposure_p50, f.exposure_p95});
                        });
}

void write_providers(std::string& out, const Set& set) {
    if (set.providers.empty()) {
        return;
    }
    out += fmt::format("<h3>Providers&rsquo; income, {}: how stable it is under each option</h3>\n",
                       escape_html(set.fy));
    write_grouped_table(
        out, set,
        "<th class=\"num\">Mean</th><th class=\"num\">P5</th><th class=\"num\">P95</th>"
        "<th class=\"num\">P5&ndash;P95 width</th>",
        set.providers, [](const Set::ProviderFigures& f) {
            return amount_cells(
                {f.income_mean, f.income_p5, f.income_p95, f.income_p95 - f.income_p5});
        });
}

} // namespace

void write_options_section(std::string& out, NumberedSections& sections, const ReportData& data) {
    const auto& set = data.options;
    if (set.empty()) {
        return;
    }
    sections.start(
        out, "options", "Options side by side",
        fmt::format(
            "This run is one of {} options: arrangements of one scenario run by <code>specflow "
            "options</code> on the same random numbers (seed {}, {} replications each). In a "
            "replication every option meets the same draws of activity, so where two options "
            "differ, the difference is what the options change &mdash; hosts, recharges, risk "
            "pools &mdash; not chance. Figures are for {}, the first financial year.",
            set.options.size(), data.seed, fmt::group_digits(data.replications),
            escape_html(set.fy)));
    write_option_list(out, set);
    write_icbs(out, set);
    write_hosts(out, set);
    write_providers(out, set);
    out += "</section>\n";
}

json options_chart_json(const OptionSetData& options) {
    json names = json::array();
    for (const auto& option : options.options) {
        names.push_back(option.name);
    }
    json icbs = json::array();
    for (const auto& icb : options.icbs) {
        json p5 = json::array();
        json p50 = json::array();
        json p95 = json::array();
        for (const auto& f : icb.by_option) {
            p5.push_back(f.outturn_p5);
            p50.push_back(f.outturn_p50);
            p95.push_back(f.outturn_p95);
        }
        icbs.push_back({{"name", icb.name}, {"p5", p5}, {"p50", p50}, {"p95", p95}});
    }
    return {{"fy", options.fy}, {"names", names}, {"icbs", icbs}};
}

// A custom series per option draws, in each ICB's row, a bar from P5 to P95 in the option's
// colour (the palette's order, as the legend) with a tick at P50; the bars of the options stack
// down the row in the options' order, as the table lists them.
const std::string_view k_options_chart_js = R"js(
  function optionsOption(widthPx) {
    var set = data.options, count = set.names.length;
    function rangeSeries(name, i) {
      return {
        name: name, type: 'custom', encode: { x: [0, 1, 3], y: 2 },
        data: set.icbs.map(function (icb, k) { return [icb.p5[i], icb.p95[i], k, icb.p50[i]]; }),
        renderItem: function (params, api) {
          var lo = api.value(0), hi = api.value(1), row = api.value(2), mid = api.value(3);
          if (!isFinite(lo) || !isFinite(hi)) return null;
          var band = api.size([0, 1])[1], slot = 0.8 * band / count;
          var top = api.coord([lo, row])[1] - 0.4 * band + i * slot;
          var x0 = api.coord([lo, row])[0], x1 = api.coord([hi, row])[0];
          var bar = { type: 'rect', style: api.style(),
                      shape: { x: x0, y: top + 1, width: Math.max(2, x1 - x0), height: Math.max(2, slot - 2) } };
          if (!isFinite(mid)) return bar;
          var xm = api.coord([mid, row])[0];
          return { type: 'group', children: [bar,
            { type: 'rect', shape: { x: xm - 1.5, y: top, width: 3, height: slot }, style: { fill: '#1d2733' } }] };
        }
      };
    }
    var series = set.names.map(rangeSeries);
    series[0].markLine = { silent: true, symbol: 'none', data: [{ xAxis: 0 }],
      lineStyle: { color: '#1d2733', type: 'dashed' },
      label: { formatter: 'on budget', position: 'start' } };
    return {
      tooltip: { trigger: 'item', formatter: function (p) {
        return '<b>' + escapeText(set.icbs[p.value[2]].name) + '</b><br>' + p.marker +
          escapeText(p.seriesName) + '<br>P5 ' + millions(p.value[0], true) + ' \u00b7 P50 ' +
          millions(p.value[3], true) + ' \u00b7 P95 ' + millions(p.value[1], true);
      } },
      legend: { top: 0, left: 'center', icon: 'rect' },
      grid: grid({ top: 40, bottom: 24 }),
      xAxis: { type: 'value', name: 'Outturn, ' + set.fy + ' (+ underspend)', nameLocation: 'middle', nameGap: 28,
               axisLabel: { formatter: function (v) { return millions(v, true); } } },
      yAxis: { type: 'category', data: set.icbs.map(function (icb) { return icb.name; }), inverse: true,
               axisLabel: { interval: 0, width: Math.min(240, 0.3 * widthPx), overflow: 'break', lineHeight: 15 } },
      series: series
    };
  }
)js";

} // namespace specflow::reports
