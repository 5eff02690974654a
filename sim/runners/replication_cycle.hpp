#pragma once

// The monthly cycle of one replication (DESIGN.md §8): private to sim/runners. The cycle
// itself (payments, activity, month close) is in replication.cpp; the books carried at a FY's
// start in year_start.cpp; lead-ICB recharges, dispute rulings and risk pools in
// settlements.cpp.

#include "entities/financial_month.hpp"
#include "entities/id_vector.hpp"
#include "sim/kernel/event_calendar.hpp"
#include "sim/kernel/ledger.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/observation.hpp"
#include "sim/runners/activity_draws.hpp"
#include "sim/runners/books.hpp"
#include "sim/runners/common_factors.hpp"
#include "sim/runners/forecast.hpp"
#include "sim/runners/reconfiguration_plan.hpp"
#include "sim/runners/replication.hpp"

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace specflow::sim::cycle {

// The steps of the monthly cycle; the phase of each is its value. A step with an index (a
// recharge, a ruling, a pool) is one event per settlement the year's model compiled.
enum class Step : std::int32_t {
    year_start = 0,
    fixed_payments = 1,
    activity = 2,
    variable_payments = 3,
    recharge = 4,    // one lead-ICB arrangement's settlement
    ruling = 5,      // the arbiter's ruling on one dispute: withheld sums paid
    pool_period = 6, // every ICB's month joins its pool's settlement period
    pool = 7,        // one risk pool's settlement
    month_close = 8,
    year_end = 9, // ringfence and release of underspends, LVA history
};

struct Event {
    Step step = Step::year_start;
    std::uint32_t index = 0; // which arrangement, ruling or pool
};

class Replication {
public:
    // `carries` has one entry per year: what a reconfiguration at its start carries (or null).
    // `draws`: the block of drawn activity holding this replication, if one does; otherwise a
    // stochastic replication draws its own.
    Replication(std::vector<const Model*> years, std::vector<const YearCarry*> carries,
                const IncomePairs& pairs, StreamKey key, ObservationSink& sink,
                const ReplicationOptions& options = {}, const ActivityDraws* draws = nullptr);
    void run();

private:
    using IcbId = entities::IcbId;
    using ProviderId = entities::ProviderId;
    using ContractId = entities::ContractId;
    using Money = entities::Money;
    using Int128 = entities::Int128;

    void open_accounts();
    void schedule_year(std::int32_t first_month_index);
    void handle(const Event& event, std::int32_t month_index);
    void on_year_start(std::size_t year);
    void rebuild_books();
    void carry_icb_books(const YearCarry& carry);
    void carry_contract_books(const YearCarry& carry);
    void set_contract_terms(std::size_t year);
    void on_fixed_payments(int month);
    void on_activity(int month);
    void on_variable_payments(int month);
    void settle_arrangement(entities::ArrangementId a, int month);
    void rule_on_dispute(const SettlementSchedule::Ruling& ruling, int month);
    void add_pool_period();
    void settle_pool(entities::PoolId p, int month);
    void on_month_close(int month, std::int32_t month_index);
    void on_year_end();
    void emit_month(int month);
    void pay(ContractId contract, Money amount);
    void reimburse_drugs(ContractId contract, Money amount);
    void recharge_icb(IcbId from, IcbId to, Money due, Money paid);
    void pay_hosting_costs(int month);
    using IcbExposures = entities::IdVector<IcbId, Money>;
    [[nodiscard]] IcbExposures host_exposures() const;
    void check_cross_footing(int month) const;
    [[nodiscard]] entities::FinancialMonth when(int month) const {
        return {scenario_->first_year, month};
    }
    [[nodiscard]] bool exists(IcbId icb) const {
        return scenario_->icbs[icb.index()].exists_in(scenario_->first_year);
    }
    [[nodiscard]] bool delegated(IcbId icb) const {
        return scenario_->icbs[icb.index()].delegation == entities::DelegationStatus::delegated;
    }
    // Who holds an ICB population's delegable money: the ICB when delegated, else its region.
    [[nodiscard]] AccountId holder(IcbId icb) const {
        return delegated(icb) ? icbs_[icb].account : regions_[scenario_->icbs[icb.index()].region];
    }

    std::vector<const Model*> years_;
    std::vector<const YearCarry*> carries_;
    const IncomePairs& pairs_;
    const Model* model_;
    const entities::Scenario* scenario_;
    std::size_t year_ = 0;
    StreamKey key_;
    // The replication's activity, drawn before it runs (none in the expected-value run), and
    // the block of draws it owns when no Monte Carlo worker drew it.
    const ActivityDraws* draws_ = nullptr;
    std::unique_ptr<ActivityDraws> own_draws_;
    const CommonFactors* factors_ = nullptr; // the year's; none in the expected-value run
    ObservationSink& sink_;
    Ledger ledger_{"national budget"};
    EventCalendar<Event> calendar_;

    AccountId nhse_ = 0;
    AccountId hcdd_ = 0;
    AccountId external_costs_ = 0;
    AccountId local_pathways_ = 0;
    AccountId reserves_ = 0;
    AccountId released_ = 0;
    AccountId hosting_ = 0; // the hubs' own costs; opened only if some arrangement has one

    // This FY's books, rebuilt at each FY start.
    entities::IdVector<entities::RegionId, AccountId> regions_;
    entities::IdVector<IcbId, IcbBook> icbs_;
    entities::IdVector<ProviderId, ProviderBook> providers_;
    entities::IdVector<entities::ArrangementId, ArrangementBook> arrangements_;
    entities::IdVector<entities::PoolId, PoolBook> pools_;
    entities::IdVector<ContractId, ContractBook> contracts_; // for the run
    NationalBook national_;
    std::vector<Money> group_income_;           // income pair × contract kind, the month's
    std::vector<bool> group_present_;           // income pair × contract kind, paid this FY
    std::vector<std::uint32_t> present_groups_; // those paid this FY, in order
    // This FY's contracts of each kind, in order (an ended contract is a block of nothing).
    std::array<std::vector<std::uint32_t>, k_contract_kinds> contracts_of_kind_;
    ForecastPlan forecast_; // this FY's plan for the months still to come

    // The month's activity sums, from on_activity to the payments: per contract, its activity
    // value (milli-pence) and cases (thousandths); per provider, marginal cost (milli-pence). A
    // drawn replication reads its block's (ActivityTotals) where they lie; the expected-value
    // run adds up its own below and reads those.
    ActivityTotals::Month month_;
    [[nodiscard]] Int128 month_value(std::size_t contract) const {
        return month_.wide ? month_.wide_value_milli_pence[contract]
                           : Int128{month_.value_milli_pence[contract]};
    }
    std::vector<entities::Int128> actual_value_milli_pence_;
    std::vector<std::int64_t> cases_milli_;
    std::vector<entities::Int128> marginal_units_;

    // Watched flows: this FY's cases and value so far.
    std::vector<std::size_t> watched_;
    bool forecast_wanted_ = true; // without it forecast_ stays empty: no month has a forecast
    std::vector<std::int64_t> watched_cases_;
    std::vector<entities::Int128> watched_value_;
};

} // namespace specflow::sim::cycle
