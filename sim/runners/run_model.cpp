#include "sim/runners/run_model.hpp"

#include <future>
#include <map>
#include <stdexcept>

namespace specflow::sim {

IncomePairs IncomePairs::of(const std::vector<entities::Contract>& contracts) {
    using Key = std::pair<std::uint32_t, std::int64_t>;
    const auto key_of = [](const entities::Contract& c) {
        return Key{c.provider.value(),
                   c.payer.is_nhse() ? -1 : static_cast<std::int64_t>(c.payer.icb->value())};
    };
    std::map<Key, std::uint32_t> index;
    for (const auto& contract : contracts) {
        index.try_emplace(key_of(contract), 0);
    }
    IncomePairs result;
    for (auto& [key, number] : index) {
        number = static_cast<std::uint32_t>(result.pairs.size());
        result.pairs.emplace_back();
    }
    for (const auto& contract : contracts) {
        const auto number = index.at(key_of(contract));
        result.pairs[number] = {contract.provider, contract.payer};
        result.pair_of_contract.push_back(number);
    }
    return result;
}

RunModel::RunModel(std::vector<YearPlan> plans, Sampling sampling) : plans_(std::move(plans)) {
    if (plans_.empty()) {
        throw std::logic_error("RunModel: at least one financial year");
    }
    // The years' models are independent of each other: built side by side (a year of Poisson
    // guide tables takes a tenth of a second), then taken in order, so that an error is the
    // first year's, as when built one by one.
    std::vector<std::future<std::unique_ptr<Model>>> built;
    for (const auto& plan : plans_) {
        built.push_back(std::async(std::launch::async, [&plan, sampling] {
            return std::make_unique<Model>(plan.scenario, sampling);
        }));
    }
    for (auto& model : built) {
        models_.push_back(model.get());
    }
    income_pairs_ = IncomePairs::of(plans_.back().scenario.contracts);
}

} // namespace specflow::sim
