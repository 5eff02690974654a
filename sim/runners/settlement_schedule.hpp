#pragma once

#include "entities/scenario.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace specflow::sim {

// Whether a lead-ICB arrangement takes the contract: it takes whole contracts, whose payer is a
// participant, whose provider is one of its providers and every line of which is one of its
// lines (all lines, if it names none).
[[nodiscard]] bool arrangement_takes(const entities::LeadArrangement& arrangement,
                                     const entities::Contract& contract);

// What settles when in one financial year, compiled once from the year's lead-ICB
// arrangements, risk pools and disputes (DESIGN.md §6), so that the replication schedules each
// settlement as an event instead of searching for it every month: which contracts each
// arrangement takes and where each payer sits among its participants; which arrangements
// recharge and which pools settle in each month; how much of its due each participant withholds
// under a dispute in each month; and which disputes the arbiter rules on in each month.
class SettlementSchedule {
public:
    explicit SettlementSchedule(const entities::Scenario& scenario);

    // A dispute's withheld sum, paid to the host in the month of the arbiter's ruling.
    struct Ruling {
        entities::ArrangementId arrangement;
        std::uint32_t participant_at = 0; // the disputing ICB's place among the participants
    };

    // The lead-ICB arrangement that pays a contract, if any.
    [[nodiscard]] std::optional<entities::ArrangementId>
    contract_arrangement(entities::ContractId contract) const {
        const auto index = contract_arrangement_[contract.index()];
        return index < 0
                   ? std::nullopt
                   : std::optional(entities::ArrangementId(static_cast<std::uint32_t>(index)));
    }
    // Whose ICB budget pays a contract: its arrangement's host if an arrangement takes it, else
    // its payer; none for NHS England's own contracts.
    [[nodiscard]] std::optional<entities::IcbId>
    contract_paying_icb(entities::ContractId contract) const {
        const auto icb = contract_paying_icb_[contract.index()];
        return icb < 0 ? std::nullopt
                       : std::optional(entities::IcbId(static_cast<std::uint32_t>(icb)));
    }
    // Where a contract's payer sits among its arrangement's participants.
    [[nodiscard]] std::uint32_t contract_participant_at(entities::ContractId contract) const {
        return contract_participant_at_[contract.index()];
    }
    // Where an arrangement's host sits among its participants.
    [[nodiscard]] std::uint32_t host_at(entities::ArrangementId arrangement) const {
        return host_at_[arrangement.index()];
    }
    // The arrangements whose recharges settle in month 1..12, in arrangement order.
    [[nodiscard]] const std::vector<entities::ArrangementId>& recharges(int month) const {
        return recharges_[month_at(month)];
    }
    // The disputes ruled on in month 1..12, in the order of the scenario's shocks.
    [[nodiscard]] const std::vector<Ruling>& rulings(int month) const {
        return rulings_[month_at(month)];
    }
    // The risk pools that settle in month 1..12, in pool order.
    [[nodiscard]] const std::vector<entities::PoolId>& pools(int month) const {
        return pools_[month_at(month)];
    }
    // The share of its due a participant withholds under a dispute in month 1..12, basis points.
    [[nodiscard]] std::int32_t withheld_bp(entities::ArrangementId arrangement,
                                           std::uint32_t participant_at, int month) const {
        return withheld_bp_[(participant_offset_[arrangement.index()] + participant_at) * 12 +
                            month_at(month)];
    }

private:
    [[nodiscard]] static std::size_t month_at(int month) {
        return static_cast<std::size_t>(month - 1);
    }
    void compile_contracts(const entities::Scenario& scenario);
    void compile_disputes(const entities::Scenario& scenario);

    std::vector<std::int32_t> contract_arrangement_; // −1: none
    std::vector<std::uint32_t> contract_participant_at_;
    std::vector<std::int32_t> contract_paying_icb_; // −1: NHS England pays
    std::vector<std::uint32_t> host_at_;
    std::vector<std::size_t> participant_offset_; // arrangement → first row of withheld_bp_
    std::vector<std::int32_t> withheld_bp_;       // (participant row × 12 + month − 1)
    std::array<std::vector<entities::ArrangementId>, 12> recharges_;
    std::array<std::vector<Ruling>, 12> rulings_;
    std::array<std::vector<entities::PoolId>, 12> pools_;
};

// Whether a settlement period ends in month 1..12.
[[nodiscard]] bool settles(entities::Settlement settlement, int month);

} // namespace specflow::sim
