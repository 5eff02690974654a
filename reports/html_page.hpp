#pragma once

// What every self-contained HTML page of specflow shares: the style sheet, the content security
// policy that forbids any load from outside, escaping, and the vendored charting library.

#include <cstddef>
#include <string>
#include <string_view>

namespace specflow::reports {

// Apache ECharts' dist/echarts.min.js, generated at build time by reports/vendor/vendor.cmake.
extern const char* const k_echarts_js;
extern const std::size_t k_echarts_js_size;

// The pages' style sheet (screen and A4 print).
extern const std::string_view k_page_css;
// Loads nothing from anywhere: inline scripts and styles only, images only as data: URLs.
extern const std::string_view k_page_csp;

// Text as HTML: & < > " ' escaped.
[[nodiscard]] std::string escape_html(std::string_view text);

// "£1,234.5m" through format_millions, so that tables read exactly as the terminal and CSV
// summaries do; "n/a" for a value that is not a finite amount.
[[nodiscard]] std::string millions_text(double millions);
// "12.5%" for a probability 0..1; "n/a" for one that is not finite.
[[nodiscard]] std::string probability_text(double probability);

// The sections of the scenario report, numbered in the order they are written (the report of
// an option has one more section than another run's).
class NumberedSections {
public:
    // <section id="id"><h2>N. heading</h2><p class="caption">caption</p>; the heading and
    // caption are HTML.
    void start(std::string& out, std::string_view id, std::string_view heading,
               std::string_view caption);

private:
    int written_ = 0;
};

// JSON text that cannot end or change the state of the <script> element holding it: "</" and
// "<!--" only occur inside JSON strings, where "<\/" and "<\u0021--" mean the same text.
[[nodiscard]] std::string script_safe(std::string json_text);

} // namespace specflow::reports
