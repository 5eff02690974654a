#pragma once

#include "entities/scenario.hpp"
#include "sim/observation.hpp"

#include <string>
#include <vector>

namespace specflow::reports {

// Where a provider's income comes from in one FY: by commissioner and contract kind.
struct ExposureRow {
    entities::Payer payer;
    entities::ContractKind kind = entities::ContractKind::block;
    entities::Money amount;
};

// A provider's income in `year` from the given income observations (one replication's, the
// expected-value run's for the plan), by commissioner and contract kind, largest first.
[[nodiscard]] std::vector<ExposureRow> exposure(const std::vector<sim::IncomeBySource>& incomes,
                                                entities::ProviderId provider,
                                                entities::FinancialYear year);

// For the terminal: each commissioner × contract kind with £m and its share of the income, the
// total last.
[[nodiscard]] std::string exposure_text(const entities::Scenario& scenario,
                                        const std::vector<ExposureRow>& rows,
                                        entities::ProviderId provider,
                                        entities::FinancialYear year);

} // namespace specflow::reports
