#pragma once

#include "reports/report_data.hpp"

#include <string>

namespace specflow::reports {

// One self-contained HTML document for a moderation panel: the scenario's title and question,
// charts drawn in the browser by Apache ECharts (inlined, with the data as a JSON literal),
// and plain tables for income at risk, ICB outturn, assumptions and the run's metadata; the
// report of an option of `specflow options` opens with the options side by side. The
// document loads nothing (a Content-Security-Policy forbids it), so it works offline, and it
// prints cleanly on A4.
[[nodiscard]] std::string html_report(const ReportData& data);

} // namespace specflow::reports
