#pragma once

// The sections of the scenario report (html_report.cpp puts them in order), one file each:
// what the section writes into the page, what its chart draws (JSON beside the page's data),
// and the chart's option builder for the report's script. A builder runs inside the script's
// one function, after the helpers of k_report_script_prelude (millions, escapeText, grid, …)
// and before k_report_script_draw draws every chart.

#include "reports/html_page.hpp"
#include "reports/report_data.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace specflow::reports {

// The script's first part: parses the page's data and defines the helpers and draw().
extern const std::string_view k_report_script_prelude;
// The script's last part: draws every chart, redraws for the window's width and for print.
extern const std::string_view k_report_script_draw;

// "The run has no data for this section."
void write_empty(std::string& out);

// Distance from target: one small chart per region, every ICB named, and a table beneath.
void write_dft_section(std::string& out, NumberedSections& sections, const ReportData& data);
[[nodiscard]] nlohmann::json dft_json(const ReportData& data);
extern const std::string_view k_dft_chart_js;

// From allocation to provider income, every step once, closing to the penny.
void write_waterfall_section(std::string& out, NumberedSections& sections, const ReportData& data);
[[nodiscard]] nlohmann::json waterfall_json(const ReportData& data);
extern const std::string_view k_waterfall_chart_js;

// Monthly income and pressure fans of the providers with the widest bands.
void write_fan_section(std::string& out, NumberedSections& sections, const ReportData& data);
[[nodiscard]] nlohmann::json fans_json(const ReportData& data);
extern const std::string_view k_fan_chart_js;

// Where patients are treated: ICB × specialist provider, the providers' home cells marked.
void write_heat_section(std::string& out, NumberedSections& sections, const ReportData& data);
[[nodiscard]] nlohmann::json heat_json(const ReportData& data);
extern const std::string_view k_heat_chart_js;

// The granular view: ICB × service line spend against fair share, a heat map per region.
void write_granular_section(std::string& out, NumberedSections& sections, const ReportData& data);
[[nodiscard]] nlohmann::json granular_json(const ReportData& data);
extern const std::string_view k_granular_chart_js;

// Tables: income at risk, ICB outturn by region, reconfigurations, assumptions, the run.
void write_risk_table(std::string& out, NumberedSections& sections, const ReportData& data);
void write_outturn_table(std::string& out, NumberedSections& sections, const ReportData& data);
[[nodiscard]] nlohmann::json outturn_json(const ReportData& data);
void write_forecast_table(std::string& out, NumberedSections& sections, const ReportData& data);
void write_reconfiguration_table(std::string& out, NumberedSections& sections,
                                 const ReportData& data);
void write_assumptions_table(std::string& out, NumberedSections& sections, const ReportData& data);
void write_metadata_table(std::string& out, NumberedSections& sections, const ReportData& data);

} // namespace specflow::reports
