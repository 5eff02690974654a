#pragma once

#include "entities/contract.hpp"
#include "entities/financial_month.hpp"
#include "entities/ids.hpp"
#include "entities/money.hpp"
#include "sim/kernel/ledger.hpp"

#include <cstdint>

namespace specflow::sim {

// What the engine tells the outside world at each month close. Reports subscribe through an
// ObservationSink; the engine knows nothing of files or formats.

struct ProviderMonth {
    std::uint32_t replication = 0;
    entities::FinancialMonth month;
    entities::ProviderId provider;
    entities::Money income;
    entities::Money cost;
    entities::Money pressure;           // cost − income
    entities::Money unfunded_activity;  // activity value above plan that payments do not fund
};

struct IncomeBySource {
    std::uint32_t replication = 0;
    entities::FinancialMonth month;
    entities::ProviderId provider;
    entities::Payer payer;
    entities::ContractKind kind = entities::ContractKind::block;
    entities::Money amount;
};

struct IcbMonth {
    std::uint32_t replication = 0;
    entities::FinancialMonth month;
    entities::IcbId icb;
    entities::Money budget;   // the month's instalment of the ICB's budget
    entities::Money spend;    // payments on the contracts it pays
    entities::Money variance; // budget − spend: positive is an underspend
};

struct MonthClose {
    std::uint32_t replication = 0;
    entities::FinancialMonth month;
    LedgerCloseReport ledger;
};

class ObservationSink {
public:
    virtual ~ObservationSink() = default;
    virtual void on_provider_month(const ProviderMonth& observation) = 0;
    virtual void on_income(const IncomeBySource& observation) = 0;
    virtual void on_icb_month(const IcbMonth& observation) = 0;
    virtual void on_month_close(const MonthClose& observation) = 0;
};

} // namespace specflow::sim
