#include "reports/report_sections.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace specflow::reports {

namespace {

using nlohmann::json;
using Cell = ReportData::GranularCell;

// A region's heat map: the colour scale and the lines' names, then a row per ICB.
constexpr std::size_t k_granular_frame_px = 190;
constexpr std::size_t k_granular_row_px = 34;
// The pairs named beneath each region's map, furthest below and furthest above fair share.
// Illustrative: three is what a panel reads at a glance; granular.csv has every pair.
constexpr std::size_t k_named_gaps = 3;

struct Region {
    std::string name;
    std::vector<std::string> icbs;
    std::vector<const Cell*> cells;
};

std::vector<Region> regions_of(const ReportData& data) {
    std::map<std::string, Region> regions;
    for (const auto& cell : data.granular) {
        auto& region = regions[cell.region_name];
        region.name = cell.region_name;
        if (std::find(region.icbs.begin(), region.icbs.end(), cell.icb_name) == region.icbs.end()) {
            region.icbs.push_back(cell.icb_name);
        }
        region.cells.push_back(&cell);
    }
    std::vector<Region> result;
    for (auto& [name, region] : regions) {
        std::sort(region.icbs.begin(), region.icbs.end());
        result.push_back(std::move(region));
    }
    return result;
}

std::vector<std::string> lines_of(const ReportData& data) {
    std::vector<std::string> lines;
    for (const auto& cell : data.granular) {
        if (std::find(lines.begin(), lines.end(), cell.line_name) == lines.end()) {
            lines.push_back(cell.line_name);
        }
    }
    return lines;
}

// The pairs furthest below (gap most negative) or above fair share, by the gap in pounds.
std::vector<const Cell*> furthest(const Region& region, bool below) {
    std::vector<const Cell*> cells;
    for (const auto* cell : region.cells) {
        if (below ? cell->gap < 0 : cell->gap > 0) {
            cells.push_back(cell);
        }
    }
    std::sort(cells.begin(), cells.end(), [below](const Cell* a, const Cell* b) {
        return below ? a->gap < b->gap : a->gap > b->gap;
    });
    cells.resize(std::min(cells.size(), k_named_gaps));
    return cells;
}

std::string gap_text(const Cell& cell) {
    return fmt::format("{}{} ({})", cell.gap > 0 ? "+" : "", millions_text(cell.gap),
                       cell.gap_pct ? fmt::format("{:+.1f}% of fair share", *cell.gap_pct)
                                    : std::string("no fair share"));
}

json cell_json(const Cell& cell) {
    return {
        {"icb", cell.icb_name}, {"line", cell.line_name},
        {"spend", cell.spend},  {"fair_share", cell.fair_share},
        {"gap", cell.gap},      {"gap_pct", cell.gap_pct ? json(*cell.gap_pct) : json(nullptr)}};
}

} // namespace

json granular_json(const ReportData& data) {
    json doc = {{"fy", data.granular_fy}, {"lines", lines_of(data)}, {"regions", json::array()}};
    for (const auto& region : regions_of(data)) {
        json cells = json::array();
        for (const auto* cell : region.cells) {
            cells.push_back(cell_json(*cell));
        }
        doc["regions"].push_back({{"name", region.name}, {"icbs", region.icbs}, {"cells", cells}});
    }
    return doc;
}

void write_granular_section(std::string& out, NumberedSections& sections, const ReportData& data) {
    if (data.granular.empty()) {
        return; // a run stored before the granular view has none
    }
    sections.start(
        out, "granular", "Spend against fair share by service line",
        fmt::format(
            "{}, planned. For each region, each ICB&rsquo;s planned spend on each service line "
            "(its patients&rsquo; care wherever they are treated, high-cost drugs left out) "
            "against its fair share of England&rsquo;s spend on that line (shared by "
            "population &times; need, as targets are). Orange: below fair share, the ICB&rsquo;s "
            "patients get less of the line than their need would give them; blue: above. The "
            "pairs furthest from fair share, in pounds, are named beneath each map; "
            "<code>granular.csv</code> has every pair.",
            escape_html(data.granular_fy)));
    const auto regions = regions_of(data);
    for (std::size_t r = 0; r < regions.size(); ++r) {
        const auto& region = regions[r];
        out += fmt::format("<h3>{}</h3>\n<div class=\"chart\" id=\"chart-granular-{}\" "
                           "style=\"height:{}px\" role=\"img\" aria-label=\"Spend against fair "
                           "share by service line, {}\"></div>\n",
                           escape_html(region.name), r,
                           k_granular_frame_px + k_granular_row_px * region.icbs.size(),
                           escape_html(region.name));
        out += "<ul class=\"gaps\">\n";
        for (const bool below : {true, false}) {
            const auto cells = furthest(region, below);
            if (cells.empty()) {
                continue;
            }
            out += below ? "<li><strong>Furthest below fair share:</strong> "
                         : "<li><strong>Furthest above fair share:</strong> ";
            for (std::size_t c = 0; c < cells.size(); ++c) {
                out += (c == 0 ? "" : "; ") + escape_html(cells[c]->icb_name) + " &times; " +
                       escape_html(cells[c]->line_name) + " " + gap_text(*cells[c]);
            }
            out += "</li>\n";
        }
        out += "</ul>\n";
    }
    out += "</section>\n";
}

// Colour by the gap as a percentage of fair share, clamped at ±50%; the label is the gap in £m.
const std::string_view k_granular_chart_js = R"js(
  function granularOption(region, widthPx) {
    var lines = data.granular.lines;
    var cells = region.cells.map(function (c) {
      var pct = c.gap_pct === null ? 0 : Math.max(-50, Math.min(50, c.gap_pct));
      return { value: [lines.indexOf(c.line), region.icbs.indexOf(c.icb), pct], cell: c };
    });
    var icbWidth = Math.min(220, 0.28 * widthPx);
    var cellPx = (widthPx - icbWidth - 40) / Math.max(1, lines.length);
    return {
      tooltip: { formatter: function (p) {
        var c = p.data.cell;
        return '<b>' + escapeText(c.icb) + ' \u00d7 ' + escapeText(c.line) + '</b><br>Planned spend: ' +
          millions(c.spend) + '<br>Fair share: ' + millions(c.fair_share) + '<br>Gap: ' + millions(c.gap, true) +
          (c.gap_pct === null ? '' : ' (' + percent(c.gap_pct) + ')');
      } },
      visualMap: { min: -50, max: 50, calculable: false, orient: 'horizontal', left: 'center', top: 0,
                   itemHeight: 260, dimension: 2, text: ['50% above fair share', '50% below'],
                   inRange: { color: ['#c2410c', '#fdba74', '#f8fafc', '#93c5fd', '#1d4ed8'] } },
      grid: grid({ top: 56 }),
      xAxis: { type: 'category', data: lines, axisLabel: cellPx >= 90
        ? { interval: 0, width: cellPx - 8, overflow: 'break', lineHeight: 14, fontSize: 11 }
        : { interval: 0, rotate: 40, width: 200, overflow: 'truncate', fontSize: 11 } },
      yAxis: { type: 'category', data: region.icbs, inverse: true,
               axisLabel: { interval: 0, width: icbWidth, overflow: 'break', lineHeight: 14 } },
      series: [{ type: 'heatmap', data: cells, itemStyle: { borderColor: '#fff', borderWidth: 1 },
                 label: { show: cellPx >= 44, fontSize: 10, formatter: function (p) {
                   return number(p.data.cell.gap, true); } } }]
    };
  }
)js";

} // namespace specflow::reports
