#pragma once

#include "entities/contract.hpp"
#include "entities/id_vector.hpp"
#include "sim/runners/model.hpp"
#include "sim/runners/year_plan.hpp"

#include <memory>
#include <utility>
#include <vector>

namespace specflow::sim {

inline constexpr std::size_t k_contract_kinds = 5; // block, api, activity, lva, drugs

// Income is reported by (provider, payer, kind). The (provider, payer) pairs are numbered in
// (provider, payer) order, NHS England first among payers, over every contract of every year;
// the same for every replication, so worked out once.
struct IncomePairs {
    std::vector<std::pair<entities::ProviderId, entities::Payer>> pairs;
    entities::IdVector<entities::ContractId, std::uint32_t> pair_of_contract;

    // From the contracts of a run's last year (contracts are only ever appended).
    [[nodiscard]] static IncomePairs of(const std::vector<entities::Contract>& contracts);
};

// The compiled financial years of a run, shared read-only by every replication, with what is
// the same for every replication worked out once.
class RunModel {
public:
    RunModel(std::vector<YearPlan> plans, Sampling sampling);

    [[nodiscard]] std::size_t year_count() const noexcept { return models_.size(); }
    [[nodiscard]] const Model& year(std::size_t index) const { return *models_.at(index); }
    // Every year's model, from the first.
    [[nodiscard]] std::vector<const Model*> years() const {
        std::vector<const Model*> years;
        for (const auto& model : models_) {
            years.push_back(model.get());
        }
        return years;
    }
    [[nodiscard]] const YearPlan& plan(std::size_t index) const { return plans_.at(index); }
    [[nodiscard]] const IncomePairs& income_pairs() const noexcept { return income_pairs_; }

private:
    std::vector<YearPlan> plans_;
    std::vector<std::unique_ptr<Model>> models_; // each refers to its plan's scenario
    IncomePairs income_pairs_;
};

} // namespace specflow::sim
