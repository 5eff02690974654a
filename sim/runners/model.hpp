#pragma once

#include "entities/rounding.hpp"
#include "entities/scenario.hpp"
#include "sim/kernel/poisson_tables.hpp"
#include "sim/runners/settlement_schedule.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace specflow::sim {

enum class Sampling { expected_only, poisson };

// One financial year of a scenario compiled for the monthly loop: per-flow and per-contract
// state in contiguous month-major arrays, the contract plan split by the
// monthly profile, what the year's shocks do to expected activity, prices, costs and payments
// month by month, and Poisson tables built once. Immutable, so replications on many threads
// can share one.
class Model {
public:
    Model(const entities::Scenario& scenario, Sampling sampling);

    Model(const Model&) = delete; // on purpose: large, shared read-only between replications
    Model& operator=(const Model&) = delete;

    [[nodiscard]] const entities::Scenario& scenario() const noexcept { return scenario_; }
    [[nodiscard]] std::size_t flow_count() const noexcept { return flow_contract_.size(); }
    [[nodiscard]] Sampling sampling() const noexcept { return sampling_; }

    // The contract's plan for a flow in month 1..12, thousandths of a case.
    [[nodiscard]] std::int64_t planned_milli(std::size_t flow, int month) const {
        return plan_milli_[flow_at(flow, month)];
    }
    // Expected cases after the year's shocks; replication 0 takes these as the activity.
    [[nodiscard]] std::int64_t expected_milli(std::size_t flow, int month) const {
        return expected_milli_[flow_at(flow, month)];
    }
    // The flow-month's Poisson sampler: built only for flows on lines whose activity varies by
    // Poisson chance alone (varies() false); the others are drawn from their expectation and
    // the replication's common factors as they run.
    [[nodiscard]] const PoissonSampler& sampler(std::size_t flow, int month) const {
        return tables_.sampler(table_of_[flow_at(flow, month)]);
    }
    // The number of the flow-month's guide table, and a draw from a table for a uniform u in
    // [0, 1): the sampler's count for u, in a step or two instead of its walk.
    [[nodiscard]] std::uint32_t table_of(std::size_t flow, int month) const {
        return table_of_[flow_at(flow, month)];
    }
    // Brings a table into cache ahead of draw_from (GuideTables::fetch).
    void fetch_table(std::uint32_t table) const noexcept { tables_.fetch(table); }
    [[nodiscard]] std::int64_t draw_from(std::uint32_t table, double u) const {
        return tables_.sample(table, u);
    }
    // Whether the flow's line varies beyond Poisson chance (DESIGN.md §7): overdispersion or
    // common factors.
    [[nodiscard]] bool varies(std::size_t flow) const { return flow_varies_[flow] != 0; }
    // Whether any flow varies beyond Poisson chance.
    [[nodiscard]] bool any_varies() const { return any_varies_; }
    // The negative binomial dispersion k of the flow's monthly counts (Var = μ + μ²/k); 0 for
    // Poisson counts.
    [[nodiscard]] double dispersion(std::size_t flow) const { return flow_dispersion_[flow]; }
    // Every flow's dispersion, in flow order (for the month's batch of zero probabilities).
    [[nodiscard]] std::span<const double> dispersions() const { return flow_dispersion_; }
    [[nodiscard]] entities::ServiceLineId flow_line(std::size_t flow) const {
        return entities::ServiceLineId(flow_line_[flow]);
    }
    [[nodiscard]] entities::ContractId flow_contract(std::size_t flow) const {
        return entities::ContractId(flow_contract_[flow]);
    }
    [[nodiscard]] entities::ProviderId flow_provider(std::size_t flow) const {
        return entities::ProviderId(flow_provider_[flow]);
    }
    // Each provider × service line some flow of the year is of, as provider × lines + line, in
    // ascending order: the providers' common factors that anything reads (CommonFactors).
    [[nodiscard]] std::span<const std::uint32_t> provider_lines_with_flows() const {
        return provider_lines_with_flows_;
    }
    [[nodiscard]] std::int64_t price_pence(std::size_t flow, int month) const {
        return price_[flow_at(flow, month)];
    }
    [[nodiscard]] std::int64_t marginal_pence(std::size_t flow, int month) const {
        return marginal_[flow_at(flow, month)];
    }
    // Month 1..12's row of the flows' expected cases, prices and marginal costs, and the flows'
    // contracts, providers, drug contracts and drug prices, in flow order: for the monthly loop.
    struct FlowRows {
        const std::int64_t* expected_milli;
        const std::int64_t* price;
        const std::int64_t* marginal;
        const std::uint32_t* contract;
        const std::uint32_t* provider;
        const std::uint32_t* drug_contract;
        const std::int64_t* drug_price;
    };
    [[nodiscard]] FlowRows flow_rows(int month) const {
        const std::size_t at = flow_at(0, month);
        return {.expected_milli = expected_milli_.data() + at,
                .price = price_.data() + at,
                .marginal = marginal_.data() + at,
                .contract = flow_contract_.data(),
                .provider = flow_provider_.data(),
                .drug_contract = drug_contract_.data(),
                .drug_price = drug_price_.data()};
    }
    // The flow's high-cost drugs: NHS England's pass-through contract for its provider and the
    // drug cost per case (pence), or no contract when the provider has no drugs for its line.
    static constexpr std::uint32_t k_no_drugs = UINT32_MAX;
    [[nodiscard]] std::uint32_t drug_contract(std::size_t flow) const {
        return drug_contract_[flow];
    }
    [[nodiscard]] std::int64_t drug_price_pence(std::size_t flow) const {
        return drug_price_[flow];
    }
    // A provider's fixed costs in a month: its cost rows' (each a twelfth of the year's, changed
    // by cost shocks) summed.
    [[nodiscard]] entities::Money provider_fixed_cost(std::size_t provider, int month) const {
        return provider_fixed_cost_[static_cast<std::size_t>(month - 1) *
                                        scenario_.providers.size() +
                                    provider];
    }
    // A contract's planned activity value (plan × the month's price), milli-pence.
    [[nodiscard]] entities::Int128 contract_planned_value(std::size_t contract, int month) const {
        return contract_planned_value_[contract_at(contract, month)];
    }
    // The same over the year's twelve months.
    [[nodiscard]] entities::Int128 contract_planned_year_value(std::size_t contract) const {
        return contract_planned_year_value_[contract];
    }
    // The share of a contract's fixed payment a payment cut withholds in a month, basis points.
    [[nodiscard]] std::int32_t payment_cut_bp(std::size_t contract, int month) const {
        return cut_bp_[contract_at(contract, month)];
    }
    // Which lead-ICB arrangement pays each contract, and what settles when.
    [[nodiscard]] const SettlementSchedule& settlements() const noexcept { return settlements_; }

    // Upstream investments paid in a month: which ICB and how much.
    struct Investment {
        entities::IcbId icb;
        entities::Money amount;
    };
    [[nodiscard]] const std::vector<Investment>& investments(int month) const {
        return investments_[static_cast<std::size_t>(month - 1)];
    }

    // The fraction of a shock's effect in a month of this FY, in basis points (0 outside it;
    // ramping linearly over ramp_months from its start). `delay_months` pushes the start back.
    [[nodiscard]] std::int64_t shock_fraction_bp(const entities::Shock& shock, int month,
                                                 std::int32_t delay_months = 0) const;

private:
    // Arrays are month-major, [(month − 1) × count + item], so that the monthly loop over flows
    // (or contracts) walks memory in order.
    [[nodiscard]] std::size_t flow_at(std::size_t flow, int month) const {
        return static_cast<std::size_t>(month - 1) * flow_contract_.size() + flow;
    }
    [[nodiscard]] std::size_t contract_at(std::size_t contract, int month) const {
        return static_cast<std::size_t>(month - 1) * scenario_.contracts.size() + contract;
    }
    [[nodiscard]] std::size_t cost_at(std::size_t cost_row, int month) const {
        return static_cast<std::size_t>(month - 1) * scenario_.costs.size() + cost_row;
    }
    void compile_flows();
    void compile_shocks();
    void compile_contracts();
    void compile_provider_costs();
    void compile_samplers();
    // Throws InfeasiblePolicy when growth, investment or shocks take a flow-month's expected
    // cases above what the samplers draw from (counts::k_mean_max).
    void check_expected_counts() const;
    void compile_drugs();

    const entities::Scenario& scenario_;
    Sampling sampling_;
    std::vector<std::uint32_t> flow_contract_;
    std::vector<std::uint32_t> flow_provider_;
    std::vector<std::uint32_t> flow_line_;
    std::vector<std::uint32_t> provider_lines_with_flows_;
    std::vector<std::uint8_t> flow_varies_;
    bool any_varies_ = false; // some flow_varies_ is 1, set once when the model is built
    std::vector<double> flow_dispersion_;
    std::vector<std::int64_t> plan_milli_;
    std::vector<std::int64_t> expected_milli_;
    std::vector<std::int64_t> price_;
    std::vector<std::int64_t> marginal_;
    std::vector<std::uint32_t> drug_contract_; // per flow
    std::vector<std::int64_t> drug_price_;     // per flow, pence per case
    std::vector<entities::Money> fixed_cost_;
    std::vector<entities::Money> provider_fixed_cost_; // [month][provider]
    // One guide table per distinct expected count (guide_tables.hpp), and each flow-month's.
    PoissonTables tables_;
    std::vector<std::uint32_t> table_of_;
    std::vector<entities::Int128> contract_planned_value_;
    std::vector<entities::Int128> contract_planned_year_value_;
    std::vector<std::int32_t> cut_bp_;
    SettlementSchedule settlements_;
    std::array<std::vector<Investment>, 12> investments_;
};

} // namespace specflow::sim
