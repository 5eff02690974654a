// A financial year's start in the monthly cycle: each entity's books carried from the year
// before (by code, and through a reconfiguration's mapping, DESIGN.md §8a), and each contract's
// terms for the year.

#include "sim/rules/lva.hpp"
#include "sim/runners/replication_cycle.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>

namespace specflow::sim::cycle {

using entities::ContractKind;
using entities::Int128;
using entities::Money;

// This FY's books from last year's, entity by entity (books.hpp): new entities open accounts.
void Replication::rebuild_books() {
    const auto& before = scenario_ == nullptr ? model_->scenario() : *scenario_;
    const auto& after = model_->scenario();
    const auto empty = [this](AccountId account) { return ledger_.balance(account).is_zero(); };
    regions_ = carry_books(
        before.regions, regions_, after.regions,
        [this](const entities::Region& region) {
            return ledger_.open_account("region " + region.name);
        },
        empty);
    icbs_ = carry_books(
        before.icbs, icbs_, after.icbs,
        [this](const entities::Icb& icb) {
            return IcbBook{.account = ledger_.open_account("ICB " + icb.name)};
        },
        [&](const IcbBook& book) { return empty(book.account) && book.net_to_date.is_zero(); });
    providers_ = carry_books(
        before.providers, providers_, after.providers,
        [this](const entities::Provider& provider) {
            return ProviderBook{.account = ledger_.open_account("provider " + provider.name)};
        },
        [&](const ProviderBook& book) {
            return empty(book.account) && book.net_to_date.is_zero();
        });
    arrangements_ = carry_books(
        before.lead_arrangements, arrangements_, after.lead_arrangements,
        [](const entities::LeadArrangement& arrangement) {
            return ArrangementBook{
                .participants = std::vector<ParticipantBook>(arrangement.participants.size())};
        },
        [](const ArrangementBook& book) {
            return std::all_of(book.participants.begin(), book.participants.end(),
                               [](const ParticipantBook& p) { return p.outstanding.is_zero(); });
        });
    for (const auto a : arrangements_.ids()) {
        auto& book = arrangements_[a];
        const auto& arrangement = after.lead_arrangements[a.index()];
        if (book.participants.size() == arrangement.participants.size()) {
            continue;
        }
        // A reconfiguration maps the participants to the new ICBs. Its FY starts just after a
        // settlement (the period ends with the year) and no dispute is open across it.
        const bool settled =
            book.host_paid.is_zero() &&
            std::all_of(book.participants.begin(), book.participants.end(),
                        [](const ParticipantBook& p) {
                            return p.outstanding.is_zero() && p.activity_milli == 0 &&
                                   p.value_milli_pence == 0 && p.plan_milli_pence == 0;
                        });
        if (carries_[year_] == nullptr || !settled) {
            throw std::logic_error(
                "run_replication: an arrangement's participants changed with money unsettled");
        }
        book.participants.assign(arrangement.participants.size(), ParticipantBook{});
    }
    pools_ = carry_books(
        before.risk_pools, pools_, after.risk_pools,
        [this](const entities::RiskPool& pool) {
            return PoolBook{.account = ledger_.open_account("risk pool " + pool.code)};
        },
        [&](const PoolBook& book) { return empty(book.account); });
    scenario_ = &after;
    if (key_.replication == 0) {
        marginal_units_.assign(providers_.size(), 0);
    }
}

// A reconfiguration's FY start: each old ICB's books split to the ICBs it maps to, by population
// share to the penny (DESIGN.md §8a). Its account's money moves to theirs; the rest of what it
// should hold (a joint ICB's money, which its region holds) moves between regions when a part
// goes to an ICB of another region, so every region still holds what its ICBs should.
void Replication::carry_icb_books(const YearCarry& carry) {
    const auto n = icbs_.size();
    std::vector<Money> net(n);
    std::vector<Money> pool(n);
    std::vector<bool> moved(n, false);
    for (const auto o : icbs_.ids()) {
        const auto& parts = carry.icbs.at(o.index());
        if (parts.empty()) {
            continue;
        }
        auto& book = icbs_[o];
        const auto nets = rules::split_by_shares(book.net_to_date, parts);
        const auto held = rules::split_by_shares(ledger_.balance(book.account), parts);
        const auto pools = rules::split_by_shares(book.pool_period_variance, parts);
        const auto region = scenario_->icbs[o.index()].region;
        for (std::size_t k = 0; k < parts.size(); ++k) {
            const IcbId t(static_cast<std::uint32_t>(parts[k].to));
            if (t != o) {
                ledger_.transfer(book.account, icbs_[t].account, held[k]);
                const auto to_region = scenario_->icbs[t.index()].region;
                if (to_region != region) {
                    ledger_.transfer(regions_[region], regions_[to_region], nets[k] - held[k]);
                }
            }
            net[t.index()] += nets[k];
            pool[t.index()] += pools[k];
            moved[t.index()] = true;
        }
        moved[o.index()] = true;
    }
    for (const auto i : icbs_.ids()) {
        if (moved[i.index()]) {
            icbs_[i].net_to_date = net[i.index()];
            icbs_[i].pool_period_variance = pool[i.index()];
        }
    }
}

// A reconfiguration's FY start: contract books carried as the commissioning plans carry their
// paths (carry_contracts), so each new contract's LVA history is its parts'.
void Replication::carry_contract_books(const YearCarry& carry) {
    const auto before = carry.contracts.size();
    std::vector<ContractState> states;
    states.reserve(before);
    for (std::size_t c = 0; c < before; ++c) {
        auto& book = contracts_[ContractId(static_cast<std::uint32_t>(c))];
        states.push_back({book.kind, std::move(book.history)}); // replaced just below
    }
    auto carried = carry_contracts(carry, std::move(states));
    const auto receives = carry.receiving();
    for (std::size_t c = 0; c < carried.size(); ++c) {
        auto& book = contracts_[ContractId(static_cast<std::uint32_t>(c))];
        book.kind = carried[c].kind;
        book.history = std::move(carried[c].history);
        if (receives[c]) {
            book.covered = scenario_->contracts[c].service_lines;
        }
    }
}

// Each contract's kind and value for the year (rules::year_terms: the LVA threshold and the
// rolling average of actual activity value from the second year on).
void Replication::set_contract_terms(std::size_t year) {
    std::fill(group_present_.begin(), group_present_.end(), false);
    for (const auto id : entities::id_range<ContractId>(scenario_->contracts.size())) {
        const auto& contract = scenario_->contracts[id.index()];
        auto& book = contracts_[id];
        const auto icb = model_->settlements().contract_paying_icb(id);
        const auto arrangement = model_->settlements().contract_arrangement(id);
        book.payer_account = icb ? holder(*icb) : nhse_;
        book.paying_icb = icb ? static_cast<std::int32_t>(icb->index()) : -1;
        book.arrangement = arrangement ? static_cast<std::int32_t>(arrangement->index()) : -1;
        book.participant_at = model_->settlements().contract_participant_at(id);
        book.provider = contract.provider.value();
        book.ended = contract.ended;
        if (contract.ended) {
            book.kind = ContractKind::block;
            book.annual_value = Money{};
            continue;
        }
        if (book.covered != contract.service_lines) {
            // A payment basis change took lines off the contract: its past activity no longer
            // describes it, so its rolling average starts afresh.
            book.history.clear();
            book.covered = contract.service_lines;
        }
        if (year == 0) { // the first FY's terms are the plan's; its past joins the history
            book.history.assign(contract.lva_history.begin(), contract.lva_history.end());
        }
        const auto terms = rules::year_terms(
            {.contract = contract,
             .previous_kind = year == 0 ? contract.kind : book.kind,
             .history = year == 0 ? std::span<const Money>{} : std::span<const Money>{book.history},
             .planned_value_milli_pence = model_->contract_planned_year_value(id.index()),
             .uplift_bp = scenario_->policy.price_uplift_bp,
             .lva_threshold = scenario_->policy.lva_threshold});
        book.kind = terms.kind;
        book.annual_value = terms.annual_value;
        group_present_[pairs_.pair_of_contract[id] * k_contract_kinds +
                       static_cast<std::size_t>(book.kind)] = true;
    }
    // Each contract's income group, and the groups reported this FY in their order.
    present_groups_.clear();
    for (std::size_t g = 0; g < group_present_.size(); ++g) {
        if (group_present_[g]) {
            present_groups_.push_back(static_cast<std::uint32_t>(g));
        }
    }
    for (auto& contracts : contracts_of_kind_) {
        contracts.clear();
    }
    for (const auto id : entities::id_range<ContractId>(scenario_->contracts.size())) {
        auto& book = contracts_[id];
        book.group = static_cast<std::uint32_t>(pairs_.pair_of_contract[id] * k_contract_kinds +
                                                static_cast<std::size_t>(book.kind));
        book.reported = group_present_[book.group];
        contracts_of_kind_[static_cast<std::size_t>(book.kind)].push_back(id.value());
    }
}

} // namespace specflow::sim::cycle
