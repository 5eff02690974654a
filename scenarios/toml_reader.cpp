#include "scenarios/toml_reader.hpp"

#include "scenarios/cell_readers.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/text.hpp"
#include "scenarios/utf8_check.hpp"

#include <algorithm>
#include <cmath>

namespace specflow::scenarios::detail {

std::string_view type_name(toml::node_type type) {
    switch (type) {
    case toml::node_type::none:
        return "nothing";
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a floating-point number";
    case toml::node_type::boolean:
        return "a boolean";
    case toml::node_type::date:
        return "a date";
    case toml::node_type::time:
        return "a time";
    case toml::node_type::date_time:
        return "a date-time";
    }
    return "an unknown type";
}

namespace {

// ", e.g. …" for a string key whose values have a form ("2024/25"), or nothing.
std::string string_example(std::string_view field) {
    const auto dot = field.rfind('.');
    const auto key = dot == std::string_view::npos ? field : field.substr(dot + 1);
    if (key == "financial_year") {
        return ", e.g. \"2024/25\"";
    }
    if (key == "start" || key == "end" || key == "month") {
        return ", e.g. \"2024/25 M07\"";
    }
    return "";
}

} // namespace

void TomlReader::fail(const toml::source_region& source, std::string field,
                      const std::string& problem) const {
    // A node may come from a scenario this one extends: name the file it is in.
    throw ScenarioError({.file = source.path ? std::filesystem::path(*source.path) : file_,
                         .line = source.begin.line,
                         .column = source.begin.column,
                         .field = std::move(field)},
                        problem);
}

entities::SourceRef TomlReader::source_ref(const toml::node& node) const {
    return {.file = node.source().path ? *node.source().path : file_.string(),
            .line = node.source().begin.line,
            .column = node.source().begin.column};
}

void TomlReader::check_keys(const toml::table& table, std::string_view prefix,
                            std::span<const std::string_view> valid) const {
    const std::string_view noun = prefix.empty() ? "section" : "key";
    for (auto&& [key, node] : table) {
        if (std::find(valid.begin(), valid.end(), key.str()) == valid.end()) {
            fail(key.source(), std::string(prefix) + std::string(key.str()),
                 "unknown " + std::string(noun) + "; valid: " + join(valid, ", "));
        }
    }
}

const toml::table* TomlReader::section(const toml::table& root, std::string_view name,
                                       Presence presence) const {
    const toml::node* node = root.get(name);
    if (node == nullptr) {
        if (presence == Presence::required) {
            throw ScenarioError({.file = file_, .line = 0, .column = 0, .field = std::string(name)},
                                "missing section; valid: a [" + std::string(name) + "] table");
        }
        return nullptr;
    }
    if (!node->is_table()) {
        fail(node->source(), std::string(name),
             "expected a [" + std::string(name) + "] table, found " +
                 std::string(type_name(node->type())) + "; valid: a [" + std::string(name) +
                 "] header with its keys below it");
    }
    return node->as_table();
}

const toml::node& TomlReader::required(const toml::table& section, std::string_view section_name,
                                       std::string_view key) const {
    const toml::node* node = section.get(key);
    if (node == nullptr) {
        fail(section.source(), dotted(section_name, key),
             "missing required key in [" + std::string(section_name) + "]");
    }
    return *node;
}

std::string_view TomlReader::string(const toml::node& node, const std::string& field) const {
    if (const auto* value = node.as_string()) {
        if (const auto problem = text_problem(value->get())) {
            fail(node.source(), field, *problem + "; valid: text without NUL bytes");
        }
        return value->get();
    }
    fail(node.source(), field,
         "expected a string, found " + std::string(type_name(node.type())) +
             "; valid: text in double quotes" + string_example(field));
}

std::int64_t TomlReader::integer(const toml::node& node, const std::string& field) const {
    if (const auto* value = node.as_integer()) {
        return value->get();
    }
    fail(node.source(), field,
         "expected a whole number, found " + std::string(type_name(node.type())) +
             "; valid: a whole number without quotes or decimals, e.g. 7");
}

std::int64_t TomlReader::hundredths(const toml::node& node, const std::string& field,
                                    std::string_view valid) const {
    constexpr std::int64_t k_hundredths_per_unit = 100;
    constexpr double k_exact_double_max = 9.0e15; // below 2^53, where doubles are still integers
    constexpr double k_relative_tolerance = 1e-9;
    if (const auto* whole = node.as_integer()) {
        std::int64_t scaled = 0;
        if (__builtin_mul_overflow(whole->get(), k_hundredths_per_unit, &scaled)) {
            fail(node.source(), field, "too large; valid: " + std::string(valid));
        }
        return scaled;
    }
    if (const auto* real = node.as_floating_point()) {
        const double scaled = real->get() * static_cast<double>(k_hundredths_per_unit);
        if (!std::isfinite(scaled) || std::fabs(scaled) > k_exact_double_max) {
            fail(node.source(), field, "out of range; valid: " + std::string(valid));
        }
        const double nearest = std::nearbyint(scaled);
        if (std::fabs(scaled - nearest) > k_relative_tolerance * std::max(1.0, std::fabs(scaled))) {
            fail(node.source(), field,
                 "has more than two decimal places; valid: " + std::string(valid));
        }
        return std::llround(scaled);
    }
    fail(node.source(), field,
         "expected a number, found " + std::string(type_name(node.type())) +
             "; valid: " + std::string(valid));
}

std::int32_t TomlReader::percent_bp(const toml::node& node, const std::string& field,
                                    const PercentRange& range) const {
    const std::int64_t value_bp = hundredths(node, field, range.valid);
    if (value_bp < range.min_bp || value_bp > range.max_bp) {
        fail(node.source(), field, "out of range; valid: " + std::string(range.valid));
    }
    return static_cast<std::int32_t>(value_bp);
}

entities::Money TomlReader::pounds(const toml::node& node, const std::string& field) const {
    constexpr std::string_view valid = "pounds, not negative, at most two decimals (pence)";
    const std::int64_t pence = hundredths(node, field, valid);
    if (pence < 0) {
        fail(node.source(), field, "negative; valid: " + std::string(valid));
    }
    if (pence > k_amount_pence_max) {
        fail(node.source(), field,
             "too large to add up with the rest; valid: " + std::string(k_amount_max_text));
    }
    return entities::Money::from_pence(pence);
}

} // namespace specflow::scenarios::detail
