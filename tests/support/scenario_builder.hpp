#pragma once

// Builds small scenarios in code for tests, with ids equal to indices as the loader makes them.

#include "entities/scenario.hpp"

#include <string>

namespace specflow::testing {

class ScenarioBuilder {
public:
    ScenarioBuilder() {
        scenario_.name = "test";
        scenario_.title = "test scenario";
        scenario_.seed = 42;
        scenario_.policy.lva_threshold = entities::Money::from_pounds(500'000);
    }

    entities::RegionId region(std::string name) {
        const entities::RegionId id(static_cast<std::uint32_t>(scenario_.regions.size()));
        scenario_.regions.push_back({id, "R" + std::to_string(id.value()), std::move(name)});
        return id;
    }

    entities::IcbId icb(std::string name, entities::RegionId region, entities::Money budget) {
        const entities::IcbId id(static_cast<std::uint32_t>(scenario_.icbs.size()));
        entities::Icb icb;
        icb.id = id;
        icb.code = "I" + std::to_string(id.value());
        icb.name = std::move(name);
        icb.region = region;
        icb.registered_population = 1'000'000;
        icb.need_index_micro = 1'000'000;
        icb.budget = budget;
        icb.delegation = entities::DelegationStatus::delegated;
        scenario_.icbs.push_back(std::move(icb));
        return id;
    }

    entities::ProviderId provider(std::string name, entities::IcbId home) {
        const entities::ProviderId id(static_cast<std::uint32_t>(scenario_.providers.size()));
        scenario_.providers.push_back({id, "P" + std::to_string(id.value()), std::move(name), home,
                                       entities::ProviderKind::specialist});
        return id;
    }

    entities::ServiceLineId line(std::string name, entities::Money price) {
        const entities::ServiceLineId id(
            static_cast<std::uint32_t>(scenario_.service_lines.size()));
        scenario_.service_lines.push_back({id, "S" + std::to_string(id.value()), std::move(name),
                                           entities::PortfolioCategory::delegable, price, 0,
                                           entities::ActivityVariation{}, std::nullopt});
        return id;
    }

    void cost(entities::ProviderId provider, entities::ServiceLineId line, entities::Money fixed,
              entities::Money marginal) {
        scenario_.costs.push_back({provider, line, fixed, marginal});
    }

    entities::ContractId contract(entities::Payer payer, entities::ProviderId provider,
                                  entities::ContractKind kind, entities::Money value,
                                  std::int32_t rate_above_bp = 10'000,
                                  std::int32_t rate_below_bp = 10'000) {
        const entities::ContractId id(static_cast<std::uint32_t>(scenario_.contracts.size()));
        entities::Contract contract;
        contract.id = id;
        contract.code = "C" + std::to_string(id.value());
        contract.payer = payer;
        contract.provider = provider;
        contract.kind = kind;
        contract.annual_value = value;
        contract.api_rate_above_bp = rate_above_bp;
        contract.api_rate_below_bp = rate_below_bp;
        scenario_.contracts.push_back(std::move(contract));
        return id;
    }

    // cases_per_year in thousandths of a case.
    entities::FlowId flow(entities::IcbId icb, entities::ProviderId provider,
                          entities::ServiceLineId line, std::int64_t cases_per_year_milli,
                          entities::ContractId contract) {
        const entities::FlowId id(static_cast<std::uint32_t>(scenario_.flows.size()));
        scenario_.flows.push_back({id, icb, provider, line, cases_per_year_milli, contract});
        return id;
    }

    entities::Scenario& scenario() { return scenario_; }

private:
    entities::Scenario scenario_;
};

inline entities::Payer payer_icb(entities::IcbId icb) {
    return entities::Payer{icb};
}
inline entities::Payer payer_nhse() {
    return entities::Payer{};
}
inline entities::Money pounds(std::int64_t value) {
    return entities::Money::from_pounds(value);
}

} // namespace specflow::testing
