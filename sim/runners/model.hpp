#pragma once

#include "entities/rounding.hpp"
#include "entities/scenario.hpp"
#include "sim/kernel/poisson_table.hpp"

#include <cstdint>
#include <vector>

namespace specflow::sim {

enum class Sampling { expected_only, poisson };

// A scenario compiled for the monthly loop: per-flow state in contiguous arrays, plans split
// by the monthly profile, and Poisson tables built once. Immutable, so replications on many
// threads can share one.
class Model {
public:
    Model(const entities::Scenario& scenario, Sampling sampling);

    Model(const Model&) = delete; // on purpose: large, shared read-only between replications
    Model& operator=(const Model&) = delete;

    [[nodiscard]] const entities::Scenario& scenario() const noexcept { return scenario_; }
    [[nodiscard]] std::size_t flow_count() const noexcept { return flow_contract_.size(); }
    [[nodiscard]] Sampling sampling() const noexcept { return sampling_; }

    // Planned cases of a flow in month 1..12, in thousandths.
    [[nodiscard]] std::int64_t planned_milli(std::size_t flow, int month) const {
        return plan_milli_[flow * 12 + static_cast<std::size_t>(month - 1)];
    }
    [[nodiscard]] const PoissonTable& table(std::size_t flow, int month) const {
        return tables_[table_index_[flow * 12 + static_cast<std::size_t>(month - 1)]];
    }
    [[nodiscard]] std::uint32_t flow_contract(std::size_t flow) const { return flow_contract_[flow]; }
    [[nodiscard]] std::uint32_t flow_provider(std::size_t flow) const { return flow_provider_[flow]; }
    [[nodiscard]] std::int64_t flow_price_pence(std::size_t flow) const { return flow_price_[flow]; }
    [[nodiscard]] std::int64_t flow_marginal_pence(std::size_t flow) const {
        return flow_marginal_[flow];
    }
    // A contract's planned activity value in a month, milli-pence.
    [[nodiscard]] entities::Int128 contract_planned_value(std::size_t contract, int month) const {
        return contract_planned_[contract * 12 + static_cast<std::size_t>(month - 1)];
    }

    // Income is reported by (provider, payer, contract kind): the group of each contract.
    struct IncomeGroup {
        entities::ProviderId provider;
        entities::Payer payer;
        entities::ContractKind kind;
    };
    [[nodiscard]] const std::vector<IncomeGroup>& income_groups() const noexcept { return groups_; }
    [[nodiscard]] std::uint32_t contract_group(std::size_t contract) const {
        return contract_group_[contract];
    }

private:
    void compile_flows();
    void compile_tables();
    void compile_income_groups();

    const entities::Scenario& scenario_;
    Sampling sampling_;
    std::vector<std::uint32_t> flow_contract_;
    std::vector<std::uint32_t> flow_provider_;
    std::vector<std::int64_t> flow_price_;
    std::vector<std::int64_t> flow_marginal_;
    std::vector<std::int64_t> plan_milli_;      // flow × 12 + month − 1
    std::vector<std::uint32_t> table_index_;    // flow × 12 + month − 1 → tables_
    std::vector<PoissonTable> tables_;
    std::vector<entities::Int128> contract_planned_; // contract × 12 + month − 1
    std::vector<IncomeGroup> groups_;
    std::vector<std::uint32_t> contract_group_;
};

} // namespace specflow::sim
