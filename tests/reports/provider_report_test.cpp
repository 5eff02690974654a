// Tests of the trust's page (provider_report.hpp): its percentages are rounded as the terminal's
// `stress` rounds the same shares, so that the page and the terminal never disagree by a tenth.

#include "reports/provider_report.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <string>

namespace {

using specflow::reports::ProviderReportData;

ProviderReportData one_year(double probability_above) {
    ProviderReportData d;
    d.run_id = 1;
    d.run_kind = "stress";
    d.scenario_name = "test";
    d.replications = 10'000;
    d.provider_code = "RBV";
    d.provider_name = "The Christie NHS Foundation Trust";
    const ProviderReportData::Quantiles year{.fy = "2024/25",
                                             .mean = 256.3,
                                             .p5 = 222.6,
                                             .p10 = 228.8,
                                             .p50 = 254.9,
                                             .p90 = 285.5,
                                             .p95 = 294.6};
    d.income = {year};
    d.cost = {year};
    d.pressure = {year};
    d.threshold_pence = 0;
    d.probability_above = {{"2024/25", probability_above}};
    return d;
}

} // namespace

TEST_CASE("the trust's page gives P(pressure > £X) to the tenth the terminal gives") {
    // 2,345 of 10,000 replications: the terminal (`stress`) prints 100 × 0.2345 to one decimal,
    // 23.4% (the double nearest 0.2345 lies below it); the page said 23.5%, from rounding
    // 1,000 × 0.2345, which the multiplication rounds up to 234.5.
    constexpr double share = 0.2345;
    const std::string terminal = fmt::format("{:.1f}%", 100.0 * share);
    CHECK(terminal == "23.4%");
    const std::string page = specflow::reports::provider_html_report(one_year(share));
    CHECK(page.find("<strong>23.4%</strong>") != std::string::npos);
    CHECK(page.find("23.5%") == std::string::npos);
}

TEST_CASE("the trust's page never shows a share of −0.0%") {
    // A share a hair below zero (a contract that paid back a penny) rounds to 0.0%, as the
    // terminal's tornado and exposure tables print it.
    ProviderReportData d = one_year(0.0);
    d.exposure_fy = "2024/25";
    d.exposure = {{.payer_name = "NHS England",
                   .contract_kind = "block",
                   .millions = 10.0,
                   .share = 1.0000001},
                  {.payer_name = "Greater Manchester",
                   .contract_kind = "api",
                   .millions = -0.00001,
                   .share = -0.0000001}};
    const std::string page = specflow::reports::provider_html_report(d);
    CHECK(page.find("-0.0%") == std::string::npos);
    CHECK(page.find("0.0%") != std::string::npos);
    CHECK(page.find("100.0%") != std::string::npos);
}

TEST_CASE("a single replication's page gives its year and its forecast, thousands grouped") {
    // No distribution: the year's own income, cost and pressure, and the M9 forecast, with
    // thousands grouped as the terminal groups them (the page said "£2668.03m").
    ProviderReportData d;
    d.run_kind = "single replication";
    d.provider_name = "Great Ormond Street";
    d.forecast_month = 9;
    d.years = {{.fy = "2026/27",
                .income = 2668.03,
                .cost = 2650.5,
                .pressure = -17.53,
                .forecast_income = 2670.0,
                .forecast_pressure = -15.0}};
    const std::string page = specflow::reports::provider_html_report(d);
    CHECK(
        page.find("income of <strong>£2,668.03m</strong> and cost of £2,650.50m: a pressure "
                  "(cost &minus; income; below zero is a surplus) of <strong>-£17.53m</strong>") !=
        std::string::npos);
    CHECK(page.find("<td>2026/27</td><td class=\"num\">£2,668.03m</td><td "
                    "class=\"num\">£2,650.50m</td><td class=\"num\">-£17.53m</td><td "
                    "class=\"num\">£2,670.00m</td><td class=\"num\">-£15.00m</td>") !=
          std::string::npos);
    CHECK(page.find("Forecast income at M9") != std::string::npos);
    CHECK(page.find("2668") == std::string::npos);
}

TEST_CASE("a trust with drugs has a chart of its income other than drugs, one without has none") {
    // The Christie's whole income spans £246m to £325m (P5 to P95), mostly drugs passed through
    // at cost; what is at risk, £111m to £124m, would be a sliver on the same axis, so it has a
    // chart of its own. A trust whose income excluding drugs is its whole income has no such chart.
    ProviderReportData d = one_year(0.1);
    d.income_excl_drugs = {{.fy = "2024/25",
                            .mean = 117.5,
                            .p5 = 110.6,
                            .p10 = 112.0,
                            .p50 = 117.5,
                            .p90 = 122.3,
                            .p95 = 124.6}};
    const std::string with_drugs = specflow::reports::provider_html_report(d);
    CHECK(with_drugs.find("<div class=\"chart\" id=\"chart-income-own\"") != std::string::npos);
    CHECK(with_drugs.find("\"income_excl_drugs\":[{\"box\":[110.6,112.0,117.5,122.3,124.6]") !=
          std::string::npos);
    CHECK(with_drugs.find("<td>2024/25</td><td>income excl. drugs</td><td "
                          "class=\"num\">£117.50m</td>") != std::string::npos);

    d.income_excl_drugs = d.income;
    const std::string without = specflow::reports::provider_html_report(d);
    CHECK(without.find("id=\"chart-income-own\"") == std::string::npos);
    CHECK(without.find("\"income_excl_drugs\":[]") != std::string::npos);
    CHECK(without.find("income excl. drugs") == std::string::npos);
}
