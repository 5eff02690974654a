#include "reports/scenario_parameters.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <optional>
#include <sstream>

namespace specflow::reports {

namespace {

// A published figure a scenario parameter may carry, for the financial years it applies to
// (an empty bound is open). From scenarios/england-2024-25/README.md ("Published facts") and
// facts/FACTS.md; a parameter these do not name is illustrative, as that README says.
struct PublishedFigure {
    std::string_view name;
    std::string_view value;
    std::string_view from_fy;
    std::string_view to_fy;
    std::string_view source;
};

constexpr std::string_view k_payment_scheme_2023 = "NHS Payment Scheme 2023/25";
constexpr std::string_view k_payment_scheme_2025 = "NHS Payment Scheme 2025/26";
constexpr std::string_view k_category_shares =
    "shares of the published £11.523bn delegable (the nine joint committees' allocations), "
    "£1.5bn not ready and £1.3bn retained, 2023/24 (seed 003, facts/FACTS.md)";
constexpr std::string_view k_reconfiguration =
    "42 ICBs become 36 in April 2026 (facts/2026-27/SOURCES.md)";

constexpr std::array k_published{
    PublishedFigure{"policy.api_rate_above_plan_pct", "100", "2023/24", "", k_payment_scheme_2023},
    PublishedFigure{"policy.api_rate_below_plan_pct", "100", "2023/24", "", k_payment_scheme_2023},
    PublishedFigure{"policy.lva_threshold_pounds", "500000", "2023/24", "2024/25",
                    k_payment_scheme_2023},
    PublishedFigure{"policy.lva_threshold_pounds", "1500000", "2025/26", "", k_payment_scheme_2025},
    PublishedFigure{"allocation.years.lva_threshold_pounds", "1500000", "2025/26", "",
                    k_payment_scheme_2025},
    PublishedFigure{"allocation.baseline_total_pounds", "23000000000", "2024/25", "2024/25",
                    "the £23bn specialised budget, taken as 2023/24 (seed 003, facts/FACTS.md)"},
    PublishedFigure{"allocation.delegable_share_pct", "80.45", "", "", k_category_shares},
    PublishedFigure{"allocation.not_ready_share_pct", "10.47", "", "", k_category_shares},
    PublishedFigure{"allocation.retained_share_pct", "9.08", "", "", k_category_shares},
    PublishedFigure{"allocation.years.cost_uplift_pct", "2.9", "2024/25", "2024/25",
                    k_payment_scheme_2023},
    PublishedFigure{"allocation.years.efficiency_pct", "1.1", "2024/25", "2024/25",
                    k_payment_scheme_2023},
    PublishedFigure{"allocation.years.cost_uplift_pct", "4.83", "2025/26", "2025/26",
                    k_payment_scheme_2025},
    PublishedFigure{"allocation.years.efficiency_pct", "2", "2025/26", "2025/26",
                    k_payment_scheme_2025},
    PublishedFigure{"allocation.years.delegate_regions", "[\"all\"]", "2025/26", "2025/26",
                    "delegation to all 42 ICBs from April 2025 (NHS England, facts/FACTS.md)"},
    PublishedFigure{"reconfiguration.start", "2026/27 M01", "", "", k_reconfiguration},
    PublishedFigure{"reconfiguration.icbs", "icbs_2026_27.csv", "", "", k_reconfiguration},
    PublishedFigure{"reconfiguration.mapping", "icb_mapping_2026_27.csv", "", "",
                    k_reconfiguration},
};

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
        return {};
    }
    return std::string(text.substr(first, text.find_last_not_of(" \t\r") - first + 1));
}

// The line without its comment: from a '#' outside a string.
std::string_view without_comment(std::string_view line) {
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (quote != 0) {
            quote = line[i] == quote ? 0 : quote;
        } else if (line[i] == '"' || line[i] == '\'') {
            quote = line[i];
        } else if (line[i] == '#') {
            return line.substr(0, i);
        }
    }
    return line;
}

// Opening less closing brackets outside strings: above zero, an array continues on the next line.
int open_brackets(std::string_view text) {
    int open = 0;
    char quote = 0;
    for (const char c : text) {
        if (quote != 0) {
            quote = c == quote ? 0 : quote;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else {
            open += c == '[' ? 1 : c == ']' ? -1 : 0;
        }
    }
    return open;
}

// A value compared with a published one: numbers by value, paths by their file name, text
// without quotes and spaces.
std::string comparable(std::string_view value) {
    std::string text;
    std::copy_if(value.begin(), value.end(), std::back_inserter(text),
                 [](char c) { return c != ' ' && c != '\t'; });
    if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
        text.back() == text.front() && text.find(',') == std::string::npos) {
        text = text.substr(1, text.size() - 2);
    }
    const auto slash = text.find_last_of('/');
    if (slash != std::string::npos && text.ends_with(".csv")) {
        text = text.substr(slash + 1);
    }
    return text;
}

std::optional<double> number(const std::string& text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

bool same_value(std::string_view written, std::string_view published) {
    const auto a = comparable(written);
    const auto b = comparable(published);
    const auto x = number(a);
    const auto y = number(b);
    return x && y ? *x == *y : a == b;
}

// Financial years as "2024/25" order as text.
bool within(std::string_view fy, std::string_view from, std::string_view to) {
    return (from.empty() || (!fy.empty() && fy >= from)) &&
           (to.empty() || (!fy.empty() && fy <= to));
}

void mark(ScenarioParameter& parameter, std::string_view scenario_fy) {
    const std::string_view fy =
        parameter.financial_year.empty() ? scenario_fy : std::string_view(parameter.financial_year);
    for (const auto& figure : k_published) {
        if (figure.name == parameter.name && same_value(parameter.value, figure.value) &&
            within(fy, figure.from_fy, figure.to_fy)) {
            parameter.provenance = Provenance::published;
            parameter.source = std::string(figure.source);
            return;
        }
    }
}

// Reads the TOML files of a scenario text line by line, as the report's assumptions do.
class ParameterReader {
public:
    void line(std::string_view raw) {
        if (raw.starts_with("=== ")) {
            end_entry();
            const auto end = raw.rfind(" ===");
            file_ = std::string(raw.substr(
                4, end == std::string_view::npos || end < 4 ? std::string_view::npos : end - 4));
            in_toml_ = file_.ends_with(".toml");
            section_.clear();
            return;
        }
        if (!in_toml_) {
            return;
        }
        const auto text = trimmed(without_comment(raw));
        if (pending_) {
            parameters_.back().value += " " + text;
            pending_ = open_brackets(parameters_.back().value) > 0;
            return;
        }
        if (text.empty()) {
            return;
        }
        if (text.front() == '[') {
            end_entry();
            section_ = text;
            std::erase(section_, '[');
            std::erase(section_, ']');
            section_ = trimmed(section_);
            return;
        }
        key_value(text);
    }

    std::vector<ScenarioParameter> finish() {
        end_entry();
        for (auto& parameter : parameters_) {
            mark(parameter, scenario_fy_);
        }
        return std::move(parameters_);
    }

private:
    void key_value(const std::string& text) {
        const auto equals = text.find('=');
        if (equals == std::string::npos) {
            return;
        }
        const auto key = trimmed(std::string_view(text).substr(0, equals));
        const auto value = trimmed(std::string_view(text).substr(equals + 1));
        if (section_ == "scenario") {
            if (key == "financial_year" && scenario_fy_.empty()) {
                scenario_fy_ = comparable(value); // the scenario's own file comes first
            }
            return;
        }
        if (section_ == "tables") {
            return; // file names, not parameters
        }
        if (section_ == "allocation.years" && key == "financial_year") {
            entry_fy_ = comparable(value);
            return;
        }
        parameters_.push_back({.file = file_,
                               .name = section_.empty() ? key : section_ + "." + key,
                               .financial_year = {},
                               .value = value,
                               .provenance = Provenance::illustrative,
                               .source = {}});
        if (section_ == "allocation.years") {
            ++entry_size_;
        }
        pending_ = open_brackets(value) > 0;
    }

    // An [[allocation.years]] entry names its year anywhere in it: given to all its keys.
    void end_entry() {
        for (std::size_t i = parameters_.size() - entry_size_; i < parameters_.size(); ++i) {
            parameters_[i].financial_year = entry_fy_;
        }
        entry_size_ = 0;
        entry_fy_.clear();
        pending_ = false;
    }

    std::vector<ScenarioParameter> parameters_;
    std::string file_;
    std::string section_;
    std::string scenario_fy_;
    std::string entry_fy_;
    std::size_t entry_size_ = 0;
    bool in_toml_ = false;
    bool pending_ = false;
};

} // namespace

std::string_view to_string(Provenance provenance) {
    return provenance == Provenance::published ? "published" : "illustrative";
}

std::vector<ScenarioParameter> scenario_parameters(const std::string& scenario_text) {
    ParameterReader reader;
    std::istringstream lines(scenario_text);
    std::string line;
    while (std::getline(lines, line)) {
        reader.line(line);
    }
    return reader.finish();
}

} // namespace specflow::reports
