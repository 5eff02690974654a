#pragma once

// The forecast outturn (DESIGN.md §8: "forecast outturn reported from M9 (a parameter)"): from
// the policy's forecast month on, each ICB's and each provider's outturn for the FY as it stands
// after a month's close is its actuals to date plus its plan for the months still to come. This
// file holds the plan side, worked out once per FY from the year's model and one replication's
// contract terms (an LVA value is the replication's own rolling average); the replication keeps
// the actuals to date.

#include "entities/contract.hpp"
#include "entities/id_vector.hpp"
#include "entities/money.hpp"
#include "sim/observation.hpp"
#include "sim/runners/books.hpp"
#include "sim/runners/model.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace specflow::sim {

class ForecastPlan {
public:
    ForecastPlan() = default;

    // The plan after each month from the year's `policy.forecast_from_month` to 12, from the
    // model and the replication's terms for each of the year's contracts (kind, annual value).
    [[nodiscard]] static ForecastPlan
    of(const Model& model, const entities::IdVector<entities::ContractId, ContractBook>& terms);

    // An ICB's forecast after `month` closes, from its budget instalments and spend to date; none
    // before the forecast month.
    [[nodiscard]] std::optional<IcbForecast> icb(entities::IcbId icb, int month,
                                                 entities::Money budget_to_date,
                                                 entities::Money spend_to_date) const;
    // A provider's forecast after `month` closes, from its income and cost to date; none before
    // the forecast month.
    [[nodiscard]] std::optional<ProviderForecast> provider(entities::ProviderId provider, int month,
                                                           entities::Money income_to_date,
                                                           entities::Money cost_to_date) const;

private:
    // What is planned for months month + 1 .. 12, for `month` from from_month_ to 12:
    // [(month − from_month_) × count + entity].
    struct Remaining {
        std::size_t count = 0;
        std::vector<entities::Money> values;

        [[nodiscard]] entities::Money after(std::size_t entity, int month, int from) const {
            return values[static_cast<std::size_t>(month - from) * count + entity];
        }
        [[nodiscard]] std::span<entities::Money> slot(std::size_t at) {
            return std::span(values).subspan(at * count, count);
        }
    };

    int from_month_ = entities::k_months_per_year + 1; // no forecast until planned
    Remaining icb_budget_;
    Remaining icb_spend_;
    Remaining provider_income_;
    Remaining provider_cost_;
};

} // namespace specflow::sim
