#include "entities/contract.hpp"
#include "entities/icb.hpp"
#include "entities/provider.hpp"
#include "entities/scenario.hpp"
#include "entities/service_line.hpp"

#include <algorithm>
#include <stdexcept>
#include <variant>

namespace specflow::entities {

std::string_view to_string(DelegationStatus status) {
    switch (status) {
    case DelegationStatus::delegated:
        return "delegated";
    case DelegationStatus::joint:
        return "joint";
    case DelegationStatus::retained:
        return "retained";
    }
    return "?";
}

std::string_view to_string(ConvergencePolicy policy) {
    return policy == ConvergencePolicy::level_up ? "level_up" : "pace";
}

std::string_view to_string(RechargeBasis basis) {
    switch (basis) {
    case RechargeBasis::value:
        return "value";
    case RechargeBasis::activity:
        return "activity";
    case RechargeBasis::plan:
        return "plan";
    case RechargeBasis::allocation:
        return "allocation";
    }
    return "?";
}

std::string_view to_string(Settlement settlement) {
    switch (settlement) {
    case Settlement::monthly:
        return "monthly";
    case Settlement::quarterly:
        return "quarterly";
    case Settlement::year_end:
        return "year_end";
    }
    return "?";
}

std::string_view to_string(ProviderKind kind) {
    return kind == ProviderKind::specialist ? "specialist" : "acute";
}

std::string_view to_string(PortfolioCategory category) {
    switch (category) {
    case PortfolioCategory::delegable:
        return "delegable";
    case PortfolioCategory::not_ready:
        return "not_ready";
    case PortfolioCategory::retained:
        return "retained";
    case PortfolioCategory::hcdd:
        return "hcdd";
    }
    return "?";
}

std::string_view to_string(ContractKind kind) {
    switch (kind) {
    case ContractKind::block:
        return "block";
    case ContractKind::api:
        return "api";
    case ContractKind::activity:
        return "activity";
    case ContractKind::lva:
        return "lva";
    case ContractKind::drugs:
        return "drugs";
    }
    return "?";
}

bool Contract::covers(ServiceLineId line) const {
    return service_lines.empty() ||
           std::find(service_lines.begin(), service_lines.end(), line) != service_lines.end();
}

Money Scenario::national_budget() const {
    Money total = policy.nhse_direct_budget + policy.hcdd_budget;
    for (const auto& icb : icbs) {
        total += icb.budget;
    }
    return total;
}

namespace {
void require(bool condition, const char* what) {
    if (!condition) {
        throw std::logic_error(std::string("Scenario::verify: ") + what);
    }
}
} // namespace

void Scenario::verify() const {
    for (std::size_t i = 0; i < regions.size(); ++i) {
        require(regions[i].id.index() == i, "region ids are their indices");
    }
    for (std::size_t i = 0; i < icbs.size(); ++i) {
        require(icbs[i].id.index() == i, "ICB ids are their indices");
        require(icbs[i].region.index() < regions.size(), "ICB region exists");
    }
    for (std::size_t i = 0; i < providers.size(); ++i) {
        require(providers[i].id.index() == i, "provider ids are their indices");
        require(providers[i].home_icb.index() < icbs.size(), "provider home ICB exists");
    }
    for (std::size_t i = 0; i < service_lines.size(); ++i) {
        require(service_lines[i].id.index() == i, "service line ids are their indices");
    }
    for (std::size_t i = 0; i < contracts.size(); ++i) {
        const auto& contract = contracts[i];
        require(contract.id.index() == i, "contract ids are their indices");
        require(contract.provider.index() < providers.size(), "contract provider exists");
        require(contract.payer.is_nhse() || contract.payer.icb->index() < icbs.size(),
                "contract payer exists");
    }
    for (std::size_t i = 0; i < flows.size(); ++i) {
        const auto& flow = flows[i];
        require(flow.id.index() == i, "flow ids are their indices");
        require(flow.icb.index() < icbs.size() && flow.provider.index() < providers.size() &&
                    flow.service_line.index() < service_lines.size(),
                "flow references exist");
        require(flow.contract.index() < contracts.size(), "flow contract exists");
        const auto& contract = contracts[flow.contract.index()];
        require(contract.kind != ContractKind::drugs, "a flow's contract is a commissioner's");
        require(contract.provider == flow.provider && contract.covers(flow.service_line) &&
                    (contract.payer.is_nhse() || *contract.payer.icb == flow.icb),
                "flow's contract covers it");
        require(flow.cases_per_year_milli >= 0, "flow activity is not negative");
    }
    for (const auto& drug : drugs) {
        require(drug.provider.index() < providers.size() &&
                    drug.service_line.index() < service_lines.size(),
                "drug cost references exist");
        require(drug.growth_bp > -10'000, "drug cost growth is above -100%");
    }
    for (const auto& arrangement : lead_arrangements) {
        require(arrangement.host.index() < icbs.size(), "arrangement host exists");
        require(std::find(arrangement.participants.begin(), arrangement.participants.end(),
                          arrangement.host) != arrangement.participants.end(),
                "arrangement host is a participant");
        for (const auto icb : arrangement.participants) {
            require(icb.index() < icbs.size(), "arrangement participants exist");
        }
        for (const auto provider : arrangement.providers) {
            require(provider.index() < providers.size(), "arrangement providers exist");
        }
    }
    for (const auto& pool : risk_pools) {
        for (const auto icb : pool.members) {
            require(icb.index() < icbs.size(), "pool members exist");
        }
    }
    for (const auto& shock : shocks) {
        require(shock.start.month >= 1 && shock.start.month <= 12, "shock starts in month 1..12");
        if (const auto* dispute = std::get_if<Dispute>(&shock.effect)) {
            require(dispute->arrangement < lead_arrangements.size(), "dispute arrangement exists");
        }
    }
    require(std::any_of(policy.monthly_profile.begin(), policy.monthly_profile.end(),
                        [](std::int64_t w) { return w > 0; }),
            "monthly profile has a positive weight");
}

} // namespace specflow::entities
