#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace specflow::reports {

// Whether a parameter's value is a published figure or made up to be plausible.
enum class Provenance { published, illustrative };

[[nodiscard]] std::string_view to_string(Provenance provenance);

// One "key = value" line of a scenario's TOML files, outside [scenario] and [tables].
struct ScenarioParameter {
    std::string file;           // the TOML file's name as stored (`=== file ===`)
    std::string name;           // "section.key", e.g. "policy.lva_threshold_pounds"
    std::string financial_year; // the FY of an [[allocation.years]] entry; empty otherwise
    std::string value;          // as written, without its comment
    Provenance provenance = Provenance::illustrative;
    std::string source; // where a published value is published; empty for an illustrative one
};

// The parameters a stored scenario text (RunStore's `scenario_text`) sets, file by file in the
// order stored: a scenario that extends another comes before it, and its values win. Scenario
// files mark no parameter as published in a form a program can read, so a parameter is
// published when its name and value, for the financial year it applies to, are one of the
// published figures of the England scenario (scenarios/england-2024-25/README.md, "Published
// facts", and facts/FACTS.md); every other parameter is illustrative.
[[nodiscard]] std::vector<ScenarioParameter> scenario_parameters(const std::string& scenario_text);

} // namespace specflow::reports
