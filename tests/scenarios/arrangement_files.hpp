#pragma once

#include "entities/financial_month.hpp"
#include "scenario_files.hpp"

#include <map>
#include <string>
#include <string_view>

// Test helpers shared by the tests of [[lead_icb]], [[risk_pool]] and [[shocks]]: the minimal
// scenario with one arrangement of each kind and one shock of each of the nine kinds.
namespace specflow::scenarios::test {

// Appended to the minimal scenario.toml, whose last line is 22: its first line is line 23.
// In the minimal scenario ICBs QHG, QUE (region Y61) and QMJ (Y56), all three delegated here;
// providers RGT, RAL, AQHG; lines RTX and CHM. QHG pays RGT for CHM (C1) and NHSE pays AQHG for it
// (C4), so QHG's CHM can move from RGT to AQHG. The [[lead_icb]] entry starts on line 23, the
// [[risk_pool]] on 32 and the nine [[shocks]] on 39, 51, 58, 64, 70, 77, 83 (the dispute), 91
// and 99.
extern const std::string k_arrangements_toml;

// The first line after k_arrangements_toml: what tests append starts here.
constexpr int k_appended_line = 107;

// The minimal files with k_arrangements_toml appended, then `from` replaced by `to` (when
// given) and `extra` appended. ScenarioFiles cannot be moved, so each is built in place.
[[nodiscard]] std::map<std::string, std::string> arrangement_texts(std::string_view from = {},
                                                                   std::string_view to = {},
                                                                   std::string_view extra = {});

[[nodiscard]] inline ScenarioFiles arrangement_files() {
    return ScenarioFiles(arrangement_texts());
}

// The arrangement scenario with one text replaced.
[[nodiscard]] inline ScenarioFiles with(std::string_view from, std::string_view to) {
    return ScenarioFiles(arrangement_texts(from, to));
}

// The arrangement scenario with `text` appended.
[[nodiscard]] inline ScenarioFiles appended(std::string_view text) {
    return ScenarioFiles(arrangement_texts({}, {}, text));
}

// "scenario.toml:12:", the start of a message about that line.
[[nodiscard]] inline std::string at(int line) {
    return "scenario.toml:" + std::to_string(line) + ":";
}

[[nodiscard]] inline entities::FinancialMonth month(int year, int number) {
    return entities::FinancialMonth{entities::FinancialYear(year), number};
}

} // namespace specflow::scenarios::test
