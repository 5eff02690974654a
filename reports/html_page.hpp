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

// JSON text that cannot end or change the state of the <script> element holding it: "</" and
// "<!--" only occur inside JSON strings, where "<\/" and "<\u0021--" mean the same text.
[[nodiscard]] std::string script_safe(std::string json_text);

} // namespace specflow::reports
