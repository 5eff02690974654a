#include "reports/html_report.hpp"

#include <doctest/doctest.h>
#include <limits>
#include <string>
#include <string_view>

using specflow::reports::html_report;
using specflow::reports::ReportData;

namespace {

ReportData small_report() {
    ReportData data;
    data.title = "Fast convergence & a <London> shock";
    data.question = "Who loses when ICBs converge at 2% a year?";
    data.scenario_name = "fast-convergence";
    data.scenario_hash = "ab12cd34";
    data.version = "0.1.0";
    data.seed = 42;
    data.replications = 1000;
    data.started_at = "2025-11-23T13:40:02Z";
    data.finished_at = "2025-11-23T13:41:17Z";
    using specflow::reports::Provenance;
    data.command = "specflow run fast-convergence --replications 1000";
    data.assumptions = {
        {"scenario.toml", "allocation.convergence_pace_pct", "", "2", Provenance::illustrative, ""},
        {"scenario.toml", "note", "", "</script><script>alert(1)</script>", Provenance::published,
         "a <published> source"}};
    data.threshold_pence = 0;
    data.years = {"2024/25", "2025/26"};
    data.dft = {{"Bedfordshire, Luton and Milton Keynes", "East of England", {-3.0, -2.0}}};
    // 1,234.50 − 34.50 = 1,200.00, then down to nothing.
    data.waterfall = {
        {"Allocations", 123'450'000'000, true, "allocated"},
        {"ICBs: not paid out", -3'450'000'000, false, "</script><script>alert(1)</script>"},
        {"Provider income", 120'000'000'000, true, "paid"},
        {"ICBs' block contracts", -120'000'000'000, false, "block"}};
    data.fans = {{"Guy's and St Thomas'",
                  {"2024/25 M01", "2024/25 M02"},
                  {{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}},
                  {{-1, -1}, {0, 0}, {1, 1}, {2, 2}, {3, 3}}}};
    data.heat_icbs = {"Bedfordshire, Luton and Milton Keynes"};
    data.heat_providers = {"Guy's and St Thomas'"};
    data.heat = {{0, 0, 12.25, true}};
    data.income_at_risk = {{"Guy's and St Thomas'", 1234.56, 1200.0, 34.56, 3.0, 7.0, 0, 0.125}};
    data.providers_total = 1;
    data.icb_outturn = {{"Bedfordshire, Luton and Milton Keynes", "East of England", "2024/25",
                         "delegated", "the ICB", 500.0, 512.34, -12.34, -20.0, -5.0}};
    return data;
}

// The document with the inlined library's <script> element cut out: what html_report() wrote
// itself, where no address may appear.
std::string outside_library(const std::string& html) {
    const auto start = html.find("<script id=\"echarts-library\">");
    REQUIRE(start != std::string::npos);
    const auto end = html.find("</script>", start);
    REQUIRE(end != std::string::npos);
    return html.substr(0, start) + html.substr(end + std::string_view("</script>").size());
}

std::string data_literal(const std::string& html) {
    const std::string_view open = "<script id=\"report-data\" type=\"application/json\">";
    const auto start = html.find(open);
    REQUIRE(start != std::string::npos);
    const auto end = html.find("</script>", start);
    REQUIRE(end != std::string::npos);
    return html.substr(start + open.size(), end - start - open.size());
}

std::size_t count(std::string_view text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("html report: one self-contained document") {
    const std::string html = html_report(small_report());
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(html.ends_with("</html>\n"));
    CHECK(html.find("<script src") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("echarts.init") != std::string::npos);
    CHECK(html.size() > 500'000); // the library itself is inlined
    const std::string own = outside_library(html);
    CHECK(own.find("http://") == std::string::npos);
    CHECK(own.find("https://") == std::string::npos);
    CHECK(own.find("src=") == std::string::npos);
    CHECK(own.find("default-src 'none'") != std::string::npos);
    // Three scripts: the library, the data and the drawing code; nothing else closes one.
    CHECK(count(html, "</script>") == 3);
}

TEST_CASE("html report: title, question and names escaped") {
    const std::string html = html_report(small_report());
    CHECK(html.find("<h1>Fast convergence &amp; a &lt;London&gt; shock</h1>") != std::string::npos);
    CHECK(html.find("<title>Fast convergence &amp; a &lt;London&gt; shock") != std::string::npos);
    CHECK(html.find("Who loses when ICBs converge at 2% a year?") != std::string::npos);
    CHECK(html.find("<td>Guy&#39;s and St Thomas&#39;</td>") != std::string::npos);
    CHECK(html.find("<h3>Guy&#39;s and St Thomas&#39;</h3>") != std::string::npos);
    CHECK(html.find("<td>Bedfordshire, Luton and Milton Keynes</td>") != std::string::npos);
    // In the data literal, names are JSON strings, whole and unescaped for HTML.
    const std::string json = data_literal(html);
    CHECK(json.find(R"("Guy's and St Thomas'")") != std::string::npos);
    CHECK(json.find(R"("Bedfordshire, Luton and Milton Keynes")") != std::string::npos);
}

TEST_CASE("html report: money as £m with separators") {
    const std::string html = html_report(small_report());
    CHECK(html.find("<td class=\"num\">£1,234.6m</td>") != std::string::npos); // 1,234.56 rounds up
    CHECK(html.find("<td class=\"num\">£1,200.0m</td>") != std::string::npos);
    CHECK(html.find("<td class=\"num\">£34.6m</td>") != std::string::npos);
    CHECK(html.find("<td class=\"num\">12.5%</td>") != std::string::npos);
    // 500.00 − 512.34 = −12.34: an overspend, shown in red.
    CHECK(html.find("<tr class=\"over\">") != std::string::npos);
    CHECK(html.find("<td class=\"num variance\">-£12.3m</td><td class=\"num neg\">-£20.0m</td>"
                    "<td class=\"num neg\">-£5.0m</td><td>overspend</td>") != std::string::npos);
    // The region's subtotal and England's.
    CHECK(html.find("<tr class=\"subtotal\"><td colspan=\"3\">East of England total</td>") !=
          std::string::npos);
    CHECK(html.find("<tr class=\"total\"><td colspan=\"3\">England</td>") != std::string::npos);
    CHECK(html.find("<td>1,000</td>") != std::string::npos); // replications
}

TEST_CASE("html report: </script> in the data cannot end the data's script") {
    const std::string html = html_report(small_report());
    const std::string json = data_literal(html);
    CHECK(json.find("</") == std::string::npos);
    CHECK(json.find(R"(<\/script><script>alert(1)<\/script>)") != std::string::npos);
    // The assumptions table shows the same text, escaped for HTML, with its basis.
    CHECK(html.find("<td>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td><td>published: "
                    "a &lt;published&gt; source</td>") != std::string::npos);
    CHECK(html.find("<td>2</td><td>illustrative</td>") != std::string::npos);
}

TEST_CASE("html report: every chart has its container, empty sections say so") {
    const std::string html = html_report(small_report());
    for (const char* id : {"chart-dft-0", "chart-waterfall", "chart-fan-income-0",
                           "chart-fan-pressure-0", "chart-heat"}) {
        CHECK_MESSAGE(html.find(std::string("id=\"") + id + "\"") != std::string::npos, id);
    }
    const std::string empty = html_report(ReportData{});
    CHECK(empty.find("class=\"chart\"") == std::string::npos);
    // Waterfall, providers, fans, ICBs, DfT and flows; granular and reconfiguration sections
    // are left out when the run has none.
    CHECK(count(empty, "The run has no data for this section.") == 6);
    CHECK(empty.find("1 (a single replication)") != std::string::npos);
}

TEST_CASE("html report: values that are not amounts") {
    ReportData data = small_report();
    data.income_at_risk[0].income_p5 = std::numeric_limits<double>::quiet_NaN();
    data.fans[0].income.p50[0] = std::numeric_limits<double>::infinity();
    const std::string html = html_report(data);
    CHECK(html.find("<td class=\"num\">n/a</td>") != std::string::npos);
    CHECK(data_literal(html).find("null") != std::string::npos); // JSON has no NaN
}

TEST_CASE("html report: the probability column says what it counts") {
    ReportData data = small_report();
    CHECK(html_report(data).find("<th class=\"num\">Probability of a loss</th>") !=
          std::string::npos);
    data.threshold_pence = 100'000'000; // £1m
    const auto html = html_report(data);
    CHECK(html.find("<th class=\"num\">P(pressure &gt; £1.0m)</th>") != std::string::npos);
    CHECK(html.find("by more than £1.0m, the run&rsquo;s <code>--threshold</code>") !=
          std::string::npos);
    // A single replication has no distribution: income, cost and pressure, no probability.
    data.replications = 0;
    data.threshold_pence.reset();
    const auto single = html_report(data);
    CHECK(single.find("Probability") == std::string::npos);
    CHECK(single.find("P(pressure") == std::string::npos);
    CHECK(single.find("Income at risk") == std::string::npos);
    CHECK(single.find("<th class=\"num\">Cost</th>") != std::string::npos);
}

TEST_CASE("html report: the waterfall's table closes on its totals") {
    const auto html = html_report(small_report());
    CHECK(html.find("<tr class=\"total\"><td>Allocations</td><td class=\"num\">£1,234.5m</td>"
                    "<td class=\"num\">£1,234.5m</td>") != std::string::npos);
    CHECK(html.find("<tr><td>ICBs: not paid out</td><td class=\"num neg\">-£34.5m</td><td "
                    "class=\"num\">£1,200.0m</td>") != std::string::npos);
    CHECK(html.find("<tr><td>ICBs&#39; block contracts</td><td class=\"num neg\">-£1,200.0m</td>"
                    "<td class=\"num\">£0.0m</td>") != std::string::npos);
}

TEST_CASE("html report: the forecast at M09 against the outturn, a region and England") {
    ReportData data = small_report();
    CHECK(html_report(data).find("Forecast outturn") == std::string::npos); // none stored
    data.forecast_month = 9;
    data.forecast_fy = "2024/25";
    // Forecast −5.9, outturn −4.4: the last months made it £1.5m better.
    data.forecast_regions = {{"East of England", -5.9, -4.4}, {"England", -5.9, -4.4}};
    data.forecast_providers = {{"Guy's and St Thomas'", 5.0, 7.7}};
    const auto html = html_report(data);
    CHECK(html.find("<h2>6. Forecast outturn at M09</h2>") != std::string::npos);
    CHECK(html.find("<tr><td>East of England</td><td class=\"num neg\">-£5.9m</td><td "
                    "class=\"num neg\">-£4.4m</td><td class=\"num\">£1.5m</td></tr>") !=
          std::string::npos);
    CHECK(html.find("<tr class=\"total\"><td>England</td>") != std::string::npos);
    CHECK(html.find("<tr><td>Guy&#39;s and St Thomas&#39;</td><td class=\"num\">£5.0m</td><td "
                    "class=\"num\">£7.7m</td><td class=\"num\">£2.7m</td></tr>") !=
          std::string::npos);
}

TEST_CASE("html report: an ICB that takes part of a neighbour is listed as changed, not counted "
          "as carrying on unchanged") {
    ReportData data = small_report();
    // A carries on whole and alone; B keeps all of itself and takes 22.9% of C; C's other 77.1%
    // goes to D. Only A carries on unchanged; B's own row is listed with C's share.
    data.reconfigurations = {{"2026/27", "A", "A", 1.0, 10.0, 1.0},
                             {"2026/27", "B", "B", 1.0, 20.0, 2.0},
                             {"2026/27", "C", "B", 0.229, 2.29, 0.229},
                             {"2026/27", "C", "D", 0.771, 7.71, 0.771}};
    const auto html = html_report(data);
    CHECK(html.find("1 ICB carries on unchanged") != std::string::npos);
    CHECK(html.find("<td>B</td><td>B</td><td class=\"num\">100.0%</td>") != std::string::npos);
    CHECK(html.find("<td>A</td><td>A</td>") == std::string::npos);
}
