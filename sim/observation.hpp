#pragma once

#include "entities/contract.hpp"
#include "entities/financial_month.hpp"
#include "entities/ids.hpp"
#include "entities/money.hpp"
#include "sim/kernel/ledger.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace specflow::sim {

// What the engine tells the outside world at each month close. Reports subscribe through an
// ObservationSink; the engine knows nothing of files or formats.

// A forecast outturn for the FY as it stands after a month's close: actuals to date plus plan
// for the months still to come (sim/runners/forecast.hpp). Reported from the policy's
// forecast_from_month; in month 12 it is the year's actual.
struct ProviderForecast {
    entities::Money income{};
    entities::Money cost{};
    entities::Money pressure{}; // cost − income: positive is a loss
};

struct IcbForecast {
    entities::Money spend{};
    entities::Money variance{}; // the FY's budget − spend: positive is an underspend
};

struct ProviderMonth {
    std::uint32_t replication = 0;
    entities::FinancialMonth month;
    entities::ProviderId provider;
    entities::Money income{};
    entities::Money cost{};
    entities::Money pressure{};          // cost − income
    entities::Money unfunded_activity{}; // activity value above plan that payments do not fund
    // The forecast outturn, from the forecast month on.
    std::optional<ProviderForecast> forecast;
};

struct IncomeBySource {
    std::uint32_t replication = 0;
    entities::FinancialMonth month;
    entities::ProviderId provider;
    entities::Payer payer;
    entities::ContractKind kind = entities::ContractKind::block;
    entities::Money amount{};
};

struct IcbMonth {
    std::uint32_t replication = 0;
    entities::FinancialMonth month;
    entities::IcbId icb;
    entities::Money budget{};    // the month's instalment of the ICB population's delegable budget
    entities::Money spend{};     // its contracts' payments, net of lead-ICB recharges (accrued)
    entities::Money variance{};  // budget − spend: positive is an underspend
    bool held_by_icb = false;    // delegated: the ICB holds the money; else NHS England's region
    entities::Money risk_pool{}; // risk-pool transfer (+ received, − paid in)
    entities::Money local_investment{}; // upstream investment paid from the ICB's account
    entities::Money reserve{};          // FY end: underspend kept as ringfenced specialised reserve
    entities::Money released{};         // FY end: underspend released from specialised budgets
    // The forecast outturn, from the forecast month on.
    std::optional<IcbForecast> forecast;
    // Lead-ICB recharges in `spend`, accrued (DESIGN.md §6): + owed to hosts, − due to it as a
    // host, a sum withheld under dispute included.
    entities::Money recharges{};
    // As a host, at the month's end: the cash it carries for the other participants (their
    // shares of its payments not yet recharged, and what they withhold under dispute).
    entities::Money host_exposure{};
    entities::Money hosting{}; // as a host, the hub's own cost paid (in `spend`)
};

// NHS England's own budgets in a month, each with what it paid providers: its direct budget
// (not-ready and retained lines; the delegable money it holds for ICBs that do not is in
// IcbMonth) and the central HCDD budget.
struct NationalMonth {
    std::uint32_t replication = 0;
    entities::FinancialMonth month;
    entities::Money direct_budget{}; // the month's instalment of NHS England's direct budget
    entities::Money direct_spend{};  // its contracts' payments
    entities::Money hcdd_budget{};   // the month's instalment of the central HCDD budget
    entities::Money hcdd_spend{};    // providers' high-cost drugs and devices reimbursed
};

// One participant's part of a lead-ICB settlement.
struct RechargeSettlement {
    std::uint32_t replication = 0;
    entities::FinancialMonth month;
    entities::ArrangementId arrangement;
    entities::IcbId participant;
    entities::Money host_paid{};   // what the host paid the providers in the period
    entities::Money due{};         // this participant's fair share
    entities::Money paid{};        // paid to the host now (due less any withheld; plus any settled)
    entities::Money withheld{};    // withheld now under a dispute
    entities::Money outstanding{}; // withheld and not yet settled, after this settlement
    bool fell_back = false;        // the activity basis had no activity: plan shares were used
};

// One member's part of a risk-pool settlement.
struct PoolSettlement {
    std::uint32_t replication = 0;
    entities::FinancialMonth month;
    entities::PoolId pool;
    entities::IcbId member;
    entities::Money variance{}; // budget − spend over the settlement period
    entities::Money transfer{}; // + received from the pool, − paid in
};

struct MonthClose {
    std::uint32_t replication = 0;
    entities::FinancialMonth month;
    LedgerCloseReport ledger;
};

// A financial year of one replication has closed: every observation of the year has been sent.
struct YearClose {
    std::uint32_t replication = 0;
    entities::FinancialYear year{2024};
};

// A watched flow's activity over one financial year of one replication (for stress analysis).
struct FlowYear {
    std::uint32_t replication = 0;
    entities::FinancialYear year{2024};
    std::size_t flow = 0;
    std::int64_t cases_milli = 0;
    entities::Money value{}; // cases × unit price over the year, to the nearest penny
    // The year's expected value (expected cases × unit price) before the replication's common
    // factors (DESIGN.md §7) and after them: what chance around the factors moved `value` from.
    entities::Money expected_value{};
    entities::Money expected_value_given_factors{};
    // The flow's factors this year: national (its line's), provider (its provider × line's) and
    // the demand trend's deviation; all 1 in the expected-value run.
    double national_factor = 1.0;
    double provider_factor = 1.0;
    double trend_factor = 1.0;
};

class ObservationSink {
public:
    virtual ~ObservationSink() = default;
    virtual void on_provider_month(const ProviderMonth& observation) = 0;
    virtual void on_income(const IncomeBySource& observation) = 0;
    virtual void on_icb_month(const IcbMonth& observation) = 0;
    virtual void on_month_close(const MonthClose& observation) = 0;
    virtual void on_national_month(const NationalMonth& /*observation*/) {}
    virtual void on_recharge(const RechargeSettlement& /*observation*/) {}
    virtual void on_pool_settlement(const PoolSettlement& /*observation*/) {}
    virtual void on_year_close(const YearClose& /*observation*/) {}
    virtual void on_flow_year(const FlowYear& /*observation*/) {}
};

} // namespace specflow::sim
