#pragma once

#include "entities/accrual.hpp"
#include "entities/contract.hpp"
#include "entities/id_vector.hpp"
#include "entities/money.hpp"
#include "sim/kernel/ledger.hpp"
#include "sim/rules/api.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

// One replication's books, entity by entity, keyed by typed ids. The per-FY books (ICBs,
// providers, arrangements, pools) are rebuilt at each FY start from that year's scenario,
// carried from the year before by entity code, so that a year may have a different set of
// ICBs from the last. The hot per-flow sums of the monthly loop are not here: the replication
// keeps them in flat arrays.
namespace specflow::sim {

// An ICB population's specialised money.
struct IcbBook {
    AccountId account = 0;
    // The month's, reported and cleared at each month's end.
    entities::Money budget{};     // the month's instalment of its delegable budget
    entities::Money spend{};      // its contracts' payments, net of lead-ICB recharges
    entities::Money pool{};       // risk-pool transfers (+ received)
    entities::Money recharges{};  // lead-ICB recharges, accrued: + owed to a host, − due to it
    entities::Money hosting{};    // as a host, the hub's own cost paid
    entities::Money investment{}; // upstream investment paid
    entities::Money reserve{};    // FY end: underspend kept as ringfenced reserve
    entities::Money released{};   // FY end: underspend released to other budgets
    // Carried from month to month.
    entities::Money net_to_date{}; // what its holdings should be, run to date
    entities::Money year_net{}; // this FY's budget − spend − local investment + pool transfers
    entities::Money year_budget{};          // this FY's budget instalments to date
    entities::Money year_spend{};           // this FY's spend to date
    entities::Money pool_period_variance{}; // budget − spend since its pool last settled
};

// NHS England's direct budget and the central HCDD budget: the month's instalments and spend.
struct NationalBook {
    entities::Money direct_budget{};
    entities::Money direct_spend{};
    entities::Money hcdd_budget{};
    entities::Money hcdd_spend{};
};

struct ProviderBook {
    AccountId account = 0;
    entities::Accrual cost_accrual{rules::k_milli_pence_per_penny}; // marginal cost
    entities::Money income{};                                       // the month's
    entities::Money cost{};                                         // the month's
    entities::Int128 unfunded_units = 0; // the month's, k_api_units_per_penny
    entities::Money net_to_date{};       // income − cost, run to date
    entities::Money year_income{};       // this FY's to date
    entities::Money year_cost{};         // this FY's to date
};

// A contract's terms for the year and what it has been paid; kept for the run (contracts are
// only ever appended from one year to the next).
struct ContractBook {
    // Who pays it this FY, worked out at the FY's start (the monthly loop pays every contract
    // every month): the account the money leaves, the ICB whose spend it is (a lead
    // arrangement's host, or the payer; −1 for NHS England), the lead arrangement that pays it
    // (−1: none) and its participant's place in it, and the provider paid.
    std::uint32_t payer_account = 0;
    std::int32_t paying_icb = -1;
    std::int32_t arrangement = -1;
    std::uint32_t participant_at = 0;
    std::uint32_t provider = 0;
    // Its income group this FY (income pair × kind) and whether the group is reported.
    std::uint32_t group = 0;
    bool reported = false;
    bool ended = false; // the contract has ended: nothing more is paid on it
    entities::ContractKind kind = entities::ContractKind::block;
    entities::Money annual_value{};
    // Its variable payments, accrued exactly and paid in pence.
    entities::Accrual accrual{rules::k_api_units_per_penny};
    entities::Int128 year_value_milli_pence = 0;  // this FY's actual activity value
    std::vector<entities::Money> history;         // actual activity value per past FY
    std::vector<entities::ServiceLineId> covered; // the lines `history` is for
};

// One participant's shares of a lead arrangement in the open settlement period, by each basis.
struct ParticipantBook {
    std::int64_t activity_milli = 0;        // actual cases
    entities::Int128 value_milli_pence = 0; // actual activity at price
    entities::Int128 plan_milli_pence = 0;  // planned activity at price
    // Withheld under dispute and not yet ruled on: still owed (DESIGN.md §6), a payable on the
    // participant's books and a receivable on the host's, so it is in the participant's spend
    // but not yet in the host's cash.
    entities::Money outstanding{};
};

struct ArrangementBook {
    entities::Money host_paid{}; // in the settlement period
    std::vector<ParticipantBook> participants;
};

struct PoolBook {
    AccountId account = 0;
};

// The books of a new FY's entities (each with a `code`) from last year's: an entity that
// continues keeps its book; a new one gets `fresh(entity)`. An entity that leaves must leave
// nothing behind (`settled(book)`), since without a mapping its money would have nowhere to go.
template <typename Id, typename Book, typename Entity, typename Fresh, typename Settled>
[[nodiscard]] entities::IdVector<Id, Book>
carry_books(const std::vector<Entity>& before, const entities::IdVector<Id, Book>& books,
            const std::vector<Entity>& after, Fresh fresh, Settled settled) {
    // Most FYs have last year's entities in last year's order: each keeps its book where it was
    // (what the search by code below would find, without building it a map each year).
    if (books.size() == before.size() && before.size() == after.size() &&
        std::equal(before.begin(), before.end(), after.begin(),
                   [](const Entity& a, const Entity& b) { return a.code == b.code; })) {
        return books;
    }
    std::map<std::string, Id> kept;
    for (const Id id : books.ids()) {
        kept.emplace(before[id.index()].code, id);
    }
    entities::IdVector<Id, Book> carried;
    for (const auto& entity : after) {
        const auto found = kept.find(entity.code);
        if (found == kept.end()) {
            carried.push_back(fresh(entity));
        } else {
            carried.push_back(books[found->second]);
            kept.erase(found);
        }
    }
    for (const auto& [code, id] : kept) {
        if (!settled(books[id])) {
            throw std::logic_error(
                "carry_books: " + code +
                " leaves with money on its books; a change of structure needs a mapping");
        }
    }
    return carried;
}

} // namespace specflow::sim
