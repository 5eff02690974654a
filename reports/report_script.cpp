#include "reports/report_sections.hpp"

namespace specflow::reports {

// Draws every .chart element from the JSON in #report-data. A chart that fails is replaced by a
// message and logged to the console, so the others are still drawn (and a test sees it).
const std::string_view k_report_script_prelude = R"js(
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

)js";

// The charts' drawing, after every section's option builders, and the redrawing for the
// window's width and for print.
const std::string_view k_report_script_draw = R"js(
  if (data.options) draw('chart-options', optionsOption);
  data.dft.regions.forEach(function (region, i) {
    draw('chart-dft-' + i, function () { return dftOption(region); });
  });
  draw('chart-waterfall', waterfallOption);
  data.fans.forEach(function (fan, i) {
    draw('chart-fan-income-' + i, function () { return fanOption(fan, 'income'); });
    draw('chart-fan-pressure-' + i, function () { return fanOption(fan, 'pressure'); });
  });
  draw('chart-heat', heatOption);
  data.granular.regions.forEach(function (region, i) {
    draw('chart-granular-' + i, function (widthPx) { return granularOption(region, widthPx); });
  });

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
  // A printed paper shows every year's ICB table, not only the open one.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
    resizeAll(printWidthPx);
  });
  window.addEventListener('afterprint', function () { resizeAll(); });
  var version = document.getElementById('echarts-version');
  if (version) version.textContent = echarts.version;
  document.documentElement.setAttribute('data-charts-drawn', String(charts.length));
})();
)js";

void write_empty(std::string& out) {
    out += "<p class=\"empty\">The run has no data for this section.</p>\n";
}

} // namespace specflow::reports
