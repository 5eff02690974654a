#include "reports/report_sections.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace specflow::reports {

namespace {

using nlohmann::json;

// A region's chart: the plot, then its legend, two ICBs a row.
constexpr std::size_t k_dft_chart_px = 240;
constexpr std::size_t k_dft_legend_row_px = 18;

// The regions in the order their first ICB comes (the store's, by ICB code), each with its ICBs.
std::vector<std::pair<std::string, std::vector<const ReportData::DftSeries*>>>
by_region(const ReportData& data) {
    std::vector<std::pair<std::string, std::vector<const ReportData::DftSeries*>>> regions;
    for (const auto& series : data.dft) {
        auto region = std::find_if(regions.begin(), regions.end(),
                                   [&](const auto& r) { return r.first == series.region_name; });
        if (region == regions.end()) {
            regions.push_back({series.region_name, {}});
            region = std::prev(regions.end());
        }
        region->second.push_back(&series);
    }
    std::sort(regions.begin(), regions.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [name, icbs] : regions) {
        std::sort(icbs.begin(), icbs.end(),
                  [](const auto* a, const auto* b) { return a->icb_name < b->icb_name; });
    }
    return regions;
}

std::string pct_cell(double pct) {
    if (std::isnan(pct)) {
        return "<td class=\"num\">&ndash;</td>";
    }
    return fmt::format("<td class=\"num\">{:+.1f}%</td>", pct);
}

} // namespace

json dft_json(const ReportData& data) {
    json doc = {{"years", data.years}, {"regions", json::array()}};
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (const auto& [name, icbs] : by_region(data)) {
        json series = json::array();
        for (const auto* s : icbs) {
            json values = json::array();
            for (const double v : s->dft_pct) {
                values.push_back(std::isnan(v) ? json(nullptr) : json(v));
                if (!std::isnan(v)) {
                    low = std::min(low, v);
                    high = std::max(high, v);
                }
            }
            series.push_back({{"icb_name", s->icb_name}, {"dft_pct", values}});
        }
        doc["regions"].push_back({{"name", name}, {"series", series}});
    }
    // One scale for every region, so that the small charts compare at a glance.
    if (std::isfinite(low)) {
        doc["min"] = std::floor(std::min(low, 0.0) / 10) * 10;
        doc["max"] = std::ceil(std::max(high, 0.0) / 10) * 10;
    }
    return doc;
}

void write_dft_section(std::string& out, NumberedSections& sections, const ReportData& data) {
    const bool gaps = std::any_of(data.dft.begin(), data.dft.end(), [](const auto& series) {
        return std::any_of(series.dft_pct.begin(), series.dft_pct.end(),
                           [](double v) { return std::isnan(v); });
    });
    sections.start(
        out, "dft", "Distance from target by ICB",
        "One chart per region, on one scale: each line is an ICB&rsquo;s allocation for "
        "specialised services against its fair-shares target, from its baseline year by year. "
        "Above the dashed line the ICB receives more than its target, below it less; lines "
        "moving towards the dashed line show convergence at work. Hover a line for its ICB; the "
        "table beneath gives every value." +
            std::string(gaps ? " A line that stops ends with an ICB a reconfiguration ended; one "
                               "that starts late is an ICB it formed, from its baseline carried "
                               "from its predecessors."
                             : ""));
    if (data.dft.empty()) {
        write_empty(out);
        out += "</section>\n";
        return;
    }
    const auto regions = by_region(data);
    out += "<div class=\"pair\">\n";
    for (std::size_t r = 0; r < regions.size(); ++r) {
        const auto legend_rows = (regions[r].second.size() + 1) / 2;
        out += fmt::format("<div><h3>{}</h3><div class=\"chart\" id=\"chart-dft-{}\" "
                           "style=\"height:{}px\" role=\"img\" aria-label=\"Distance from "
                           "target, {}\"></div></div>\n",
                           escape_html(regions[r].first), r,
                           k_dft_chart_px + k_dft_legend_row_px * legend_rows,
                           escape_html(regions[r].first));
    }
    out += "</div>\n<table class=\"dft\">\n<thead><tr><th>ICB</th>";
    for (const auto& year : data.years) {
        out += "<th class=\"num\">" + escape_html(year) + "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& [name, icbs] : regions) {
        out += fmt::format("<tr class=\"group\"><th colspan=\"{}\">{}</th></tr>\n",
                           data.years.size() + 1, escape_html(name));
        for (const auto* s : icbs) {
            out += "<tr><td>" + escape_html(s->icb_name) + "</td>";
            for (const double v : s->dft_pct) {
                out += pct_cell(v);
            }
            out += "</tr>\n";
        }
    }
    out += "</tbody>\n</table>\n</section>\n";
}

// One region's ICBs, named in a legend and on hover; every region on the same scale.
const std::string_view k_dft_chart_js = R"js(
  function dftOption(region) {
    return {
      tooltip: { trigger: 'axis', formatter: function (ps) {
        var shown = ps.filter(function (p) { return p.value != null && !isNaN(p.value); });
        var rows = shown.sort(function (a, b) { return b.value - a.value; }).map(function (p) {
          return p.marker + escapeText(p.seriesName) + ' <b>' + percent(p.value) + '</b>';
        });
        return '<b>' + escapeText(ps[0].axisValue) + '</b><br>' + rows.join('<br>');
      } },
      legend: { type: 'plain', bottom: 0, left: 0, itemWidth: 14, textStyle: { fontSize: 11 } },
      grid: grid({ top: 16, bottom: 20 + 18 * Math.ceil(region.series.length / 2) }),
      xAxis: { type: 'category', data: data.dft.years },
      yAxis: { type: 'value', min: data.dft.min, max: data.dft.max,
               axisLabel: { formatter: function (v) { return percent(v); } } },
      series: region.series.map(function (s, i) {
        var line = { name: s.icb_name, type: 'line', data: s.dft_pct, symbolSize: 6 };
        if (i === 0) line.markLine = { silent: true, symbol: 'none', data: [{ yAxis: 0 }],
          lineStyle: { color: '#1d2733', type: 'dashed' }, label: { formatter: 'on target', position: 'insideEndTop' } };
        return line;
      })
    };
  }
)js";

} // namespace specflow::reports
