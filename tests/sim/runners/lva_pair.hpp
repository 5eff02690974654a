#pragma once

// A scenario that several runner tests share: one ICB pays one provider £240,000 a year by LVA
// for 12 transplants a year at £20,000, with a marginal cost of £1 a case (so a year's cases can
// be read back from the provider's cost), over `years` FYs of a £300,000 allocation in which
// prices rise by cost uplift 3% − efficiency 1% = 2% a year.

#include "tests/support/scenario_builder.hpp"

namespace specflow::testing {

inline ScenarioBuilder lva_transplant_pair(int years) {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto icb = b.icb("ICB", region, entities::Money{});
    const auto provider = b.provider("Provider", icb);
    const auto line = b.line("Renal transplant", pounds(20'000));
    b.cost(provider, line, pounds(0), pounds(1));
    b.flow(icb, provider, line, 12'000,
           b.contract(payer_icb(icb), provider, entities::ContractKind::lva, pounds(240'000)));
    auto& allocation = b.scenario().allocation;
    allocation.baseline_total = pounds(300'000);
    allocation.delegable_share_bp = 10'000;
    for (int y = 0; y < years; ++y) {
        entities::YearPolicy year;
        year.year = entities::FinancialYear(2024 + y);
        year.budget = pounds(300'000);
        year.cost_uplift_bp = 300;
        year.efficiency_bp = 100;
        allocation.years.push_back(year);
    }
    return b;
}

} // namespace specflow::testing
