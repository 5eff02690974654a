#include "tests/simtest/observation_digest.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace specflow::simtest {

namespace {

enum class Kind : std::int64_t { provider, income, icb, close, national, recharge, pool };

std::int64_t month_number(const entities::FinancialMonth& month) {
    return static_cast<std::int64_t>(month.year.start_year()) * 100 + month.month;
}

ObservationDigest::Key key(Kind kind, std::uint32_t replication,
                           const entities::FinancialMonth& month, std::int64_t a = 0,
                           std::int64_t b = 0, std::int64_t c = 0) {
    return {static_cast<std::int64_t>(kind), replication, month_number(month), a, b, c};
}

std::int64_t payer_number(const entities::Payer& payer) {
    return payer.is_nhse() ? -1 : static_cast<std::int64_t>(payer.icb->value());
}

} // namespace

void ObservationDigest::add(const Key& k, const Values& values) {
    if (!values_.emplace(k, values).second) {
        ++duplicates_;
    }
}

void ObservationDigest::on_provider_month(const sim::ProviderMonth& o) {
    const auto forecast = o.forecast.value_or(sim::ProviderForecast{});
    add(key(Kind::provider, o.replication, o.month, o.provider.value()),
        {o.income.pence(), o.cost.pence(), o.pressure.pence(), o.unfunded_activity.pence(),
         o.forecast.has_value(), forecast.income.pence(), forecast.cost.pence(),
         forecast.pressure.pence()});
}

void ObservationDigest::on_income(const sim::IncomeBySource& o) {
    add(key(Kind::income, o.replication, o.month, o.provider.value(), payer_number(o.payer),
            static_cast<std::int64_t>(o.kind)),
        {o.amount.pence()});
}

void ObservationDigest::on_icb_month(const sim::IcbMonth& o) {
    const auto forecast = o.forecast.value_or(sim::IcbForecast{});
    add(key(Kind::icb, o.replication, o.month, o.icb.value()),
        {o.budget.pence(), o.spend.pence(), o.variance.pence(), o.held_by_icb, o.risk_pool.pence(),
         o.local_investment.pence(), o.reserve.pence(), o.released.pence()});
    add(key(Kind::icb, o.replication, o.month, o.icb.value(), 1),
        {o.forecast.has_value(), forecast.spend.pence(), forecast.variance.pence(),
         o.recharges.pence(), o.host_exposure.pence(), o.hosting.pence()});
}

void ObservationDigest::on_month_close(const sim::MonthClose& o) {
    add(key(Kind::close, o.replication, o.month),
        {o.ledger.month_index, static_cast<std::int64_t>(o.ledger.transfer_count),
         o.ledger.issued_to_date.pence(), o.ledger.turnover.pence()});
}

void ObservationDigest::on_national_month(const sim::NationalMonth& o) {
    add(key(Kind::national, o.replication, o.month),
        {o.direct_budget.pence(), o.direct_spend.pence(), o.hcdd_budget.pence(),
         o.hcdd_spend.pence()});
}

void ObservationDigest::on_recharge(const sim::RechargeSettlement& o) {
    add(key(Kind::recharge, o.replication, o.month, o.arrangement.value(), o.participant.value()),
        {o.host_paid.pence(), o.due.pence(), o.paid.pence(), o.withheld.pence(),
         o.outstanding.pence(), o.fell_back});
}

void ObservationDigest::on_pool_settlement(const sim::PoolSettlement& o) {
    add(key(Kind::pool, o.replication, o.month, o.pool.value(), o.member.value()),
        {o.variance.pence(), o.transfer.pence()});
}

void ObservationDigest::merge(const ObservationDigest& other) {
    for (const auto& [k, values] : other.values_) {
        add(k, values);
    }
    duplicates_ += other.duplicates_;
}

std::string ObservationDigest::first_difference(const ObservationDigest& other) const {
    if (duplicates_ != other.duplicates_) {
        return fmt::format("{} observations emitted twice against {}", duplicates_,
                           other.duplicates_);
    }
    auto a = values_.begin();
    auto b = other.values_.begin();
    for (; a != values_.end() && b != other.values_.end(); ++a, ++b) {
        if (a->first != b->first) {
            return fmt::format("observation [{}] against [{}] (kind, replication, month, ids)",
                               fmt::join(a->first, ", "), fmt::join(b->first, ", "));
        }
        if (a->second != b->second) {
            return fmt::format("observation [{}]: amounts [{}] against [{}]",
                               fmt::join(a->first, ", "), fmt::join(a->second, ", "),
                               fmt::join(b->second, ", "));
        }
    }
    if (a != values_.end() || b != other.values_.end()) {
        return fmt::format("{} observations against {}", values_.size(), other.values_.size());
    }
    return {};
}

} // namespace specflow::simtest
