#pragma once

#include "sim/observation.hpp"

#include <string_view>
#include <vector>

namespace specflow::reports {

// The names nhse_month.csv and the store give NHS England's two budgets (sim::NationalMonth).
inline constexpr std::string_view k_nhse_direct = "NHS England direct";
inline constexpr std::string_view k_nhse_hcdd = "HCDD (high-cost drugs and devices)";

// Keeps every observation of a run in memory, in the order the engine emitted them, for the
// writers. Meant for single replications (a year of England is a few thousand rows).
class RunTables : public sim::ObservationSink {
public:
    void on_provider_month(const sim::ProviderMonth& observation) override {
        provider_months.push_back(observation);
    }
    void on_income(const sim::IncomeBySource& observation) override {
        incomes.push_back(observation);
    }
    void on_icb_month(const sim::IcbMonth& observation) override {
        icb_months.push_back(observation);
    }
    void on_month_close(const sim::MonthClose& observation) override {
        month_closes.push_back(observation);
    }
    void on_national_month(const sim::NationalMonth& observation) override {
        national_months.push_back(observation);
    }
    void on_recharge(const sim::RechargeSettlement& observation) override {
        recharges.push_back(observation);
    }
    void on_pool_settlement(const sim::PoolSettlement& observation) override {
        pool_settlements.push_back(observation);
    }

    std::vector<sim::ProviderMonth> provider_months;
    std::vector<sim::IncomeBySource> incomes;
    std::vector<sim::IcbMonth> icb_months;
    std::vector<sim::NationalMonth> national_months;
    std::vector<sim::MonthClose> month_closes;
    std::vector<sim::RechargeSettlement> recharges;
    std::vector<sim::PoolSettlement> pool_settlements;
};

} // namespace specflow::reports
