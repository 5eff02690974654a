#include "reports/report_sections.hpp"

#include <fmt/format.h>

namespace specflow::reports {

namespace {

nlohmann::json band_json(const ReportData::Band& band) {
    return {{"p5", band.p5},
            {"p10", band.p10},
            {"p50", band.p50},
            {"p90", band.p90},
            {"p95", band.p95}};
}

} // namespace

nlohmann::json fans_json(const ReportData& data) {
    auto fans = nlohmann::json::array();
    for (const auto& fan : data.fans) {
        fans.push_back({{"provider_name", fan.provider_name},
                        {"months", fan.months},
                        {"income", band_json(fan.income)},
                        {"pressure", band_json(fan.pressure)}});
    }
    return fans;
}

void write_fan_section(std::string& out, NumberedSections& sections, const ReportData& data) {
    sections.start(
        out, "fans", "Monthly income and pressure by provider",
        data.replications > 0
            ? "The four providers whose first-year income varies most. For each, left: income; "
              "right: financial pressure (cost &minus; income), per month in &pound;m, months in "
              "financial-year order (M01 is April). The line is the median (P50) over "
              "replications; the dark band holds the middle 80% of outcomes (P10&ndash;P90) and "
              "the pale band the middle 90% (P5&ndash;P95). A wide band means an uncertain month."
            : "The four providers with the largest pressure. For each, left: income; right: "
              "financial pressure (cost &minus; income), per month in &pound;m, months in "
              "financial-year order (M01 is April). A single replication is one possible year: "
              "a line, with no bands.");
    if (data.fans.empty()) {
        write_empty(out);
    }
    for (std::size_t i = 0; i < data.fans.size(); ++i) {
        const std::string name = escape_html(data.fans[i].provider_name);
        out += fmt::format("<h3>{}</h3>\n<div class=\"pair\">\n", name);
        out += fmt::format("<div class=\"chart\" id=\"chart-fan-income-{}\" role=\"img\" "
                           "aria-label=\"Monthly income, {}\"></div>\n",
                           i, name);
        out += fmt::format("<div class=\"chart\" id=\"chart-fan-pressure-{}\" role=\"img\" "
                           "aria-label=\"Monthly pressure, {}\"></div>\n",
                           i, name);
        out += "</div>\n";
    }
    out += "</section>\n";
}

// The months in financial-year order, April (M01) first, each year named at its M01.
const std::string_view k_fan_chart_js = R"js(
  // "2024/25 M01" as "M01" over "2024/25" at the first month and at each year's M01, else "M04".
  function monthLabel(month, index) {
    var parts = String(month).split(' ');
    if (parts.length !== 2) return month;
    return index === 0 || parts[1] === 'M01' ? parts[1] + '\n' + parts[0] : parts[1];
  }
  // A single replication has one value a month: a line, no bands. The axis spans at least
  // £1m, so that a flat line is not drawn as a swing of pennies.
  function fanAxis(b) {
    var all = b.p5.concat(b.p95).filter(function (v) { return v != null && isFinite(v); });
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    if (!all.length || hi - lo >= 1) return { min: undefined, max: undefined };
    var mid = (lo + hi) / 2;
    return { min: Math.floor(mid - 0.5), max: Math.floor(mid - 0.5) + 1 };
  }
  function fanOption(fan, measure) {
    var b = fan[measure], color = measure === 'income' ? '#1f5fa8' : '#c2410c';
    var single = data.replications === 0, axis = fanAxis(b);
    function gap(lower, upper) { return lower.map(function (v, i) { return upper[i] - v; }); }
    function band(name, values, opacity) {
      return { name: name, type: 'line', stack: 'fan', stackStrategy: 'all', data: values, symbol: 'none',
               lineStyle: { width: 0 }, itemStyle: { color: color, opacity: opacity },
               areaStyle: { color: color, opacity: opacity }, tooltip: { show: false } };
    }
    var keys = single ? [['This replication', 'p50']]
                      : [['P95', 'p95'], ['P90', 'p90'], ['P50', 'p50'], ['P10', 'p10'], ['P5', 'p5']];
    var line = { name: single ? 'This replication' : 'P50', type: 'line', data: b.p50, symbolSize: 5,
                 itemStyle: { color: color }, lineStyle: { color: color, width: 2.5 } };
    return {
      title: { text: measure === 'income' ? 'Income' : 'Pressure', left: 0, top: 0,
               textStyle: { fontSize: 14, fontWeight: 600, color: '#1d2733' } },
      tooltip: { trigger: 'axis', formatter: function (ps) {
        var i = ps[0].dataIndex;
        return '<b>' + escapeText(fan.months[i]) + '</b><br>' + keys.map(function (k) {
          return k[0] + ': ' + millions(b[k[1]][i]);
        }).join('<br>');
      } },
      legend: { data: single ? [line.name]
                             : [{ name: 'P5\u2013P95', icon: 'rect' }, { name: 'P10\u2013P90', icon: 'rect' }, 'P50'],
                top: 0, right: 0 },
      grid: grid({}),
      xAxis: { type: 'category', data: fan.months, boundaryGap: false,
               axisLabel: { formatter: monthLabel, lineHeight: 15 } },
      yAxis: { type: 'value', scale: true, min: axis.min, max: axis.max,
               axisLabel: { formatter: function (v) { return millions(v); } } },
      series: single ? [line] : [
        { name: 'base', type: 'line', stack: 'fan', stackStrategy: 'all', data: b.p5, symbol: 'none',
          lineStyle: { width: 0 }, silent: true, tooltip: { show: false } },
        band('P5\u2013P95', gap(b.p5, b.p10), 0.18),
        band('P10\u2013P90', gap(b.p10, b.p90), 0.38),
        band('P5\u2013P95', gap(b.p90, b.p95), 0.18),
        line
      ]
    };
  }

)js";

} // namespace specflow::reports
