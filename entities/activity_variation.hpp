#pragma once

#include <cstdint>

namespace specflow::entities {

// How a service line's activity varies beyond its plan (DESIGN.md §7), each a percentage in basis
// points. Zero everywhere is plain Poisson chance around the expectation.
struct ActivityVariation {
    // Overdispersion: a month's count is negative binomial with Var = μ + (cv · μ)², the
    // coefficient of variation it keeps at large volumes (the dispersion k of DESIGN.md is 1/cv²).
    std::int32_t monthly_cv_bp = 0;
    // A year-level multiplier of mean 1 shared by every flow of the line (national demand).
    std::int32_t national_cv_bp = 0;
    // A year-level multiplier of mean 1 shared by every flow of one provider on the line (a
    // consultant leaves, a new drug arrives).
    std::int32_t provider_cv_bp = 0;
    // The standard deviation of the line's annual demand trend, drawn once per replication: its
    // effect after y years has a standard deviation of about y × this, mean 1.
    std::int32_t trend_sd_bp = 0;

    [[nodiscard]] bool varies_beyond_poisson() const noexcept {
        return monthly_cv_bp != 0 || national_cv_bp != 0 || provider_cv_bp != 0 || trend_sd_bp != 0;
    }
    friend bool operator==(const ActivityVariation&, const ActivityVariation&) = default;
};

// What a scenario that says nothing about variation gets (docs/activity-model.md gives the
// reasoning; all illustrative): 10% monthly overdispersion, a 3% national and an 8% provider
// factor each year, and a demand trend uncertain by 1 percentage point a year.
inline constexpr ActivityVariation k_default_activity_variation{
    .monthly_cv_bp = 1'000, .national_cv_bp = 300, .provider_cv_bp = 800, .trend_sd_bp = 100};

} // namespace specflow::entities
