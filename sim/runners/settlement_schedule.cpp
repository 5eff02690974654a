#include "sim/runners/settlement_schedule.hpp"

#include "sim/rules/shock_fraction.hpp"

#include <algorithm>
#include <stdexcept>
#include <variant>

namespace specflow::sim {

using entities::ArrangementId;
using entities::PoolId;

bool settles(entities::Settlement settlement, int month) {
    switch (settlement) {
    case entities::Settlement::monthly:
        return true;
    case entities::Settlement::quarterly:
        return month % 3 == 0;
    case entities::Settlement::year_end:
        return month == 12;
    }
    return false;
}

namespace {

std::uint32_t place_of(const std::vector<entities::IcbId>& participants, entities::IcbId icb) {
    const auto at = std::find(participants.begin(), participants.end(), icb);
    if (at == participants.end()) {
        throw std::logic_error(
            "SettlementSchedule: an ICB is not among the arrangement's participants "
            "(the loader should refuse it)");
    }
    return static_cast<std::uint32_t>(at - participants.begin());
}

} // namespace

bool arrangement_takes(const entities::LeadArrangement& arrangement,
                       const entities::Contract& contract) {
    const auto has = [](const auto& items, const auto& item) {
        return std::find(items.begin(), items.end(), item) != items.end();
    };
    const auto& lines = contract.service_lines;
    const bool payer_in =
        !contract.payer.is_nhse() && has(arrangement.participants, *contract.payer.icb);
    const bool provider_in = has(arrangement.providers, contract.provider);
    const bool lines_in =
        arrangement.service_lines.empty() ||
        (!lines.empty() && std::all_of(lines.begin(), lines.end(), [&](auto line) {
            return has(arrangement.service_lines, line);
        }));
    return payer_in && provider_in && lines_in;
}

SettlementSchedule::SettlementSchedule(const entities::Scenario& scenario) {
    std::size_t rows = 0;
    for (const auto& arrangement : scenario.lead_arrangements) {
        host_at_.push_back(place_of(arrangement.participants, arrangement.host));
        participant_offset_.push_back(rows);
        rows += arrangement.participants.size();
    }
    withheld_bp_.assign(rows * 12, 0);
    for (int month = 1; month <= 12; ++month) {
        for (std::size_t a = 0; a < scenario.lead_arrangements.size(); ++a) {
            if (settles(scenario.lead_arrangements[a].settlement, month)) {
                recharges_[month_at(month)].push_back(ArrangementId(static_cast<std::uint32_t>(a)));
            }
        }
        for (std::size_t p = 0; p < scenario.risk_pools.size(); ++p) {
            if (settles(scenario.risk_pools[p].settlement, month)) {
                pools_[month_at(month)].push_back(PoolId(static_cast<std::uint32_t>(p)));
            }
        }
    }
    compile_contracts(scenario);
    compile_disputes(scenario);
}

// A contract taken by several arrangements is paid by the last (the loader refuses overlaps).
void SettlementSchedule::compile_contracts(const entities::Scenario& scenario) {
    contract_arrangement_.assign(scenario.contracts.size(), -1);
    contract_participant_at_.assign(scenario.contracts.size(), 0);
    for (std::size_t a = 0; a < scenario.lead_arrangements.size(); ++a) {
        const auto& arrangement = scenario.lead_arrangements[a];
        for (std::size_t c = 0; c < scenario.contracts.size(); ++c) {
            const auto& contract = scenario.contracts[c];
            if (arrangement_takes(arrangement, contract)) {
                contract_arrangement_[c] = static_cast<std::int32_t>(a);
                contract_participant_at_[c] =
                    place_of(arrangement.participants, *contract.payer.icb);
            }
        }
    }
    contract_paying_icb_.assign(scenario.contracts.size(), -1);
    for (std::size_t c = 0; c < scenario.contracts.size(); ++c) {
        const auto& payer = scenario.contracts[c].payer;
        if (payer.is_nhse()) {
            continue;
        }
        const auto a = contract_arrangement_[c];
        contract_paying_icb_[c] = static_cast<std::int32_t>(
            a < 0 ? payer.icb->value()
                  : scenario.lead_arrangements[static_cast<std::size_t>(a)].host.value());
    }
}

// A dispute withholds its share of the participant's due in each month it is in force (its
// shock's fraction is above zero) before the arbiter's ruling, and the withheld sums are paid in
// the ruling's month. The host never withholds from itself.
void SettlementSchedule::compile_disputes(const entities::Scenario& scenario) {
    for (const auto& shock : scenario.shocks) {
        const auto* dispute = std::get_if<entities::Dispute>(&shock.effect);
        if (dispute == nullptr) {
            continue;
        }
        const auto arrangement = ArrangementId(static_cast<std::uint32_t>(dispute->arrangement));
        const auto& participants = scenario.lead_arrangements.at(dispute->arrangement).participants;
        const auto at = place_of(participants, dispute->participant);
        for (int month = 1; month <= 12; ++month) {
            const entities::FinancialMonth now{scenario.first_year, month};
            if (dispute->settled == now) {
                rulings_[month_at(month)].push_back({arrangement, at});
            }
            if (at != host_at_[arrangement.index()] && rules::shock_fraction_bp(shock, now) > 0 &&
                now < dispute->settled) {
                withheld_bp_[(participant_offset_[arrangement.index()] + at) * 12 +
                             month_at(month)] = dispute->withheld_bp;
            }
        }
    }
}

} // namespace specflow::sim
