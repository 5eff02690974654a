#pragma once

#include "entities/scenario.hpp"
#include "sim/rules/reconfiguration.hpp"

#include <cstddef>
#include <vector>

namespace specflow::sim {

// What one old ICB carries to one new ICB: its population share of the old ICB's contract
// values (ICB-paid, as rebased into the FY) and of its patients' expected activity.
struct IcbPart {
    entities::IcbId from;
    entities::IcbId to;
    std::int64_t share_micro = 0;
    entities::Money contract_value;
    std::int64_t cases_milli = 0;
};

// What a reconfiguration (DESIGN.md §8a) carries from the entities of the year before to those
// of its FY, worked out once by the year's plan and applied to every replication's books.
struct YearCarry {
    entities::FinancialYear year{2026};
    // By run-wide ICB index: where each ICB of the year before goes (`from` is the ICB, `to` a
    // run-wide index); empty for ICBs that did not exist the year before.
    std::vector<std::vector<rules::MappingShare>> icbs;
    // By contract index of the year before: where a contract that the reconfiguration moves goes
    // (`to` a contract index of the FY); empty for a contract that stays as it was.
    std::vector<std::vector<rules::MappingShare>> contracts;
    std::size_t contract_count = 0; // the FY's contracts (those of the year before come first)
    std::vector<IcbPart> moved;     // one per row of the mapping, in its order

    // Which contracts of the FY receive parts (their lines may have grown).
    [[nodiscard]] std::vector<bool> receiving() const {
        std::vector<bool> receives(contract_count, false);
        for (const auto& parts : contracts) {
            for (const auto& part : parts) {
                receives[part.to] = true;
            }
        }
        return receives;
    }

    // ICB `icb`'s parts, which must exist the year before.
    [[nodiscard]] const std::vector<rules::MappingShare>& icb_parts(entities::IcbId icb) const {
        return icbs.at(icb.index());
    }
};

// What a contract carries into its next FY: how it was paid and its activity value per past
// FY (oldest first), for the LVA rule.
struct ContractState {
    entities::ContractKind kind = entities::ContractKind::block;
    std::vector<entities::Money> history;
};

// Carries contract states through a reconfiguration: a contract that receives parts gets their
// histories split by share (largest remainder, to the penny) and added year by year from the
// latest, and the kind of its largest part by last FY's value (the first of equal ones); any
// other contract keeps its state. `before` has one state per contract of the year before; the
// result one per contract of the FY.
[[nodiscard]] std::vector<ContractState> carry_contracts(const YearCarry& carry,
                                                         std::vector<ContractState> before);

// Reconfigures a year's scenario (last year's, carried into `reconfiguration.year`) to the new
// ICBs, by population share and exactly:
// - each flow's expected activity is split among the ICBs its patients' ICB maps to, and flows of
//   one new ICB with the same provider, line and contract merge;
// - an ICB-paid contract's value is split likewise: the part to an ICB that keeps its code stays
//   in the contract; a part to another ICB goes to that ICB's contract with the provider on the
//   same terms (kind and API rates), a new one ("C-<ICB>-<provider>") when it has none; a
//   contract of an ICB that ends is ended (`Contract::ended`). NHS England's contracts stay;
// - a lead-ICB arrangement is hosted by the ICB taking the largest share of its host, with the
//   ICBs its participants map to; a risk pool's members are the ICBs its members map to.
// Throws InfeasiblePolicy, at the reconfiguration's place, when the new ICBs would be in two
// risk pools or in two arrangements with one provider.
[[nodiscard]] YearCarry reconfigure(entities::Scenario& s,
                                    const entities::Reconfiguration& reconfiguration);

} // namespace specflow::sim
