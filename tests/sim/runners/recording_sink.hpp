#pragma once

#include "sim/observation.hpp"

#include <vector>

namespace specflow::testing {

// Keeps everything the engine says, for assertions.
class RecordingSink : public sim::ObservationSink {
public:
    void on_provider_month(const sim::ProviderMonth& o) override { providers.push_back(o); }
    void on_income(const sim::IncomeBySource& o) override { incomes.push_back(o); }
    void on_icb_month(const sim::IcbMonth& o) override { icbs.push_back(o); }
    void on_month_close(const sim::MonthClose& o) override { closes.push_back(o); }
    void on_recharge(const sim::RechargeSettlement& o) override { recharges.push_back(o); }
    void on_pool_settlement(const sim::PoolSettlement& o) override { pools.push_back(o); }
    void on_national_month(const sim::NationalMonth& o) override { nationals.push_back(o); }

    // The provider's row for a month (1..12).
    [[nodiscard]] const sim::ProviderMonth& provider(std::uint32_t provider, int month) const {
        for (const auto& row : providers) {
            if (row.provider.value() == provider && row.month.month == month) {
                return row;
            }
        }
        throw std::out_of_range("no such provider month");
    }
    [[nodiscard]] const sim::IcbMonth& icb(std::uint32_t icb, int month) const {
        for (const auto& row : icbs) {
            if (row.icb.value() == icb && row.month.month == month) {
                return row;
            }
        }
        throw std::out_of_range("no such ICB month");
    }

    std::vector<sim::ProviderMonth> providers;
    std::vector<sim::IncomeBySource> incomes;
    std::vector<sim::IcbMonth> icbs;
    std::vector<sim::MonthClose> closes;
    std::vector<sim::RechargeSettlement> recharges;
    std::vector<sim::PoolSettlement> pools;
    std::vector<sim::NationalMonth> nationals;
};

} // namespace specflow::testing
