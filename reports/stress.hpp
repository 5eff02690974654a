#pragma once

#include "entities/scenario.hpp"
#include "reports/monte_carlo_summary.hpp"
#include "reports/tornado.hpp"

#include <string>
#include <vector>

namespace specflow::reports {

// The Monte Carlo summary plus, for one provider in the first financial year, each watched
// flow's yearly activity value against the provider's income: which (commissioner, service
// line) pairs drive the variance of its income.
class StressSink : public SummarySink {
public:
    StressSink(SummaryShape shape, const SummaryLayout& layout,
               std::optional<entities::Money> threshold, entities::ProviderId provider,
               std::vector<std::size_t> watched_flows);

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

private:
    entities::ProviderId provider_;
    std::vector<std::size_t> watched_;
    std::vector<std::int64_t> values_; // this replication's first-year value per watched flow
    entities::Money income_;           // this replication's first-year income
    VarianceContributions contributions_;
};

// The provider's distributions of income, cost and pressure per year, P(pressure > threshold),
// and a tornado of the ten (commissioner, service line) pairs that contribute most to the
// variance of its first-year income — in £m and full names, for a finance director.
[[nodiscard]] std::string stress_text(const entities::Scenario& scenario, const StressSink& stress,
                                      entities::ProviderId provider, std::uint32_t replications);

} // namespace specflow::reports
