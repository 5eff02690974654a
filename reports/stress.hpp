#pragma once

#include "entities/scenario.hpp"
#include "reports/monte_carlo_summary.hpp"
#include "reports/trust_tornado.hpp"

#include <string>
#include <vector>

namespace specflow::reports {

// The Monte Carlo summary plus, for one provider in the first financial year, its tornado: which
// common factors and which commissioner × service line pairs drive the variance of its income
// and of its pressure (TrustTornado).
class StressSink : public SummarySink {
public:
    StressSink(SummaryShape shape, const SummaryLayout& layout,
               std::optional<entities::Money> threshold, const entities::Scenario& scenario,
               entities::ProviderId provider, std::vector<std::size_t> watched_flows);

    void on_provider_month(const sim::ProviderMonth& o) override;
    void on_flow_year(const sim::FlowYear& o) override;
    void on_year_close(const sim::YearClose& o) override;
    void merge(const StressSink& other);

    [[nodiscard]] const TrustTornado& tornado() const noexcept { return tornado_; }

private:
    entities::ProviderId provider_;
    entities::Money income_;   // this replication's first-year income
    entities::Money pressure_; // and pressure
    TrustTornado tornado_;
};

// The provider's distributions of income, cost and pressure per year, P(pressure > threshold),
// and the tornado of its first-year income and pressure — in £m and full names, for a finance
// director.
[[nodiscard]] std::string stress_text(const entities::Scenario& scenario, const StressSink& stress,
                                      entities::ProviderId provider, std::uint32_t replications);

} // namespace specflow::reports
