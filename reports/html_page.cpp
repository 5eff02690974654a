#include "reports/html_page.hpp"

#include "entities/money.hpp"
#include "entities/utf8_text.hpp"
#include "reports/format.hpp"

#include <cmath>
#include <fmt/format.h>

namespace specflow::reports {

namespace {

// Largest £m amount that fits Money's int64 pence with room to spare (£90 billion million).
constexpr double k_millions_max = 9.0e10;
constexpr double k_pence_per_million = 1.0e8;

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

} // namespace

std::string millions_text(double millions) {
    if (!std::isfinite(millions) || std::fabs(millions) > k_millions_max) {
        return "n/a";
    }
    return format_millions(
        entities::Money::from_pence(std::llround(millions * k_pence_per_million)));
}

std::string probability_text(double probability) {
    if (!std::isfinite(probability)) {
        return "n/a";
    }
    return fmt::format("{:.1f}%", probability * 100.0);
}

void NumberedSections::start(std::string& out, std::string_view id, std::string_view heading,
                             std::string_view caption) {
    ++written_;
    out += fmt::format("<section id=\"{}\">\n<h2>{}. {}</h2>\n<p class=\"caption\">{}</p>\n", id,
                       written_, heading, caption);
}

std::string escape_html(std::string_view raw) {
    const std::string text = entities::with_valid_utf8(raw);
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string script_safe(std::string json_text) {
    replace_all(json_text, "</", "<\\/");
    replace_all(json_text, "<!--", "<\\u0021--");
    return json_text;
}

const std::string_view k_page_css = R"css(
:root { --ink: #1d2733; --muted: #5b6775; --rule: #d5dbe2; --accent: #1f5fa8; --over: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 32px 48px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); margin: 0; }
h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 8px; }
.question { font-size: 17px; margin: 8px 0; }
.meta { color: var(--muted); font-size: 13px; margin: 4px 0 0; }
h2 { font-size: 20px; margin: 32px 0 4px; padding-top: 12px; border-top: 1px solid var(--rule); }
h3 { font-size: 16px; margin: 20px 0 4px; }
.caption { color: var(--muted); font-size: 14px; margin: 0 0 10px; max-width: 820px; }
.chart { width: 100%; height: 380px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.pair .chart { height: 300px; }
.pair + .chart { margin-top: 16px; }
.empty { color: var(--muted); font-style: italic; }
.key { font-size: 13px; color: var(--muted); margin: 6px 0 0; }
.swatch { display: inline-block; width: 14px; height: 14px; vertical-align: -2px; margin-right: 6px;
  background: #c6dbef; border: 2px solid #e8590c; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin-top: 4px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.over td.variance { color: var(--over); font-weight: 600; }
td.neg { color: var(--over); }
tr.group th { background: #f3f6f9; padding-top: 8px; }
tr.this td { font-weight: 600; }
tr.subtotal td { font-weight: 600; border-bottom: 2px solid var(--rule); }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
details > summary { cursor: pointer; font-weight: 600; margin: 10px 0 4px; }
ul.gaps { font-size: 14px; margin: 6px 0 18px; padding-left: 20px; }
span.code { color: var(--muted); font-size: 12px; font-weight: normal; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
td.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
footer { margin-top: 40px; padding-top: 8px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 12px; }
@media (max-width: 820px) { .pair { grid-template-columns: 1fr; } main { padding: 16px; } }
@page { size: A4; margin: 14mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  section, .chart, .pair, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  .pair { grid-template-columns: 1fr; }
  .chart { height: auto !important; }
  .chart > div { width: 100% !important; height: auto !important; }
  .chart svg { position: static !important; display: block; width: 100% !important; height: auto !important; }
}
)css";

// Loads nothing from anywhere: inline scripts and styles only, images only as data: URLs.
const std::string_view k_page_csp =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

} // namespace specflow::reports
