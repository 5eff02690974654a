#include "scenarios/activity_section_reader.hpp"

#include <array>
#include <string_view>

namespace specflow::scenarios::detail {

namespace {

constexpr std::array<std::string_view, 4> k_activity_keys{"monthly_cv_pct", "national_cv_pct",
                                                          "provider_cv_pct", "demand_trend_sd_pct"};

} // namespace

entities::ActivityVariation read_activity_section(const TomlReader& toml,
                                                  const toml::table& section) {
    toml.check_keys(section, "activity.", k_activity_keys);
    auto variation = entities::k_default_activity_variation;
    const auto percent = [&](std::string_view key, const PercentRange& range, std::int32_t& out) {
        if (const toml::node* node = section.get(key)) {
            out = toml.percent_bp(*node, TomlReader::dotted("activity", key), range);
        }
    };
    percent("monthly_cv_pct", k_monthly_cv_range, variation.monthly_cv_bp);
    percent("national_cv_pct", k_factor_cv_range, variation.national_cv_bp);
    percent("provider_cv_pct", k_factor_cv_range, variation.provider_cv_bp);
    percent("demand_trend_sd_pct", k_trend_sd_range, variation.trend_sd_bp);
    return variation;
}

} // namespace specflow::scenarios::detail
