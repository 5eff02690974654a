#include "reports/html_report.hpp"
#include "reports/options_table.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using specflow::reports::html_report;
using specflow::reports::OptionSetData;
using specflow::reports::ReportData;

namespace {

using Set = OptionSetData;

// Three options stored as runs 4 (the base), 5 and 6; the report is of run 5. One ICB, one
// host that never carries cash, one provider; amounts in £m.
ReportData option_report() {
    ReportData data;
    data.title = "Cambridgeshire and Peterborough hosts";
    data.scenario_name = "hub";
    data.seed = 7;
    data.replications = 200;
    auto& set = data.options;
    set.fy = "2024/25";
    set.run_id = 5;
    set.threshold_pence = 100'000'000; // £1m
    set.options = {{0, "no-host", "No arrangement", 4},
                   {1, "hub", "A host, recharged by value", 5},
                   {2, "hub <pool>", "A host & a risk pool", 6}};
    set.icbs = {{"QHG",
                 "Bedfordshire, Luton and Milton Keynes",
                 {{-2.34, 0.5, 3.06, 0.125, 0.0, 0.0},
                  {-1.71, 0.62, 2.9, 0.08, 12.5, 0.0},
                  {-0.96, -0.04, 2.1, 0.014, 12.5, 0.44}}}};
    set.hosts = {{"QUE", "Cambridgeshire and Peterborough", {{0, 0}, {0, 0}, {0, 0}}}};
    set.providers = {{"RGT",
                      "Cambridge University Hospitals NHS Foundation Trust",
                      {{412.3, 398.04, 426.7}, {412.3, 398.04, 426.7}, {412.3, 398.04, 426.7}}}};
    return data;
}

bool has(const std::string& html, const std::string& text) {
    return html.find(text) != std::string::npos;
}

} // namespace

TEST_CASE("options section: first in an option's report, naming every option's run") {
    const std::string html = html_report(option_report());
    CHECK(has(html, "<h2>1. Options side by side</h2>"));
    CHECK(has(html, "<h2>2. From allocation to provider income</h2>"));
    CHECK(has(html, "<h2>9. About this run</h2>"));
    CHECK(has(html, "same random numbers (seed 7, 200 replications each)"));
    CHECK(has(html, "<td class=\"num\">4</td><td>no-host (the base)</td><td>No arrangement</td>"));
    CHECK(has(html, "<tr class=\"this\"><td class=\"num\">5</td><td>hub (this report)</td>"));
    CHECK(has(html, "<td>hub &lt;pool&gt;</td><td>A host &amp; a risk pool</td>"));
    CHECK(has(html, "<code>specflow compare 4 5</code>"));
    CHECK(has(html, "id=\"chart-options\""));
    CHECK(has(html, R"("names":["no-host","hub","hub <pool>"])"));
}

TEST_CASE("options section: a table per ICB with a row per option, overspends in red") {
    const std::string html = html_report(option_report());
    CHECK(has(html, "<tr class=\"group\"><th colspan=\"7\" scope=\"rowgroup\">Bedfordshire, "
                    "Luton and Milton Keynes <span class=\"code\">QHG</span></th></tr>\n"
                    "<tr><td>no-host</td><td class=\"num neg\">-£2.3m</td><td "
                    "class=\"num\">£0.5m</td><td class=\"num\">£3.1m</td><td "
                    "class=\"num\">12.5%</td><td class=\"num\">£0.0m</td><td "
                    "class=\"num\">£0.0m</td></tr>"));
    CHECK(has(html, "<tr class=\"this\"><td>hub</td><td class=\"num neg\">-£1.7m</td>"));
    // An overspend that rounds to £0.0m is not shown red.
    CHECK(has(html, "<tr><td>hub &lt;pool&gt;</td><td class=\"num neg\">-£1.0m</td><td "
                    "class=\"num\">£0.0m</td>"));
    CHECK(has(html, "<td class=\"num\">1.4%</td><td class=\"num\">£12.5m</td><td "
                    "class=\"num\">£0.4m</td></tr>"));
    CHECK(has(html, "<th class=\"num\">P(overspend &gt; £1.0m)</th>"));
    // Providers: the P5–P95 width is worked out, 426.7 − 398.04 = 28.66.
    CHECK(has(html, "<td class=\"num\">£412.3m</td><td class=\"num\">£398.0m</td><td "
                    "class=\"num\">£426.7m</td><td class=\"num\">£28.7m</td>"));
}

TEST_CASE("options section: hosts' exposure only when some host carries cash") {
    auto data = option_report();
    CHECK(has(html_report(data), "No host carries cash for the others at any month&rsquo;s end"));
    data.options.hosts[0].by_option[2] = {1.5, 4.25};
    const std::string html = html_report(data);
    CHECK_FALSE(has(html, "No host carries cash"));
    CHECK(has(html, "<tr><td>hub &lt;pool&gt;</td><td class=\"num\">£1.5m</td><td "
                    "class=\"num\">£4.3m</td></tr>"));
}

TEST_CASE("options section: the threshold is named as stored, exactly") {
    auto data = option_report();
    data.options.threshold_pence = 0;
    CHECK(has(html_report(data), "<th class=\"num\">P(overspend)</th>"));
    data.options.threshold_pence = 25'000'050; // £250,000.50: not shown as £0.3m
    CHECK(has(html_report(data), "<th class=\"num\">P(overspend &gt; £250,000.50)</th>"));
    data.options.threshold_pence.reset();
    const std::string unknown = html_report(data);
    CHECK(has(unknown, "<th class=\"num\">P(overspend &gt; threshold)</th>"));
    CHECK(has(unknown, "this run does not store it"));
}

TEST_CASE("options section: none for a run that is not an option") {
    auto data = option_report();
    data.options = {};
    const std::string html = html_report(data);
    CHECK_FALSE(has(html, "Options side by side"));
    CHECK_FALSE(has(html, "id=\"chart-options\""));
    CHECK_FALSE(has(html, "\"options\":"));
    CHECK(has(html, "<h2>1. From allocation to provider income</h2>"));
}

TEST_CASE("options table: the probability's heading names a threshold below £0.1m exactly and "
          "its column keeps its width") {
    using specflow::reports::OptionFigure;
    using specflow::reports::OptionSummary;
    std::vector<OptionSummary> options{{0, "base", {}}};
    for (const auto& [measure, value] :
         std::vector<std::pair<std::string, double>>{{"outturn_p5", -1e8},
                                                     {"outturn_p50", 0},
                                                     {"outturn_p95", 1e8},
                                                     {"probability_overspend_above", 0.25},
                                                     {"recharges_mean", 0},
                                                     {"pool_transfer_mean", 0}}) {
        options[0].figures.push_back({"icb", "QUE", "Cambridgeshire", "2024/25", measure, value});
    }
    const auto text = specflow::reports::options_text(
        options, specflow::entities::Money::from_pence(-2'500'000), "2024/25");
    INFO(text);
    CHECK(text.find("P(overspend > -£25,000)") != std::string::npos);
    // The heading ends where the percentage does, on the screen: columns are counted in
    // characters ("£" is two bytes).
    const auto column_after = [&](std::size_t at, std::string_view what) {
        const auto line_start = text.rfind('\n', at) + 1;
        const auto upto = text.substr(line_start, at + what.size() - line_start);
        return std::count_if(upto.begin(), upto.end(),
                             [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    };
    const auto heading_end =
        column_after(text.find("P(overspend > -£25,000)"), "P(overspend > -£25,000)");
    REQUIRE(text.find("25.0%") != std::string::npos);
    const auto percent_end = column_after(text.find("25.0%"), "25.0%");
    CHECK(heading_end == percent_end);
}
