#pragma once

#include "entities/allocation_policy.hpp"
#include "entities/arrangement.hpp"
#include "entities/contract.hpp"
#include "entities/drug_cost.hpp"
#include "entities/financial_month.hpp"
#include "entities/flow.hpp"
#include "entities/icb.hpp"
#include "entities/provider.hpp"
#include "entities/provider_cost.hpp"
#include "entities/reconfiguration.hpp"
#include "entities/region.hpp"
#include "entities/service_line.hpp"
#include "entities/shock.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace specflow::entities {

struct Policy {
    std::int32_t api_rate_above_bp = k_basis_points_per_unit;
    std::int32_t api_rate_below_bp = k_basis_points_per_unit;
    Money lva_threshold = Money::from_pence(500'000'00);
    Money nhse_direct_budget;
    Money hcdd_budget; // the central HCDD budget: set by the allocation pipeline, else zero
    std::int32_t price_uplift_bp = 0; // this FY's cost uplift − efficiency (set per year plan)
    // The month of the FY (1 April .. 12 March) from which each month's close reports a forecast
    // outturn for the year (DESIGN.md §8: from M9, December, unless the scenario says otherwise).
    std::int32_t forecast_from_month = 9;
    std::array<std::int64_t, k_months_per_year> monthly_profile{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
};

// Everything a run needs, validated: the tables refer to each other by index.
struct Scenario {
    std::string name;
    std::string title;
    std::string question; // what the scenario asks, for reports (may be empty)
    FinancialYear first_year{2024};
    std::uint32_t seed = 0;
    Policy policy;
    AllocationPolicy allocation;
    std::vector<Region> regions;
    // Every ICB of the run: with reconfigurations, those of the first FY and those formed
    // later, each with the years it exists in (Icb::exists_in).
    std::vector<Icb> icbs;
    std::vector<IcbYearNeed> icb_needs; // populations and need indices by FY (may be empty)
    std::vector<Provider> providers;
    std::vector<ServiceLine> service_lines;
    std::vector<ProviderCost> costs;
    std::vector<DrugCost> drugs; // high-cost drugs and devices (may be empty)
    std::vector<Flow> flows;
    std::vector<Contract> contracts;
    std::vector<LeadArrangement> lead_arrangements;
    std::vector<RiskPool> risk_pools;
    std::vector<Shock> shocks;
    std::vector<Reconfiguration> reconfigurations; // in FY order, at most one per FY

    // The national budget for the year: every ICB's budget, NHS England's direct budget and
    // the central HCDD budget.
    [[nodiscard]] Money national_budget() const;
    // Checks the cross-references and invariants a loaded scenario must hold; throws
    // std::logic_error naming the first broken one. For programmer errors, not user input.
    void verify() const;
};

} // namespace specflow::entities
