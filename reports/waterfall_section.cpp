#include "entities/money.hpp"
#include "reports/format.hpp"
#include "reports/report_sections.hpp"

#include <fmt/format.h>

namespace specflow::reports {

namespace {

constexpr double k_pence_per_million = 1e8;

} // namespace

nlohmann::json waterfall_json(const ReportData& data) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& step : data.waterfall) {
        steps.push_back({{"label", step.label},
                         {"pence", step.pence},
                         {"millions", static_cast<double>(step.pence) / k_pence_per_million},
                         {"total", step.total},
                         {"note", step.note}});
    }
    return steps;
}

void write_waterfall_section(std::string& out, NumberedSections& sections, const ReportData& data) {
    const bool monte_carlo = data.replications > 0;
    sections.start(
        out, "waterfall", "From allocation to provider income",
        fmt::format(
            "{}, {}. Left to right: the allocations; what each budget holder did not pay out "
            "to providers (the HCDD budget&rsquo;s and NHS England&rsquo;s direct budget&rsquo;s "
            "under- or overspend, and the ICBs&rsquo;); what is left is provider income. Then "
            "provider income by how it was paid, down to nothing: high-cost drugs from the HCDD "
            "budget, NHS England&rsquo;s direct contracts and the ICBs&rsquo; contracts by kind. "
            "Blue bars are totals; every step is shown once and the steps add up to the totals "
            "to the penny (table beneath).",
            escape_html(data.waterfall_fy.empty() ? std::string("First financial year")
                                                  : data.waterfall_fy),
            monte_carlo
                ? fmt::format("means over {} replications", fmt::group_digits(data.replications))
                : std::string("a single replication")));
    if (data.waterfall.empty()) {
        write_empty(out);
        out += "</section>\n";
        return;
    }
    out += "<div class=\"chart\" id=\"chart-waterfall\" role=\"img\" aria-label=\"Waterfall "
           "from allocation to provider income\"></div>\n";
    out += "<table class=\"waterfall\">\n<thead><tr><th>Step</th><th class=\"num\">Amount</th>"
           "<th class=\"num\">Running total</th><th>What it is</th></tr></thead>\n<tbody>\n";
    std::int64_t running = 0;
    for (const auto& step : data.waterfall) {
        running = step.total ? step.pence : running + step.pence;
        const auto amount = entities::Money::from_pence(step.pence);
        out += fmt::format(
            "<tr{}><td>{}</td><td class=\"num{}\">{}</td><td class=\"num\">{}</td><td>{}</td>"
            "</tr>\n",
            step.total ? " class=\"total\"" : "", escape_html(step.label),
            !step.total && step.pence < 0 ? " neg" : "",
            (!step.total && step.pence > 0 ? "+" : "") + format_millions(amount),
            format_millions(entities::Money::from_pence(running)), escape_html(step.note));
    }
    out += "</tbody>\n</table>\n</section>\n";
}

const std::string_view k_waterfall_chart_js = R"js(

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
          millions(s.millions, !s.total) + (s.total ? '' : '<br>Running total: ' + millions(w.after[i])) +
          (s.note ? '<br><span style="color:#5b6775">' + escapeText(s.note) + '</span>' : '');
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

)js";

} // namespace specflow::reports
