// Longer than the house's ~600 lines on purpose: about 265 of them are the report's JavaScript
// (the charts' options), kept beside the C++ that fills in its data so that a chart and its data
// change in one place. Moving the script to a .js file embedded at build time is the next split.

#include "reports/html_report.hpp"

#include "reports/html_page.hpp"
#include "reports/options_section.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <string_view>

namespace specflow::reports {

namespace {

using nlohmann::json;

// Heat map height: room for the colour scale and the providers' names, then one row per ICB.
constexpr std::size_t k_heat_frame_px = 200;
constexpr std::size_t k_heat_row_px = 40;

json band_json(const ReportData::Band& band) {
    return {{"p5", band.p5},
            {"p10", band.p10},
            {"p50", band.p50},
            {"p90", band.p90},
            {"p95", band.p95}};
}

// Everything in ReportData, with the field names of the struct, for the charts (and for an
// analyst who opens the file's source).
json report_json(const ReportData& data) {
    json doc = {{"title", data.title},
                {"question", data.question},
                {"scenario_name", data.scenario_name},
                {"scenario_hash", data.scenario_hash},
                {"version", data.version},
                {"seed", data.seed},
                {"replications", data.replications},
                {"started_at", data.started_at},
                {"finished_at", data.finished_at},
                {"assumptions", data.assumptions},
                {"years", data.years},
                {"heat_icbs", data.heat_icbs},
                {"heat_providers", data.heat_providers}};
    auto& dft = doc["dft"] = json::array();
    for (const auto& s : data.dft) {
        dft.push_back(
            {{"icb_name", s.icb_name}, {"region_name", s.region_name}, {"dft_pct", s.dft_pct}});
    }
    auto& waterfall = doc["waterfall"] = json::array();
    for (const auto& step : data.waterfall) {
        waterfall.push_back(
            {{"label", step.label}, {"millions", step.millions}, {"total", step.total}});
    }
    auto& fans = doc["fans"] = json::array();
    for (const auto& fan : data.fans) {
        fans.push_back({{"provider_name", fan.provider_name},
                        {"months", fan.months},
                        {"income", band_json(fan.income)},
                        {"pressure", band_json(fan.pressure)}});
    }
    auto& heat = doc["heat"] = json::array();
    for (const auto& cell : data.heat) {
        heat.push_back({{"icb", cell.icb},
                        {"provider", cell.provider},
                        {"millions", cell.millions},
                        {"out_of_area", cell.out_of_area}});
    }
    if (!data.options.empty()) {
        doc["options"] = options_chart_json(data.options);
    }
    return doc;
}

// JSON that cannot end or change the state of the <script> element holding it: "</" and
// "<!--" only occur inside JSON strings, where "<\/" and "<\u0021--" mean the same text.
std::string script_safe_json(const ReportData& data) {
    return script_safe(report_json(data).dump(-1, ' ', false, json::error_handler_t::replace));
}

// Draws every .chart element from the JSON in #report-data. A chart that fails is replaced
// by a message and logged to the console, so the others are still drawn (and a test sees it).
// The script is one function: this first part, the options section's builder and k_draw_js.
constexpr std::string_view k_render_js = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var font = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var palette = ['#1f5fa8', '#e8590c', '#2b8a3e', '#c2255c', '#6741d9', '#0b7285', '#a61e4d',
                 '#5c940d', '#862e9c', '#d9480f', '#364fc7', '#087f5b'];
  var charts = [];

  function number(v, signed) {
    if (v === null || v === undefined || !isFinite(v)) return 'n/a';
    var text = oneDecimal.format(Math.abs(v));
    var zero = text === '0.0';
    return (v < 0 && !zero ? '-' : (signed && !zero ? '+' : '')) + text;
  }
  function millions(v, signed) {
    var text = number(v, signed);
    if (text === 'n/a') return text;
    var sign = /^[+-]/.test(text) ? text.charAt(0) : '';
    return sign + '\u00a3' + text.slice(sign.length) + 'm';
  }
  function percent(v) { var t = number(v, true); return t === 'n/a' ? t : t + '%'; }
  function escapeText(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function base(option) {
    option.animation = false;
    option.color = palette;
    option.textStyle = { fontFamily: font };
    return option;
  }
  // A viewBox lets the SVG scale to the width of a printed page (see the print CSS).
  function scalable(el) {
    var svg = el.querySelector('svg');
    if (svg) svg.setAttribute('viewBox', '0 0 ' + svg.getAttribute('width') + ' ' + svg.getAttribute('height'));
  }
  function draw(id, build) {
    var el = document.getElementById(id);
    if (!el) return;
    try {
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.on('finished', function () { scalable(el); });
      chart.setOption(base(build(el.clientWidth)));
      charts.push({ chart: chart, el: el, build: build, heightPx: el.clientHeight });
    } catch (e) {
      console.error('chart ' + id + ' could not be drawn: ' + e);
      el.textContent = 'This chart could not be drawn: ' + e.message;
    }
  }
  function grid(extra) {
    var g = { left: 12, right: 24, top: 48, bottom: 12, outerBoundsMode: 'same', outerBoundsContain: 'all' };
    for (var k in extra) g[k] = extra[k];
    return g;
  }

  function dftOption() {
    var many = data.dft.length > 12;
    return {
      tooltip: { trigger: 'axis', formatter: function (ps) {
        var shown = ps.filter(function (p) { return p.value != null && !isNaN(p.value); });
        var rows = shown.sort(function (a, b) { return b.value - a.value; }).map(function (p) {
          var s = data.dft[p.seriesIndex];
          return p.marker + escapeText(s.icb_name) + ' <span style="color:#5b6775">(' +
            escapeText(s.region_name) + ')</span> <b>' + percent(p.value) + '</b>';
        });
        return '<b>' + escapeText(ps[0].axisValue) + '</b><br>' + rows.join('<br>');
      } },
      legend: { type: many ? 'scroll' : 'plain', bottom: 0, left: 'center' },
      grid: grid({ bottom: many ? 40 : 24 + 22 * Math.ceil(data.dft.length / 2) }),
      xAxis: { type: 'category', data: data.years },
      yAxis: { type: 'value', name: 'Distance from target', nameGap: 16,
               axisLabel: { formatter: function (v) { return percent(v); } } },
      series: data.dft.map(function (s, i) {
        var line = { name: s.icb_name, type: 'line', data: s.dft_pct, symbolSize: 7 };
        if (i === 0) line.markLine = { silent: true, symbol: 'none', data: [{ yAxis: 0 }],
          lineStyle: { color: '#1d2733', type: 'dashed' }, label: { formatter: 'on target', position: 'insideEndTop' } };
        return line;
      })
    };
  }

  // A floating bar per step, drawn as a transparent base with the visible part stacked on it;
  // a step that crosses zero is split at zero, so that each part stacks on its own side.
  function waterfallSeries(steps) {
    var running = 0, w = { base: [], total: [], up: [], upBelow: [], down: [], downBelow: [], after: [], levels: [] };
    steps.forEach(function (s) {
      var start = s.total ? 0 : running, end = s.total ? s.millions : running + s.millions;
      var lo = Math.min(start, end), hi = Math.max(start, end), rising = !s.total && s.millions >= 0;
      var above = '-', below = '-', base = 0;
      if (!s.total && lo >= 0) { base = lo; above = hi - lo; }
      else if (!s.total && hi <= 0) { base = hi; below = lo - hi; }
      else if (!s.total) { above = hi; below = lo; }
      w.base.push(base);
      w.total.push(s.total ? s.millions : '-');
      w.up.push(rising ? above : '-'); w.upBelow.push(rising ? below : '-');
      w.down.push(!s.total && !rising ? above : '-'); w.downBelow.push(!s.total && !rising ? below : '-');
      w.after.push(end);
      w.levels.push(end);
      if (!s.total) w.levels.push(start);
      running = end;
    });
    return w;
  }
  // When the steps are small beside the totals, the axis starts near the lowest level instead
  // of zero, or the steps would be a pixel high; the chart says so.
  function waterfallAxisMin(steps, w) {
    var lo = Math.min.apply(null, w.levels), hi = Math.max.apply(null, w.levels);
    var largestStep = steps.reduce(function (m, s) { return s.total ? m : Math.max(m, Math.abs(s.millions)); }, 0);
    if (lo <= 0 || largestStep === 0 || largestStep > 0.1 * hi) return null;
    var unit = Math.pow(10, Math.floor(Math.log10(Math.max(hi - lo, largestStep))));
    return Math.floor((lo - 0.25 * (hi - lo)) / unit) * unit;
  }
  function waterfallOption(widthPx) {
    var steps = data.waterfall, w = waterfallSeries(steps), axisMin = waterfallAxisMin(steps, w);
    function bar(name, values, color, position, label) {
      return { name: name, type: 'bar', stack: 'flow', data: values, itemStyle: { color: color },
               barCategoryGap: '30%', label: { show: true, position: position, formatter: label } };
    }
    function stepLabel(p) {
      var s = steps[p.dataIndex], split = w.up[p.dataIndex] !== '-' || w.down[p.dataIndex] !== '-';
      return /Below/.test(p.seriesId) && split ? '' : millions(s.millions, true);
    }
    var option = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) {
        var i = ps[0].dataIndex, s = steps[i];
        return '<b>' + escapeText(s.label) + '</b><br>' + (s.total ? 'Total: ' : 'Change: ') +
          millions(s.millions, !s.total) + (s.total ? '' : '<br>Running total: ' + millions(w.after[i]));
      } },
      legend: { data: ['Total', 'Increase', 'Decrease'], top: 0, right: 0 },
      grid: grid({}),
      xAxis: { type: 'category', data: steps.map(function (s) { return s.label; }),
               axisLabel: { interval: 0, width: Math.max(60, widthPx / steps.length - 16), overflow: 'break', lineHeight: 15 } },
      yAxis: { type: 'value', min: axisMin === null ? undefined : axisMin,
               axisLabel: { formatter: function (v) { return millions(v); } } },
      series: [
        { name: 'base', type: 'bar', stack: 'flow', data: w.base, silent: true,
          itemStyle: { color: 'transparent' }, tooltip: { show: false } },
        bar('Total', w.total, '#1f5fa8', 'top', function (p) { return millions(p.value); }),
        bar('Increase', w.up, '#2b8a3e', 'top', stepLabel),
        bar('Decrease', w.down, '#c92a2a', 'top', stepLabel),
        bar('Increase', w.upBelow, '#2b8a3e', 'bottom', stepLabel),
        bar('Decrease', w.downBelow, '#c92a2a', 'bottom', stepLabel)
      ]
    };
    option.series[4].id = 'increaseBelow';
    option.series[5].id = 'decreaseBelow';
    if (axisMin !== null) {
      option.grid.top = 64;
      option.graphic = [{ type: 'text', left: 0, top: 30, style: { fill: '#5b6775', fontSize: 12,
        text: 'The axis starts at ' + millions(axisMin) + ', not at zero: totals are cut short so that the steps show.' } }];
    }
    return option;
  }

  // "2024/25 M01" as "M01" over "2024/25" at the first month and at each year's M01, else "M04".
  function monthLabel(month, index) {
    var parts = String(month).split(' ');
    if (parts.length !== 2) return month;
    return index === 0 || parts[1] === 'M01' ? parts[1] + '\n' + parts[0] : parts[1];
  }
  function fanOption(fan, measure) {
    var b = fan[measure], color = measure === 'income' ? '#1f5fa8' : '#c2410c';
    function gap(lower, upper) { return lower.map(function (v, i) { return upper[i] - v; }); }
    function band(name, values, opacity) {
      return { name: name, type: 'line', stack: 'fan', stackStrategy: 'all', data: values, symbol: 'none',
               lineStyle: { width: 0 }, itemStyle: { color: color, opacity: opacity },
               areaStyle: { color: color, opacity: opacity }, tooltip: { show: false } };
    }
    var keys = [['P95', 'p95'], ['P90', 'p90'], ['P50', 'p50'], ['P10', 'p10'], ['P5', 'p5']];
    return {
      title: { text: measure === 'income' ? 'Income' : 'Pressure', left: 0, top: 0,
               textStyle: { fontSize: 14, fontWeight: 600, color: '#1d2733' } },
      tooltip: { trigger: 'axis', formatter: function (ps) {
        var i = ps[0].dataIndex;
        return '<b>' + escapeText(fan.months[i]) + '</b><br>' + keys.map(function (k) {
          return k[0] + ': ' + millions(b[k[1]][i]);
        }).join('<br>');
      } },
      legend: { data: [{ name: 'P5\u2013P95', icon: 'rect' }, { name: 'P10\u2013P90', icon: 'rect' }, 'P50'], top: 0, right: 0 },
      grid: grid({}),
      xAxis: { type: 'category', data: fan.months, boundaryGap: false,
               axisLabel: { formatter: monthLabel, lineHeight: 15 } },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: function (v) { return millions(v); } } },
      series: [
        { name: 'base', type: 'line', stack: 'fan', stackStrategy: 'all', data: b.p5, symbol: 'none',
          lineStyle: { width: 0 }, silent: true, tooltip: { show: false } },
        band('P5\u2013P95', gap(b.p5, b.p10), 0.18),
        band('P10\u2013P90', gap(b.p10, b.p90), 0.38),
        band('P5\u2013P95', gap(b.p90, b.p95), 0.18),
        { name: 'P50', type: 'line', data: b.p50, symbolSize: 5, itemStyle: { color: color },
          lineStyle: { color: color, width: 2.5 } }
      ]
    };
  }

  // ICB names wrap within a fixed column; providers' names wrap under their cells when the
  // cells are wide enough, and are slanted otherwise.
  function heatAxes(widthPx) {
    var icbWidth = Math.min(260, 0.3 * widthPx);
    var cell = (widthPx - icbWidth - 60) / Math.max(1, data.heat_providers.length);
    var providerLabel = cell >= 110 ? { interval: 0, width: cell - 12, overflow: 'break', lineHeight: 15 }
                                    : { interval: 0, rotate: 40, width: 220, overflow: 'break', lineHeight: 15 };
    return {
      xAxis: { type: 'category', data: data.heat_providers, axisLabel: providerLabel },
      yAxis: { type: 'category', data: data.heat_icbs, inverse: true,
               axisLabel: { interval: 0, width: icbWidth, overflow: 'break', lineHeight: 15 } }
    };
  }
  function heatOption(widthPx) {
    var max = data.heat.reduce(function (m, c) { return Math.max(m, c.millions); }, 0) || 1;
    var labelled = data.heat.length <= 400, axes = heatAxes(widthPx);
    var cells = data.heat.map(function (c) {
      var dark = c.millions > 0.55 * max;
      return { value: [c.provider, c.icb, c.millions], outOfArea: c.out_of_area,
               label: { color: dark ? '#fff' : '#1d2733' },
               itemStyle: c.out_of_area ? { borderColor: '#e8590c', borderWidth: 2 }
                                        : { borderColor: '#fff', borderWidth: 2 } };
    });
    return {
      tooltip: { formatter: function (p) {
        return escapeText(data.heat_icbs[p.value[1]]) + ' \u2192 ' + escapeText(data.heat_providers[p.value[0]]) +
          '<br><b>' + millions(p.value[2]) + '</b>' + (p.data.outOfArea ? ' (out of area)' : '');
      } },
      visualMap: { min: 0, max: max, calculable: false, orient: 'horizontal', left: 'center', top: 0,
                   itemHeight: 260, dimension: 2, text: [millions(max), '\u00a30m'],
                   inRange: { color: ['#f1f6fb', '#c6dbef', '#6baed6', '#2171b5', '#08306b'] } },
      grid: grid({ top: 64 }),
      xAxis: axes.xAxis,
      yAxis: axes.yAxis,
      series: [{ type: 'heatmap', data: cells,
                 label: { show: labelled, formatter: function (p) {
                   return number(p.value[2]) + (p.data.outOfArea ? ' \u25c6' : ''); } },
                 emphasis: { itemStyle: { shadowBlur: 6, shadowColor: 'rgba(0,0,0,.35)' } } }]
    };
  }

)js";

// The charts' drawing, after every chart's option builder (k_render_js, then each section's own
// builders, such as the options'), and the redrawing for the window's width and for print.
constexpr std::string_view k_draw_js = R"js(
  if (data.options) draw('chart-options', optionsOption);
  draw('chart-dft', dftOption);
  draw('chart-waterfall', waterfallOption);
  data.fans.forEach(function (fan, i) {
    draw('chart-fan-income-' + i, function () { return fanOption(fan, 'income'); });
    draw('chart-fan-pressure-' + i, function () { return fanOption(fan, 'pressure'); });
  });
  draw('chart-heat', heatOption);

  // Before printing, redraw at the width of an A4 text column, so that labels keep their size;
  // afterwards, at the window's width again.
  // The height drawn at first is kept: the print CSS lets a container's height follow its
  // SVG, so measuring it then would give zero.
  var printWidthPx = 680;
  function resizeAll(maxWidthPx) {
    charts.forEach(function (c) {
      var widthPx = Math.min(c.el.clientWidth, maxWidthPx || Infinity);
      c.chart.resize({ width: widthPx, height: c.heightPx });
      c.chart.setOption(base(c.build(widthPx)), true); // labels wrap to the new width
    });
  }
  window.addEventListener('resize', function () { resizeAll(); });
  window.addEventListener('beforeprint', function () { resizeAll(printWidthPx); });
  window.addEventListener('afterprint', function () { resizeAll(); });
  var version = document.getElementById('echarts-version');
  if (version) version.textContent = echarts.version;
  document.documentElement.setAttribute('data-charts-drawn', String(charts.length));
})();
)js";

void write_head(std::string& out, const ReportData& data) {
    out += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
    out +=
        fmt::format("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n", k_page_csp);
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"generator\" content=\"specflow " + escape_html(data.version) + "\">\n";
    out += "<title>" + escape_html(data.title) + " \xe2\x80\x94 specflow scenario report</title>\n";
    out += "<style>";
    out += k_page_css;
    out += "</style>\n</head>\n";
}

void write_header(std::string& out, const ReportData& data) {
    out += "<header>\n<p class=\"eyebrow\">specflow scenario report</p>\n";
    out += "<h1>" + escape_html(data.title) + "</h1>\n";
    if (!data.question.empty()) {
        out += "<p class=\"question\"><strong>The question.</strong> " +
               escape_html(data.question) + "</p>\n";
    }
    const std::string runs =
        data.replications == 0
            ? std::string("a single replication")
            : fmt::format("{}", fmt::group_digits(data.replications)) + " replications";
    out += fmt::format(
        "<p class=\"meta\">Scenario {} &middot; seed {} &middot; {} &middot; run finished {}</p>\n",
        escape_html(data.scenario_name), data.seed, runs, escape_html(data.finished_at));
    out += "</header>\n<noscript><p class=\"empty\">The charts need JavaScript; the tables below "
           "do not.</p></noscript>\n";
}

void write_empty(std::string& out) {
    out += "<p class=\"empty\">The run has no data for this section.</p>\n";
}

void write_chart_sections(std::string& out, NumberedSections& sections, const ReportData& data) {
    sections.start(
        out, "dft", "Distance from target by ICB",
        "Each line is one ICB&rsquo;s allocation for specialised services against its fair-shares "
        "target, year by year: above the dashed line the ICB receives more than its target, below "
        "it less. Lines converging on the dashed line show the convergence policy at work." +
            std::string(std::any_of(data.dft.begin(), data.dft.end(),
                                    [](const auto& series) {
                                        return std::any_of(series.dft_pct.begin(),
                                                           series.dft_pct.end(),
                                                           [](double v) { return std::isnan(v); });
                                    })
                            ? " A line that stops ends with an ICB a reconfiguration ended; one "
                              "that starts late is an ICB it formed, from its baseline carried "
                              "from its predecessors."
                            : ""));
    if (data.dft.empty()) {
        write_empty(out);
    } else {
        out += "<div class=\"chart\" id=\"chart-dft\" role=\"img\" aria-label=\"Distance from "
               "target by ICB and year\"></div>\n";
    }
    out += "</section>\n";

    sections.start(
        out, "waterfall", "From allocation to provider income",
        "Read left to right, first financial year: what providers were paid, one step per "
        "contract kind (high-cost drugs included), adds up to provider income; what the budget "
        "holders did not pay out (red where they overspent) makes up the allocations. Blue bars "
        "are totals. Hover a bar for the running total.");
    if (data.waterfall.empty()) {
        write_empty(out);
    } else {
        out += "<div class=\"chart\" id=\"chart-waterfall\" role=\"img\" aria-label=\"Waterfall "
               "from allocation to provider income\"></div>\n";
    }
    out += "</section>\n";
}

void write_fan_section(std::string& out, NumberedSections& sections, const ReportData& data) {
    sections.start(
        out, "fans", "Monthly income and pressure by provider",
        "For each provider, left: income; right: financial pressure, per month in &pound;m. The "
        "line is the median (P50) over replications; the dark band holds the middle 80% of "
        "outcomes (P10&ndash;P90) and the pale band the middle 90% (P5&ndash;P95). A wide band "
        "means an uncertain month; a single replication draws a line only.");
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

void write_heat_section(std::string& out, NumberedSections& sections, const ReportData& data) {
    sections.start(
        out, "flows", "Where patients are treated: ICB &times; provider",
        "Each cell is the planned activity value (&pound;m, first financial year) of patients "
        "from the ICB in the row treated by the provider in the column; darker is larger, empty "
        "cells have no flow.");
    if (data.heat.empty()) {
        write_empty(out);
    } else {
        const std::size_t height_px = k_heat_frame_px + k_heat_row_px * data.heat_icbs.size();
        out +=
            fmt::format("<div class=\"chart\" id=\"chart-heat\" style=\"height:{}px\" role=\"img\" "
                        "aria-label=\"Flows from ICBs to providers\"></div>\n",
                        height_px);
        out += "<p class=\"key\"><span class=\"swatch\"></span>Cells outlined in orange and marked "
               "&#9670; are <strong>out-of-area</strong> flows: the provider&rsquo;s home ICB is "
               "not the "
               "patients&rsquo; ICB.</p>\n";
    }
    out += "</section>\n";
}

void write_risk_table(std::string& out, NumberedSections& sections, const ReportData& data) {
    sections.start(
        out, "income-at-risk", "Income at risk",
        "First financial year, per provider. Income at risk is the gap between the median "
        "income (P50) and the income of a bad year (P5, exceeded in 95% of replications); the "
        "probability of a loss is the share of replications in which the provider&rsquo;s "
        "costs exceed its income.");
    if (data.income_at_risk.empty()) {
        write_empty(out);
        out += "</section>\n";
        return;
    }
    out += "<table>\n<thead><tr><th>Provider</th><th class=\"num\">Income P50</th><th "
           "class=\"num\">Income P5</th>"
           "<th class=\"num\">Income at risk</th><th class=\"num\">Pressure P90</th>"
           "<th class=\"num\">Probability of a loss</th></tr></thead>\n<tbody>\n";
    for (const auto& row : data.income_at_risk) {
        out +=
            fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
                        "class=\"num\">{}</td>"
                        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                        escape_html(row.provider_name), millions_text(row.income_p50),
                        millions_text(row.income_p5), millions_text(row.income_at_risk),
                        millions_text(row.pressure_p90), probability_text(row.probability_of_loss));
    }
    out += "</tbody>\n</table>\n</section>\n";
}

std::string_view outturn_status(double variance) {
    if (variance > 0) {
        return "underspend";
    }
    return variance < 0 ? "overspend" : "on budget";
}

void write_outturn_table(std::string& out, NumberedSections& sections, const ReportData& data) {
    sections.start(
        out, "outturn", "ICB over- and underspend",
        "Per ICB and financial year: the budget for specialised services, what was spent, and "
        "the variance (budget &minus; spend). A positive variance is an underspend; overspends "
        "are shown in red.");
    if (data.icb_outturn.empty()) {
        write_empty(out);
        out += "</section>\n";
        return;
    }
    out += "<table>\n<thead><tr><th>ICB</th><th>Year</th><th class=\"num\">Budget</th><th "
           "class=\"num\">Spend</th>"
           "<th class=\"num\">Variance</th><th>Outturn</th></tr></thead>\n<tbody>\n";
    for (const auto& row : data.icb_outturn) {
        out += fmt::format(
            "<tr{}><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
            "<td class=\"num variance\">{}</td><td>{}</td></tr>\n",
            row.variance < 0 ? " class=\"over\"" : "", escape_html(row.icb_name),
            escape_html(row.year), millions_text(row.budget), millions_text(row.spend),
            millions_text(row.variance), outturn_status(row.variance));
    }
    out += "</tbody>\n</table>\n</section>\n";
}

void write_assumptions_table(std::string& out, NumberedSections& sections, const ReportData& data) {
    sections.start(
        out, "assumptions", "Assumptions",
        "Every parameter the scenario sets, illustrative ones included, as written in the "
        "scenario file.");
    if (data.assumptions.empty()) {
        write_empty(out);
        out += "</section>\n";
        return;
    }
    out += "<table>\n<thead><tr><th>Parameter</th><th>Value</th></tr></thead>\n<tbody>\n";
    for (const auto& [name, value] : data.assumptions) {
        out += "<tr><td>" + escape_html(name) + "</td><td>" + escape_html(value) + "</td></tr>\n";
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

void write_scripts(std::string& out, const ReportData& data) {
    out += "<footer>Generated by specflow " + escape_html(data.version) +
           ". Charts drawn by Apache ECharts <span id=\"echarts-version\"></span> (Apache License "
           "2.0), "
           "included in this file: the report needs no network.</footer>\n</main>\n";
    out += "<script id=\"echarts-library\">\n";
    out.append(k_echarts_js, k_echarts_js_size);
    out += "\n</script>\n<script id=\"report-data\" type=\"application/json\">";
    out += script_safe_json(data);
    out += "</script>\n<script id=\"report-charts\">";
    out += k_render_js;
    out += k_options_chart_js;
    out += k_draw_js;
    out += "</script>\n";
}

} // namespace

std::string html_report(const ReportData& data) {
    std::string out;
    out.reserve(k_echarts_js_size + k_page_css.size() + k_render_js.size() +
                k_options_chart_js.size() + k_draw_js.size() + 64 * 1024);
    write_head(out, data);
    out += "<body>\n<main>\n";
    write_header(out, data);
    NumberedSections sections;
    // An option's report opens with what it was run for: the options side by side.
    write_options_section(out, sections, data);
    write_chart_sections(out, sections, data);
    write_fan_section(out, sections, data);
    write_heat_section(out, sections, data);
    write_risk_table(out, sections, data);
    write_outturn_table(out, sections, data);
    write_assumptions_table(out, sections, data);
    write_metadata_table(out, sections, data);
    write_scripts(out, data);
    out += "</body>\n</html>\n";
    return out;
}

} // namespace specflow::reports
