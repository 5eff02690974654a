#include "scenarios/policy_section_reader.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace specflow::scenarios::detail {

namespace {

constexpr std::array<std::string_view, 6> k_policy_keys{
    "api_rate_above_plan_pct",   "api_rate_below_plan_pct", "lva_threshold_pounds",
    "nhse_direct_budget_pounds", "monthly_profile",         "forecast_from_month"};

std::string field(std::string_view key) {
    return TomlReader::dotted("policy", key);
}

// Twelve weights, April to March, that share each year's activity out over its months.
std::array<std::int64_t, entities::k_months_per_year> read_monthly_profile(const TomlReader& toml,
                                                                           const toml::node& node) {
    constexpr std::string_view valid =
        "; valid: 12 whole numbers, April .. March, none negative and at least one positive";
    const toml::array* weights = node.as_array();
    if (weights == nullptr) {
        toml.fail(node.source(), field("monthly_profile"),
                  "expected an array, found " + std::string(type_name(node.type())) +
                      std::string(valid));
    }
    if (weights->size() != entities::k_months_per_year) {
        toml.fail(node.source(), field("monthly_profile"),
                  "has " + std::to_string(weights->size()) + " weights" + std::string(valid));
    }
    std::array<std::int64_t, entities::k_months_per_year> profile{};
    bool any_positive = false;
    for (std::size_t month = 0; month < weights->size(); ++month) {
        const toml::node& weight = *weights->get(month);
        const auto* value = weight.as_integer();
        if (value == nullptr || value->get() < 0) {
            toml.fail(weight.source(), field("monthly_profile"),
                      "weight " + std::to_string(month + 1) + " is not a whole number >= 0" +
                          std::string(valid));
        }
        profile[month] = value->get();
        any_positive = any_positive || value->get() > 0;
    }
    if (!any_positive) {
        toml.fail(node.source(), field("monthly_profile"),
                  "every weight is 0" + std::string(valid));
    }
    return profile;
}

// The month of the FY from which each month's close reports a forecast outturn.
std::int32_t read_forecast_from_month(const TomlReader& toml, const toml::node& node) {
    constexpr std::string_view valid =
        "; valid: a month of the financial year, a whole number from 1 (April) to 12 (March)";
    const auto* month = node.as_integer();
    if (month == nullptr) {
        toml.fail(node.source(), field("forecast_from_month"),
                  "expected a whole number, found " + std::string(type_name(node.type())) +
                      std::string(valid));
    }
    if (month->get() < 1 || month->get() > entities::k_months_per_year) {
        toml.fail(node.source(), field("forecast_from_month"),
                  std::to_string(month->get()) + " is out of range" + std::string(valid));
    }
    return static_cast<std::int32_t>(month->get());
}

} // namespace

entities::Policy read_policy_section(const TomlReader& toml, const toml::table& section,
                                     Budgets budgets) {
    toml.check_keys(section, "policy.", k_policy_keys);
    entities::Policy policy;
    const auto rate = [&](std::string_view key, std::int32_t& out_bp) {
        if (const toml::node* node = section.get(key)) {
            out_bp = toml.percent_bp(*node, field(key), k_share_range);
        }
    };
    const auto pounds = [&](std::string_view key, entities::Money& out) {
        if (const toml::node* node = section.get(key)) {
            out = toml.pounds(*node, field(key));
        }
    };
    if (const toml::node* nhse = section.get("nhse_direct_budget_pounds");
        nhse && budgets == Budgets::from_allocation) {
        // With [allocation], NHS England's money is what the pipeline leaves it: the not-ready
        // and retained shares, and the delegable share of ICBs that are not delegated.
        toml.fail(nhse->source(), field("nhse_direct_budget_pounds"),
                  "set by the allocation pipeline when [allocation] is present; valid: remove "
                  "the key");
    }
    rate("api_rate_above_plan_pct", policy.api_rate_above_bp);
    rate("api_rate_below_plan_pct", policy.api_rate_below_bp);
    pounds("lva_threshold_pounds", policy.lva_threshold);
    pounds("nhse_direct_budget_pounds", policy.nhse_direct_budget);
    if (const toml::node* profile = section.get("monthly_profile")) {
        policy.monthly_profile = read_monthly_profile(toml, *profile);
    }
    if (const toml::node* month = section.get("forecast_from_month")) {
        policy.forecast_from_month = read_forecast_from_month(toml, *month);
    }
    return policy;
}

} // namespace specflow::scenarios::detail
