#pragma once

#include "entities/activity_variation.hpp"
#include "scenarios/toml_reader.hpp"

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// The [activity] section (docs/scenario-format.md): how every service line's activity varies
// unless service_lines.csv gives the line its own values. Keys left out keep
// entities::k_default_activity_variation's.
[[nodiscard]] entities::ActivityVariation read_activity_section(const TomlReader& toml,
                                                                const toml::table& section);

// The bounds every source of these parameters keeps to, in basis points, and how to say them.
inline constexpr PercentRange k_monthly_cv_range{
    .min_bp = 0, .max_bp = 30'000, .valid = "a percentage from 0 to 300, at most two decimals"};
inline constexpr PercentRange k_factor_cv_range{
    .min_bp = 0, .max_bp = 10'000, .valid = "a percentage from 0 to 100, at most two decimals"};
inline constexpr PercentRange k_trend_sd_range{
    .min_bp = 0, .max_bp = 5'000, .valid = "a percentage from 0 to 50, at most two decimals"};

} // namespace specflow::scenarios::detail
