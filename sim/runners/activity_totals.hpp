#pragma once

#include "entities/rounding.hpp"
#include "sim/runners/model.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace specflow::sim {

// A month's drawn counts of a block of replications, flow by flow with the block's replications
// side by side: count(r, f) is replication r of the block's count of flow f.
struct MonthCases {
    std::int64_t* data = nullptr;
    std::size_t lanes = 0;
    std::int64_t& operator()(std::uint32_t r, std::size_t f) const { return data[f * lanes + r]; }
};

// Adds a month's flows into sums by contract and provider in 128 bits, as a replication's
// monthly loop takes its activity: each flow's cases (thousandths: cases_milli(f)) at its price
// to its contract's value, and at its drug price to its drugs contract's; to its contract's
// cases; and at its marginal cost to its provider's units.
template <typename CasesMilli>
void add_up_flows(const Model::FlowRows& rows, std::size_t flows, CasesMilli cases_milli,
                  entities::Int128* value, std::int64_t* cases, entities::Int128* marginal) {
    for (std::size_t f = 0; f < flows; ++f) {
        const std::int64_t milli = cases_milli(f);
        const auto c = rows.contract[f];
        value[c] += static_cast<entities::Int128>(milli) * rows.price[f];
        cases[c] += milli;
        marginal[rows.provider[f]] += static_cast<entities::Int128>(milli) * rows.marginal[f];
        if (const auto drugs = rows.drug_contract[f]; drugs != Model::k_no_drugs) {
            value[drugs] += static_cast<entities::Int128>(milli) * rows.drug_price[f];
        }
    }
}

// What a replication's monthly loop adds up from its drawn activity (Replication::on_activity),
// added up instead for a whole block of replications as its counts are drawn: each contract's
// activity value (thousandths of a penny, the flows' own and their high-cost drugs') and cases
// (thousandths), and each provider's marginal cost units, every replication of the block and
// every month of the run.
//
// Why: read a replication at a time, a month's counts of every flow have left the cache, and
// each flow's sums are a scatter into 128-bit totals that waits on the last. Added up with the
// block's replications side by side, a flow's eight (or more) counts are one vector load and
// their sums one vector add each, in 64 bits. The sums are exact: 64 bits hold them whenever the
// month's largest count, times a thousand, times the largest sum of a contract's prices (or a
// provider's marginal costs, or a contract's number of flows), fits (bound_of); a month past
// that, which no published scenario comes near, is added up in 128 bits, a replication at a
// time.
//
// Memory: (16 bytes a contract + 8 a provider) per month per replication of the block.
class ActivityTotals {
public:
    explicit ActivityTotals(std::span<const Model* const> years);

    // Makes room for a block of `count` replications.
    void resize(std::uint32_t count);
    // The sums of month 1..12 of FY `year` for replications 0 .. count − 1 of the block (count
    // as resized), from their counts in `cases` (lanes past `count` must hold 0), replacing any
    // before.
    void sum_month(std::size_t year, int month, MonthCases cases, std::uint32_t count);

    // A replication's sums of a month: in 64 bits, or (`wide`) in 128 where they might not fit.
    struct Month {
        bool wide = false;
        std::span<const std::int64_t> value_milli_pence; // by contract
        std::span<const std::int64_t> cases_milli;       // by contract
        std::span<const std::int64_t> marginal_units;    // by provider
        std::span<const entities::Int128> wide_value_milli_pence;
        std::span<const entities::Int128> wide_marginal_units;
    };
    [[nodiscard]] Month of(std::uint32_t block_index, std::size_t year, int month) const;
    // Asks for a month's sums to be fetched into the cache, ahead of reading them (of).
    void fetch(std::uint32_t block_index, std::size_t year, int month) const noexcept;

private:
    struct Year {
        const Model* model = nullptr;
        std::size_t contracts = 0;
        std::size_t providers = 0;
        // The contract- and provider-months of the run before the FY's: its sums start that
        // many times the block's replications in.
        std::size_t contract_at = 0;
        std::size_t provider_at = 0;
        std::size_t month_at = 0; // the FY's first month of the run, from 0
        // Of each month, the largest count that cannot take a 64-bit sum out of range.
        std::array<std::int64_t, 12> count_max{};
    };
    // Where replication `block_index`'s sums of a month start: the block's replications of a
    // month lie together, so that a month's sums are read out of the lanes into one place.
    [[nodiscard]] std::size_t contract_slot(std::uint32_t block_index, const Year& year,
                                            int month) const {
        return (year.contract_at + static_cast<std::size_t>(month - 1) * year.contracts) * count_ +
               block_index * year.contracts;
    }
    [[nodiscard]] std::size_t provider_slot(std::uint32_t block_index, const Year& year,
                                            int month) const {
        return (year.provider_at + static_cast<std::size_t>(month - 1) * year.providers) * count_ +
               block_index * year.providers;
    }
    void sum_month_wide(const Year& year, int month, MonthCases cases, std::uint32_t count);

    std::vector<Year> years_;
    std::size_t contract_months_ = 0; // contract-months of the run
    std::size_t provider_months_ = 0; // provider-months of the run
    std::uint32_t count_ = 0;         // replications of the block
    // [year][month][replication][contract or provider]
    std::vector<std::int64_t> value_milli_pence_;
    std::vector<std::int64_t> cases_milli_;
    std::vector<std::int64_t> marginal_units_;
    // The block's months added up in 128 bits: of each month of the run, where its sums start in
    // the wide arrays ([month][replication][contract or provider]), or k_narrow.
    static constexpr std::size_t k_narrow = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> wide_value_at_;
    std::vector<std::size_t> wide_marginal_at_;
    std::vector<entities::Int128> wide_value_milli_pence_;
    std::vector<entities::Int128> wide_marginal_units_;
    // The month's sums in lanes, [contract or provider][lane], 0 between months.
    std::vector<std::uint64_t> lane_value_;
    std::vector<std::uint64_t> lane_cases_;
    std::vector<std::uint64_t> lane_marginal_;
};

} // namespace specflow::sim
