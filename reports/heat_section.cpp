#include "reports/report_sections.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>

namespace specflow::reports {

namespace {

// Heat map height: room for the colour scale and the providers' names, then one row per ICB.
constexpr std::size_t k_heat_frame_px = 200;
constexpr std::size_t k_heat_row_px = 40;

} // namespace

// Names in alphabetical order, so that a reader finds an ICB or a provider; the cells' indices
// follow them.
nlohmann::json heat_json(const ReportData& data) {
    const auto sorted = [](const std::vector<std::string>& names) {
        std::vector<std::size_t> order(names.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return names[a] < names[b]; });
        std::vector<std::size_t> position(names.size());
        std::vector<std::string> in_order;
        for (std::size_t i = 0; i < order.size(); ++i) {
            position[order[i]] = i;
            in_order.push_back(names[order[i]]);
        }
        return std::pair(in_order, position);
    };
    const auto [icbs, icb_at] = sorted(data.heat_icbs);
    const auto [providers, provider_at] = sorted(data.heat_providers);
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& cell : data.heat) {
        cells.push_back({{"icb", icb_at.at(cell.icb)},
                         {"provider", provider_at.at(cell.provider)},
                         {"millions", cell.millions},
                         {"out_of_area", cell.out_of_area}});
    }
    return {{"icbs", icbs}, {"providers", providers}, {"cells", cells}};
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
        out += "<p class=\"key\"><span class=\"swatch\"></span>The cell outlined in orange and "
               "marked &#9670; in each column is the provider&rsquo;s <strong>home ICB</strong>; "
               "every other filled cell is an <strong>out-of-area</strong> flow, patients treated "
               "outside their own ICB.</p>\n";
    }
    out += "</section>\n";
}

const std::string_view k_heat_chart_js = R"js(
  // ICB names wrap within a fixed column; providers' names wrap under their cells when the
  // cells are wide enough, and are slanted otherwise.
  function heatAxes(widthPx) {
    var icbWidth = Math.min(260, 0.3 * widthPx);
    var cell = (widthPx - icbWidth - 60) / Math.max(1, data.heat.providers.length);
    var providerLabel = cell >= 110 ? { interval: 0, width: cell - 12, overflow: 'break', lineHeight: 15 }
                                    : { interval: 0, rotate: 90, width: 300, overflow: 'truncate' };
    return {
      xAxis: { type: 'category', data: data.heat.providers, axisLabel: providerLabel },
      yAxis: { type: 'category', data: data.heat.icbs, inverse: true,
               axisLabel: { interval: 0, width: icbWidth, overflow: 'break', lineHeight: 15 } }
    };
  }
  function heatOption(widthPx) {
    var max = data.heat.cells.reduce(function (m, c) { return Math.max(m, c.millions); }, 0) || 1;
    var labelled = data.heat.cells.length <= 400, axes = heatAxes(widthPx);
    // Most cells are out of area (patients travel to a specialist centre), so the exception is
    // marked: the provider's home ICB, outlined and labelled with a diamond.
    var cells = data.heat.cells.map(function (c) {
      var dark = c.millions > 0.55 * max, home = !c.out_of_area;
      return { value: [c.provider, c.icb, c.millions], outOfArea: c.out_of_area,
               label: { color: dark ? '#fff' : '#1d2733', show: labelled || home },
               itemStyle: home ? { borderColor: '#e8590c', borderWidth: 3 }
                               : { borderColor: '#fff', borderWidth: 2 } };
    });
    return {
      tooltip: { formatter: function (p) {
        return escapeText(data.heat.icbs[p.value[1]]) + ' \u2192 ' + escapeText(data.heat.providers[p.value[0]]) +
          '<br><b>' + millions(p.value[2]) + '</b>' + (p.data.outOfArea ? ' (out of area)' : ' (the provider\u2019s home ICB)');
      } },
      visualMap: { min: 0, max: max, calculable: false, orient: 'horizontal', left: 'center', top: 0,
                   itemHeight: 260, dimension: 2, text: [millions(max), '\u00a30m'],
                   inRange: { color: ['#f1f6fb', '#c6dbef', '#6baed6', '#2171b5', '#08306b'] } },
      grid: grid({ top: 64 }),
      xAxis: axes.xAxis,
      yAxis: axes.yAxis,
      series: [{ type: 'heatmap', data: cells,
                 label: { formatter: function (p) {
                   return (p.data.outOfArea ? '' : '\u25c6 ') + (labelled ? number(p.value[2]) : ''); } },
                 emphasis: { itemStyle: { shadowBlur: 6, shadowColor: 'rgba(0,0,0,.35)' } } }]
    };
  }

)js";

} // namespace specflow::reports
