#pragma once

#include "entities/scenario.hpp"
#include "reports/exposure.hpp"
#include "reports/monte_carlo_summary.hpp"
#include "reports/tornado_rows.hpp"
#include "reports/trust_tornado.hpp"

#include <string>
#include <vector>

namespace specflow::reports {

// The Monte Carlo summary plus, for one provider in the first financial year, its tornado: which
// common factors and which commissioner × service line pairs drive the variance of its income
// and of its pressure (TrustTornado); and, each FY, the distribution of the provider's
// forecast outturn (income and pressure) as it stood after the forecast month (DESIGN.md §8).
class StressSink : public SummarySink {
public:
    // `forecast_months`: per FY, the month whose close reports the forecast that is summarised
    // (the year's policy.forecast_from_month). The forecast distributions take the ranges of the
    // provider's annual income and pressure: a forecast lies between the plan and the outturn.
    StressSink(SummaryShape shape, const SummaryLayout& layout,
               std::optional<entities::Money> threshold, const entities::Scenario& scenario,
               entities::ProviderId provider, std::vector<std::size_t> watched_flows,
               std::vector<int> forecast_months = {});

    void on_provider_month(const sim::ProviderMonth& o) override;
    void on_income(const sim::IncomeBySource& o) override;
    void on_flow_year(const sim::FlowYear& o) override;
    void on_year_close(const sim::YearClose& o) override;
    void merge(const StressSink& other);

    [[nodiscard]] const TrustTornado& tornado() const noexcept { return tornado_; }
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
    entities::Money income_;                      // this replication's first-year income
    entities::Money drugs_;                       // and drugs passed through at cost
    entities::Money pressure_;                    // and pressure
    TrustTornado tornado_;
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

// The tornado of the provider's first-year income, income other than drugs (when it has drugs)
// and pressure (TrustTornado): for each total, the inputs whose share stands out from zero by
// more than two standard errors, largest first.
[[nodiscard]] std::vector<TornadoRow> tornado_rows(const StressSink& stress);

// "December" for month 9 of the FY (1 = April); "" outside 1..12.
[[nodiscard]] std::string month_name(int month);
// "forecast at M9 (December)".
[[nodiscard]] std::string forecast_label(int month);

// The provider's distributions of income, cost and pressure per year, P(pressure > threshold),
// its forecast outturns, and the tornado of its first-year income and pressure — in £m and full
// names, for a finance director.
[[nodiscard]] std::string stress_text(const entities::Scenario& scenario, const StressSink& stress,
                                      entities::ProviderId provider, std::uint32_t replications);

} // namespace specflow::reports
