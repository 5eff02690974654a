#include "sim/runners/activity_totals.hpp"

#include "entities/flow.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace specflow::sim {

using entities::Int128;

namespace {

constexpr auto k_milli = static_cast<std::uint64_t>(entities::k_milli_per_case);

// Where one flow's lanes go: its contract's value and cases and its provider's marginal cost.
// The sums are taken modulo 2⁶⁴, which is exact once they are back in range (bound_of).
[[gnu::always_inline]] inline void
add_flow(const std::int64_t* __restrict count, std::uint64_t* __restrict value,
         std::uint64_t* __restrict cases, std::uint64_t* __restrict marginal, std::uint64_t price,
         std::uint64_t cost, std::size_t lanes, std::int64_t& largest) {
    std::int64_t most = largest;
    for (std::size_t l = 0; l < lanes; ++l) {
        const auto c = static_cast<std::uint64_t>(count[l]);
        most = std::max(most, count[l]);
        value[l] += c * price;
        cases[l] += c * k_milli;
        marginal[l] += c * cost;
    }
    largest = most;
}

[[gnu::always_inline]] inline void add_drugs(const std::int64_t* __restrict count,
                                             std::uint64_t* __restrict value, std::uint64_t price,
                                             std::size_t lanes) {
    for (std::size_t l = 0; l < lanes; ++l) {
        value[l] += static_cast<std::uint64_t>(count[l]) * price;
    }
}

struct LaneSums {
    std::uint64_t* value;
    std::uint64_t* cases;
    std::uint64_t* marginal;
};

// Every flow's lanes into the sums; returns the largest count.
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) std::int64_t
add_lanes(const Model::FlowRows& rows, std::size_t flows, const std::int64_t* counts,
          std::size_t lanes, LaneSums sums) {
    std::int64_t largest = 0;
    for (std::size_t f = 0; f < flows; ++f) {
        const std::int64_t* count = counts + f * lanes;
        const std::size_t contract = rows.contract[f] * lanes;
        add_flow(count, sums.value + contract, sums.cases + contract,
                 sums.marginal + rows.provider[f] * lanes,
                 static_cast<std::uint64_t>(rows.price[f]) * k_milli,
                 static_cast<std::uint64_t>(rows.marginal[f]) * k_milli, lanes, largest);
        if (const auto drugs = rows.drug_contract[f]; drugs != Model::k_no_drugs) {
            add_drugs(count, sums.value + drugs * lanes,
                      static_cast<std::uint64_t>(rows.drug_price[f]) * k_milli, lanes);
        }
    }
    return largest;
}

Int128 magnitude(std::int64_t v) {
    return v < 0 ? -static_cast<Int128>(v) : Int128{v};
}

// The largest count of the month for which no 64-bit sum can leave its range: a contract's
// value is at most count × 1000 × the sum of its flows' prices (and drug prices), its cases
// count × 1000 × its number of flows, a provider's marginal cost count × 1000 × the sum of its
// flows' marginal costs.
std::int64_t bound_of(const Model& model, int month, std::size_t contracts, std::size_t providers) {
    const auto rows = model.flow_rows(month);
    std::vector<Int128> contract(contracts, 0);
    std::vector<Int128> flows(contracts, 0);
    std::vector<Int128> provider(providers, 0);
    for (std::size_t f = 0; f < model.flow_count(); ++f) {
        contract[rows.contract[f]] += magnitude(rows.price[f]);
        flows[rows.contract[f]] += 1;
        provider[rows.provider[f]] += magnitude(rows.marginal[f]);
        if (const auto drugs = rows.drug_contract[f]; drugs != Model::k_no_drugs) {
            contract[drugs] += magnitude(rows.drug_price[f]);
            flows[drugs] += 1;
        }
    }
    Int128 widest = 1;
    for (const auto& sums : {contract, flows, provider}) {
        for (const auto sum : sums) {
            widest = std::max(widest, sum);
        }
    }
    constexpr Int128 k_top = std::numeric_limits<std::int64_t>::max();
    return static_cast<std::int64_t>(k_top / (static_cast<Int128>(k_milli) * widest));
}

} // namespace

ActivityTotals::ActivityTotals(std::span<const Model* const> years) {
    for (const Model* model : years) {
        Year year{.model = model,
                  .contracts = model->scenario().contracts.size(),
                  .providers = model->scenario().providers.size(),
                  .contract_at = contract_months_,
                  .provider_at = provider_months_,
                  .month_at = years_.size() * entities::k_months_per_year};
        for (int month = 1; month <= entities::k_months_per_year; ++month) {
            year.count_max[static_cast<std::size_t>(month - 1)] =
                bound_of(*model, month, year.contracts, year.providers);
        }
        contract_months_ += entities::k_months_per_year * year.contracts;
        provider_months_ += entities::k_months_per_year * year.providers;
        years_.push_back(year);
    }
}

void ActivityTotals::resize(std::uint32_t count) {
    count_ = count;
    value_milli_pence_.resize(count * contract_months_);
    cases_milli_.resize(count * contract_months_);
    marginal_units_.resize(count * provider_months_);
    wide_value_at_.assign(years_.size() * entities::k_months_per_year, k_narrow);
    wide_marginal_at_.assign(years_.size() * entities::k_months_per_year, k_narrow);
    wide_value_milli_pence_.clear();
    wide_marginal_units_.clear();
}

void ActivityTotals::sum_month(std::size_t y, int month, MonthCases cases, std::uint32_t count) {
    const Year& year = years_[y];
    const std::size_t lanes = cases.lanes;
    // Zero between months (zeroed as they are read out below), so growing them is all it takes.
    lane_value_.resize(std::max(lane_value_.size(), year.contracts * lanes));
    lane_cases_.resize(std::max(lane_cases_.size(), year.contracts * lanes));
    lane_marginal_.resize(std::max(lane_marginal_.size(), year.providers * lanes));
    const std::int64_t largest =
        add_lanes(year.model->flow_rows(month), year.model->flow_count(), cases.data, lanes,
                  {lane_value_.data(), lane_cases_.data(), lane_marginal_.data()});
    // Each sum's lanes are one row: read out to the replications' own rows, and zeroed.
    const auto read_out = [&](std::vector<std::uint64_t>& lane_sums, std::size_t rows,
                              std::vector<std::int64_t>& to, std::size_t first, std::size_t step) {
        for (std::size_t i = 0; i < rows; ++i) {
            std::uint64_t* const sums = lane_sums.data() + i * lanes;
            std::int64_t* const out = to.data() + first + i;
            for (std::uint32_t r = 0; r < count; ++r) {
                out[r * step] = static_cast<std::int64_t>(sums[r]);
            }
            std::fill_n(sums, lanes, 0);
        }
    };
    read_out(lane_value_, year.contracts, value_milli_pence_, contract_slot(0, year, month),
             year.contracts);
    read_out(lane_cases_, year.contracts, cases_milli_, contract_slot(0, year, month),
             year.contracts);
    read_out(lane_marginal_, year.providers, marginal_units_, provider_slot(0, year, month),
             year.providers);
    if (largest > year.count_max[static_cast<std::size_t>(month - 1)]) {
        sum_month_wide(year, month, cases, count);
    }
}

// A month whose sums might not fit in 64 bits: in 128, a replication at a time, as the
// replication itself would add them up (its cases in 64, as there).
void ActivityTotals::sum_month_wide(const Year& year, int month, MonthCases cases,
                                    std::uint32_t count) {
    const std::size_t at = year.month_at + static_cast<std::size_t>(month - 1);
    wide_value_at_[at] = wide_value_milli_pence_.size();
    wide_marginal_at_[at] = wide_marginal_units_.size();
    wide_value_milli_pence_.resize(wide_value_milli_pence_.size() + count * year.contracts, 0);
    wide_marginal_units_.resize(wide_marginal_units_.size() + count * year.providers, 0);
    const auto rows = year.model->flow_rows(month);
    for (std::uint32_t r = 0; r < count; ++r) {
        Int128* value = wide_value_milli_pence_.data() + wide_value_at_[at] + r * year.contracts;
        Int128* marginal = wide_marginal_units_.data() + wide_marginal_at_[at] + r * year.providers;
        std::int64_t* contract_cases = cases_milli_.data() + contract_slot(r, year, month);
        std::fill_n(contract_cases, year.contracts, 0);
        add_up_flows(
            rows, year.model->flow_count(),
            [&](std::size_t f) { return cases(r, f) * entities::k_milli_per_case; }, value,
            contract_cases, marginal);
    }
}

ActivityTotals::Month ActivityTotals::of(std::uint32_t block_index, std::size_t y,
                                         int month) const {
    const Year& year = years_[y];
    const std::size_t at = year.month_at + static_cast<std::size_t>(month - 1);
    const std::size_t contract = contract_slot(block_index, year, month);
    Month totals;
    totals.cases_milli = {cases_milli_.data() + contract, year.contracts};
    if (wide_value_at_[at] == k_narrow) {
        totals.value_milli_pence = {value_milli_pence_.data() + contract, year.contracts};
        totals.marginal_units = {marginal_units_.data() + provider_slot(block_index, year, month),
                                 year.providers};
    } else {
        totals.wide = true;
        totals.wide_value_milli_pence = {wide_value_milli_pence_.data() + wide_value_at_[at] +
                                             block_index * year.contracts,
                                         year.contracts};
        totals.wide_marginal_units = {wide_marginal_units_.data() + wide_marginal_at_[at] +
                                          block_index * year.providers,
                                      year.providers};
    }
    return totals;
}

void ActivityTotals::fetch(std::uint32_t block_index, std::size_t y, int month) const noexcept {
    const auto fetch_lines = [](const auto* first, std::size_t count) {
        const auto* bytes = reinterpret_cast<const char*>(first);
        for (std::size_t at = 0; at < count * sizeof(*first); at += 64) {
            __builtin_prefetch(bytes + at);
        }
    };
    const Year& year = years_[y];
    if (wide_value_at_[year.month_at + static_cast<std::size_t>(month - 1)] != k_narrow) {
        return; // a wide month is rare enough to wait for
    }
    const std::size_t contract = contract_slot(block_index, year, month);
    fetch_lines(value_milli_pence_.data() + contract, year.contracts);
    fetch_lines(cases_milli_.data() + contract, year.contracts);
    fetch_lines(marginal_units_.data() + provider_slot(block_index, year, month), year.providers);
}

} // namespace specflow::sim
