#include "scenarios/shock_conflicts.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace specflow::scenarios::detail {

namespace {

using entities::FinancialMonth;
using entities::IcbId;
using entities::Shock;

// The shocks of one file and where each came from, to report the later of two that conflict.
class Conflicts {
public:
    Conflicts(const TomlReader& toml, const References& refs,
              std::span<const entities::LeadArrangement> arrangements,
              std::span<const toml::table* const> tables, std::span<const Shock> shocks)
        : toml_(toml), refs_(refs), arrangements_(arrangements), tables_(tables), shocks_(shocks) {}

    void check_delegations() const;
    void check_basis_changes() const;
    void check_repatriations() const;
    void check_disputes() const;

private:
    template <typename Effect>
    [[nodiscard]] const Effect* effect(std::size_t i) const {
        return std::get_if<Effect>(&shocks_[i].effect);
    }
    [[noreturn]] void fail(std::size_t i, std::string_view key, const std::string& problem) const {
        EntryReader(toml_, refs_, *tables_[i], "shocks", i + 1).fail(key, problem);
    }
    // Shock i as a message about shock `here` names it.
    [[nodiscard]] std::string place(std::size_t i, std::size_t here) const {
        return "shocks[" + std::to_string(i + 1) + "] (" +
               line_text(shocks_[i].source, shocks_[here].source) + ")";
    }
    [[nodiscard]] std::vector<IcbId> icbs_of(const entities::DelegationChange& change) const;
    [[nodiscard]] std::string_view icb_code(IcbId icb) const {
        return refs_.scenario.icbs[icb.index()].code;
    }

    const TomlReader& toml_;
    const References& refs_;
    std::span<const entities::LeadArrangement> arrangements_;
    std::span<const toml::table* const> tables_;
    std::span<const Shock> shocks_;
};

std::vector<IcbId> Conflicts::icbs_of(const entities::DelegationChange& change) const {
    if (change.icb) {
        return {*change.icb};
    }
    std::vector<IcbId> icbs;
    for (const auto& icb : refs_.scenario.icbs) {
        if (icb.region == change.region) {
            icbs.push_back(icb.id);
        }
    }
    return icbs;
}

// An ICB has one delegation status in a financial year; the same status twice is harmless.
void Conflicts::check_delegations() const {
    for (std::size_t later = 0; later < shocks_.size(); ++later) {
        const auto* change = effect<entities::DelegationChange>(later);
        for (std::size_t earlier = 0; change != nullptr && earlier < later; ++earlier) {
            const auto* other = effect<entities::DelegationChange>(earlier);
            if (other == nullptr || other->status == change->status ||
                shocks_[earlier].start.year != shocks_[later].start.year) {
                continue;
            }
            const auto mine = icbs_of(*change);
            const auto theirs = icbs_of(*other);
            const auto shared =
                std::find_first_of(mine.begin(), mine.end(), theirs.begin(), theirs.end());
            if (shared != mine.end()) {
                fail(later, "status",
                     "sets ICB " + std::string(icb_code(*shared)) + " to " +
                         std::string(entities::to_string(change->status)) + " from " +
                         shocks_[later].start.year.label() + ", but " + place(earlier, later) +
                         " sets it to " + std::string(entities::to_string(other->status)) +
                         " from the same financial year; valid: one status per ICB and "
                         "financial year");
            }
        }
    }
}

// Two selectors overlap when either is "every one" or both name the same one.
template <typename Value>
bool overlaps(const std::optional<Value>& left, const std::optional<Value>& right) {
    return !left || !right || *left == *right;
}

// A contract's line is paid one way in a financial year.
void Conflicts::check_basis_changes() const {
    for (std::size_t later = 0; later < shocks_.size(); ++later) {
        const auto* change = effect<entities::PaymentBasisChange>(later);
        for (std::size_t earlier = 0; change != nullptr && earlier < later; ++earlier) {
            const auto* other = effect<entities::PaymentBasisChange>(earlier);
            if (other != nullptr && other->service_line == change->service_line &&
                other->to_kind != change->to_kind &&
                shocks_[earlier].start.year == shocks_[later].start.year &&
                overlaps(other->payer, change->payer) &&
                overlaps(other->provider, change->provider)) {
                fail(later, "to_kind",
                     "moves service line " +
                         refs_.scenario.service_lines[change->service_line.index()].code + " to " +
                         std::string(entities::to_string(change->to_kind)) + " from " +
                         shocks_[later].start.year.label() + ", but " + place(earlier, later) +
                         " moves it to " + std::string(entities::to_string(other->to_kind)) +
                         " for some of the same contracts in the same financial year; valid: "
                         "one kind per line and contract, or payer/provider that do not overlap");
            }
        }
    }
}

bool active(const Shock& shock, FinancialMonth month) {
    return shock.start <= month && (!shock.end || month <= *shock.end);
}

bool same_flow(const entities::Repatriation& left, const entities::Repatriation& right) {
    return left.icb == right.icb && left.service_line == right.service_line &&
           left.from_provider == right.from_provider;
}

// Repatriations of one flow may not move more than all of it in any month. Adding a shock only
// raises the totals, so the first shock (in file order) that takes some month over 100% is the
// one reported; the most moved at once is at one of the shocks' starts.
void Conflicts::check_repatriations() const {
    for (std::size_t later = 0; later < shocks_.size(); ++later) {
        const auto* move = effect<entities::Repatriation>(later);
        if (move == nullptr) {
            continue;
        }
        std::vector<std::size_t> same;
        for (std::size_t i = 0; i <= later; ++i) {
            if (const auto* other = effect<entities::Repatriation>(i);
                other && same_flow(*other, *move)) {
                same.push_back(i);
            }
        }
        for (const std::size_t at : same) {
            const FinancialMonth month = shocks_[at].start;
            std::int64_t total_bp = 0;
            std::string others;
            for (const std::size_t i : same) {
                if (active(shocks_[i], month)) {
                    total_bp += effect<entities::Repatriation>(i)->share_bp;
                    others += i == later ? "" : (others.empty() ? "" : ", ") + place(i, later);
                }
            }
            if (total_bp > entities::k_basis_points_per_unit && active(shocks_[later], month)) {
                fail(later, "share_pct",
                     "with " + others + ", repatriations of ICB " +
                         std::string(icb_code(move->icb)) + "'s " +
                         refs_.scenario.service_lines[move->service_line.index()].code +
                         " activity from " +
                         refs_.scenario.providers[move->from_provider.index()].code +
                         " add up to " + percent_text(total_bp) + "% in " + month.label() +
                         "; valid: shares that add up to at most 100 in any month");
            }
        }
    }
}

// A participant of an arrangement has one dispute open at a time. A dispute is open from its
// start until the month it is settled, both included: in that month the arbiter's ruling pays the
// host everything the participant has withheld under the arrangement, so a second dispute open
// then (or withholding before it) would see its sums paid by the first one's ruling. Two such
// spans of months overlap exactly when each is open in the later of their starts, the month
// reported.
void Conflicts::check_disputes() const {
    for (std::size_t later = 0; later < shocks_.size(); ++later) {
        const auto* dispute = effect<entities::Dispute>(later);
        for (std::size_t earlier = 0; dispute != nullptr && earlier < later; ++earlier) {
            const auto* other = effect<entities::Dispute>(earlier);
            if (other == nullptr || other->arrangement != dispute->arrangement ||
                other->participant != dispute->participant) {
                continue;
            }
            const FinancialMonth month = std::max(shocks_[earlier].start, shocks_[later].start);
            if (month <= dispute->settled && month <= other->settled) {
                fail(later, "start",
                     "is open for ICB " + std::string(icb_code(dispute->participant)) + " under " +
                         in_quotes(arrangements_[dispute->arrangement].code) + " in " +
                         month.label() + ", and so is " + place(earlier, later) +
                         "; valid: one dispute at a time for a participant of an arrangement (a "
                         "dispute is open from its start until the month it is settled, when "
                         "all that the participant has withheld is paid to the host)");
            }
        }
    }
}

} // namespace

void check_shock_conflicts(const TomlReader& toml, const References& refs,
                           std::span<const entities::LeadArrangement> arrangements,
                           std::span<const toml::table* const> tables,
                           std::span<const Shock> shocks) {
    const Conflicts conflicts(toml, refs, arrangements, tables, shocks);
    conflicts.check_delegations();
    conflicts.check_basis_changes();
    conflicts.check_repatriations();
    conflicts.check_disputes();
}

} // namespace specflow::scenarios::detail
