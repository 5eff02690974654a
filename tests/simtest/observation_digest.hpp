#pragma once

#include "sim/observation.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <string>

namespace specflow::simtest {

// Every observation a run emits, keyed by what it is about (kind, replication, month, entities)
// and holding its amounts, so that two runs can be compared exactly whatever order their
// replications ran in. A digest of several sinks is their union (merge).
class ObservationDigest : public sim::ObservationSink {
public:
    using Key = std::array<std::int64_t, 6>;    // kind, replication, month, three entity ids
    using Values = std::array<std::int64_t, 8>; // amounts, in the observation's field order

    void on_provider_month(const sim::ProviderMonth& o) override;
    void on_income(const sim::IncomeBySource& o) override;
    void on_icb_month(const sim::IcbMonth& o) override;
    void on_month_close(const sim::MonthClose& o) override;
    void on_national_month(const sim::NationalMonth& o) override;
    void on_recharge(const sim::RechargeSettlement& o) override;
    void on_pool_settlement(const sim::PoolSettlement& o) override;

    // Adds another digest's observations; an observation both hold counts as a difference.
    void merge(const ObservationDigest& other);

    [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }

    // The first difference between two digests, in words; empty when they are equal.
    [[nodiscard]] std::string first_difference(const ObservationDigest& other) const;

    friend bool operator==(const ObservationDigest&, const ObservationDigest&) = default;

private:
    void add(const Key& key, const Values& values);

    std::map<Key, Values> values_;
    std::int64_t duplicates_ = 0; // observations emitted twice, which a correct run never does
};

} // namespace specflow::simtest
