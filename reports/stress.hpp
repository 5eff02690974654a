#pragma once

#include "entities/scenario.hpp"
#include "reports/exposure.hpp"
#include "reports/monte_carlo_summary.hpp"
#include "reports/tornado.hpp"
#include "reports/tornado_rows.hpp"

#include <string>
#include <vector>

namespace specflow::reports {

// The Monte Carlo summary plus, for one provider in the first financial year, each watched
// flow's yearly activity value against the provider's income: which (commissioner, service
// line) pairs drive the variance of its income; and, each FY, the distribution of the provider's
// forecast outturn (income and pressure) as it stood after the forecast month (DESIGN.md §8).
class StressSink : public SummarySink {
public:
    // `forecast_months`: per FY, the month whose close reports the forecast that is summarised
    // (the year's policy.forecast_from_month). The forecast distributions take the ranges of the
    // provider's annual income and pressure: a forecast lies between the plan and the outturn.
    StressSink(SummaryShape shape, const SummaryLayout& layout,
               std::optional<entities::Money> threshold, entities::ProviderId provider,
               std::vector<std::size_t> watched_flows, std::vector<int> forecast_months = {});

    void on_provider_month(const sim::ProviderMonth& o) override;
    void on_flow_year(const sim::FlowYear& o) override;
    void on_year_close(const sim::YearClose& o) override;
    void merge(const StressSink& other);

    [[nodiscard]] const VarianceContributions& contributions() const noexcept {
        return contributions_;
    }
    [[nodiscard]] const std::vector<std::size_t>& watched_flows() const noexcept {
        return watched_;
    }
    [[nodiscard]] entities::ProviderId provider() const noexcept { return provider_; }
    // The forecast month of FY `year` (0 = the first) and the distribution of the provider's
    // forecast income or pressure after it; empty when the replications reported no forecast.
    [[nodiscard]] int forecast_month(std::size_t year) const { return forecast_months_.at(year); }
    [[nodiscard]] const Distribution& forecast(Measure measure, std::size_t year) const;

private:
    entities::ProviderId provider_;
    std::vector<int> forecast_months_;
    std::vector<Distribution> forecast_income_;   // per FY
    std::vector<Distribution> forecast_pressure_; // per FY
    std::vector<std::size_t> watched_;
    std::vector<std::int64_t> values_; // this replication's first-year value per watched flow
    entities::Money income_;           // this replication's first-year income
    VarianceContributions contributions_;
};

// What `specflow stress` keeps in the results store beside the Monte Carlo summary: which
// provider, where its income comes from each FY (the expected-value run) and the tornado.
struct StressResults {
    const StressSink* sink = nullptr;
    entities::ProviderId provider;
    std::vector<std::pair<entities::FinancialYear, std::vector<ExposureRow>>> exposure;
    entities::FinancialYear tornado_year{2024};
    std::vector<TornadoRow> tornado;
};

// The tornado of the provider's first-year income from the sink's contributions: one row per
// watched flow, "ICB × service line", largest |share| first; no standard error yet (0).
[[nodiscard]] std::vector<TornadoRow> tornado_rows(const entities::Scenario& scenario,
                                                   const StressSink& stress);

// "December" for month 9 of the FY (1 = April); "" outside 1..12.
[[nodiscard]] std::string month_name(int month);
// "forecast at M9 (December)".
[[nodiscard]] std::string forecast_label(int month);

// The provider's distributions of income, cost and pressure per year, P(pressure > threshold),
// and a tornado of the ten (commissioner, service line) pairs that contribute most to the
// variance of its first-year income — in £m and full names, for a finance director.
[[nodiscard]] std::string stress_text(const entities::Scenario& scenario, const StressSink& stress,
                                      entities::ProviderId provider, std::uint32_t replications);

} // namespace specflow::reports
