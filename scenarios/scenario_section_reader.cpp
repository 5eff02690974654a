#include "scenarios/scenario_section_reader.hpp"

#include "scenarios/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace specflow::scenarios::detail {

namespace {

constexpr std::array<std::string_view, 6> k_scenario_keys{"name", "title",   "financial_year",
                                                          "seed", "extends", "question"};

std::string field(std::string_view key) {
    return TomlReader::dotted("scenario", key);
}

// A short identifier: letters, digits, '-' and '_'.
std::string read_scenario_name(const TomlReader& toml, const toml::table& section) {
    const toml::node& name = toml.required(section, "scenario", "name");
    std::string text(toml.string(name, field("name")));
    const bool name_ok = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
    });
    if (!name_ok) {
        toml.fail(name.source(), field("name"),
                  in_quotes(text) + " is not a short identifier; valid: letters, digits, "
                                    "'-' and '_', e.g. england-2024-25");
    }
    return text;
}

entities::FinancialYear read_financial_year(const TomlReader& toml, const toml::table& section) {
    const toml::node& year = toml.required(section, "scenario", "financial_year");
    const std::string_view year_text = toml.string(year, field("financial_year"));
    const auto parsed_year = entities::FinancialYear::parse(year_text);
    if (!parsed_year) {
        toml.fail(year.source(), field("financial_year"),
                  in_quotes(year_text) + " is not a financial year; valid: \"YYYY/YY\" where YY is "
                                         "the next year's last two digits, e.g. \"2024/25\"");
    }
    return *parsed_year;
}

std::uint32_t read_seed(const TomlReader& toml, const toml::table& section) {
    const toml::node& seed = toml.required(section, "scenario", "seed");
    const std::int64_t seed_value = toml.integer(seed, field("seed"));
    if (seed_value < 0 || seed_value > std::numeric_limits<std::uint32_t>::max()) {
        toml.fail(seed.source(), field("seed"),
                  std::to_string(seed_value) + " is out of range; valid: 0 .. 4294967295");
    }
    return static_cast<std::uint32_t>(seed_value);
}

} // namespace

entities::Scenario read_scenario_section(const TomlReader& toml, const toml::table& section) {
    toml.check_keys(section, "scenario.", k_scenario_keys);
    entities::Scenario scenario;
    scenario.name = read_scenario_name(toml, section);
    scenario.title =
        std::string(toml.string(toml.required(section, "scenario", "title"), field("title")));
    if (const toml::node* question = section.get("question")) {
        scenario.question = std::string(toml.string(*question, field("question")));
    }
    scenario.first_year = read_financial_year(toml, section);
    scenario.seed = read_seed(toml, section);
    return scenario;
}

} // namespace specflow::scenarios::detail
