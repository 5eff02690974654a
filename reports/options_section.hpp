#pragma once

// The scenario report's "Options side by side" section, for a run of `specflow options`: which
// runs the options are, a chart of each ICB's outturn range by option, and the tables the
// terminal prints (ICBs' outturns, hosts' cash exposure, providers' income).

#include "reports/html_page.hpp"
#include "reports/report_data.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace specflow::reports {

// Writes the section when the run is an option (data.options is not empty); nothing otherwise.
void write_options_section(std::string& out, NumberedSections& sections, const ReportData& data);

// What the section's chart draws: the options' names and, per ICB, the outturn's P5, P50 and
// P95 by option (£m).
[[nodiscard]] nlohmann::json options_chart_json(const OptionSetData& options);

// The chart's option builder, optionsOption(widthPx), for the report's script: it runs inside
// the script's function, after the helpers it uses (millions, escapeText, grid) and before the
// charts are drawn.
extern const std::string_view k_options_chart_js;

} // namespace specflow::reports
