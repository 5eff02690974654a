#include "scenarios/arrangement_delegation.hpp"

#include "scenarios/entry_reader.hpp"
#include "scenarios/text.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace specflow::scenarios::detail {

namespace {

using entities::DelegationStatus;
using entities::FinancialYear;
using entities::IcbId;

// An ICB's status in a FY and what set it, for the message; empty when the loader cannot know it.
struct Held {
    std::optional<DelegationStatus> status;
    std::string how;
};

// An ICB an arrangement has in a FY, and the ICB of the file's list it comes from.
struct Member {
    IcbId icb;
    IcbId listed;
};

// One [[lead_icb]] or [[risk_pool]] entry: where its list is, and its ICBs year by year.
struct Entry {
    std::string_view array;
    std::size_t number = 0; // from 1
    std::string_view list;  // "participants" or "members"
    std::vector<Member> members;
};

std::vector<FinancialYear> scenario_years(const entities::Scenario& s) {
    std::vector<FinancialYear> years;
    for (const auto& year : s.allocation.years) {
        years.push_back(year.year);
    }
    if (years.empty()) {
        years.push_back(s.first_year);
    }
    return years;
}

class DelegationCheck {
public:
    DelegationCheck(const TomlReader& toml, const toml::table& root, const entities::Scenario& s)
        : toml_(toml), root_(root), s_(s) {
        for (const auto& icb : s.icbs) {
            held_.push_back({.status = icb.delegation, .how = "in icbs.csv"});
        }
        add_entries("lead_icb", "participants", s.lead_arrangements);
        add_entries("risk_pool", "members", s.risk_pools);
    }

    void run() {
        const auto years = scenario_years(s_);
        for (std::size_t y = 0; y < years.size(); ++y) {
            for (const auto& reconfiguration : s_.reconfigurations) {
                if (y > 0 && reconfiguration.year == years[y]) {
                    reconfigure(reconfiguration);
                }
            }
            if (y < s_.allocation.years.size()) {
                delegate_regions(s_.allocation.years[y]);
            }
            apply_shocks(years[y]);
            check(years[y]);
        }
    }

private:
    template <typename Arrangement>
    void add_entries(std::string_view array, std::string_view list,
                     const std::vector<Arrangement>& arrangements) {
        for (std::size_t i = 0; i < arrangements.size(); ++i) {
            Entry entry{.array = array, .number = i + 1, .list = list, .members = {}};
            const auto& icbs = members_of(arrangements[i]);
            for (const IcbId icb : icbs) {
                entry.members.push_back({.icb = icb, .listed = icb});
            }
            entries_.push_back(std::move(entry));
        }
    }
    static const std::vector<IcbId>& members_of(const entities::LeadArrangement& lead) {
        return lead.participants;
    }
    static const std::vector<IcbId>& members_of(const entities::RiskPool& pool) {
        return pool.members;
    }

    void reconfigure(const entities::Reconfiguration& r);
    void delegate_regions(const entities::YearPolicy& year);
    void apply_shocks(FinancialYear year);
    void check(FinancialYear year) const;
    [[noreturn]] void fail(const Entry& entry, const Member& member, FinancialYear year) const;

    [[nodiscard]] std::string_view code(IcbId icb) const { return s_.icbs[icb.index()].code; }

    const TomlReader& toml_;
    const toml::table& root_;
    const entities::Scenario& s_;
    std::vector<Held> held_;
    std::vector<Entry> entries_;
};

// ICBs a reconfiguration forms take their predecessors' status when they agree; an
// arrangement's ICBs become those they map to, each once.
void DelegationCheck::reconfigure(const entities::Reconfiguration& r) {
    for (const auto& icb : s_.icbs) {
        if (icb.from != r.year) {
            continue;
        }
        std::vector<std::string_view> predecessors;
        std::optional<DelegationStatus> status;
        bool agree = true;
        for (const auto& share : r.shares) {
            if (share.to != icb.id) {
                continue;
            }
            const auto& before = held_[share.from.index()].status;
            agree = agree && before && (predecessors.empty() || before == status);
            status = before;
            predecessors.push_back(code(share.from));
        }
        held_[icb.id.index()] = {.status = agree ? status : std::nullopt,
                                 .how = "as the ICBs it is formed from in " + r.year.label() +
                                        ", " + join(predecessors, ", ") + ", were"};
    }
    for (auto& entry : entries_) {
        std::vector<Member> mapped;
        for (const Member& member : entry.members) {
            for (const auto& share : r.shares) {
                const bool seen =
                    std::any_of(mapped.begin(), mapped.end(),
                                [&share](const Member& m) { return m.icb == share.to; });
                if (share.from == member.icb && !seen) {
                    mapped.push_back({.icb = share.to, .listed = member.listed});
                }
            }
        }
        entry.members = std::move(mapped);
    }
}

void DelegationCheck::delegate_regions(const entities::YearPolicy& year) {
    for (const auto region : year.delegate_regions) {
        for (const auto& icb : s_.icbs) {
            if (icb.region == region) {
                held_[icb.id.index()] = {.status = DelegationStatus::delegated,
                                         .how = "by allocation.years delegate_regions"};
            }
        }
    }
}

void DelegationCheck::apply_shocks(FinancialYear year) {
    for (std::size_t i = 0; i < s_.shocks.size(); ++i) {
        const auto& shock = s_.shocks[i];
        const auto* change = std::get_if<entities::DelegationChange>(&shock.effect);
        if (change == nullptr || shock.start.year != year) {
            continue;
        }
        for (const auto& icb : s_.icbs) {
            if ((change->icb && *change->icb == icb.id) ||
                (change->region && *change->region == icb.region)) {
                held_[icb.id.index()] = {.status = change->status,
                                         .how = "from shocks[" + std::to_string(i + 1) + "]"};
            }
        }
    }
}

void DelegationCheck::check(FinancialYear year) const {
    for (const auto& entry : entries_) {
        for (const Member& member : entry.members) {
            const auto& status = held_[member.icb.index()].status;
            if (s_.icbs[member.icb.index()].exists_in(year) && status &&
                *status != DelegationStatus::delegated) {
                fail(entry, member, year);
            }
        }
    }
}

void DelegationCheck::fail(const Entry& entry, const Member& member, FinancialYear year) const {
    // The ICB's code in the entry's list, where the user would change it.
    const toml::table& table = *root_entries(toml_, root_, entry.array)[entry.number - 1];
    const toml::node* at = table.get(entry.list);
    if (const auto* items = at == nullptr ? nullptr : at->as_array()) {
        for (const toml::node& item : *items) {
            if (const auto* text = item.as_string();
                text != nullptr && *text == code(member.listed)) {
                at = &item;
            }
        }
    }
    const Held& held = held_[member.icb.index()];
    std::string who = "ICB " + std::string(code(member.icb));
    if (member.listed != member.icb) {
        who = "ICB " + std::string(code(member.listed)) + " becomes " +
              std::string(code(member.icb)) + ", which";
    }
    std::vector<std::string_view> delegated;
    for (const auto& icb : s_.icbs) {
        if (icb.exists_in(year) && held_[icb.id.index()].status == DelegationStatus::delegated) {
            delegated.push_back(icb.code);
        }
    }
    const std::string field = std::string(entry.array) + "[" + std::to_string(entry.number) + "]." +
                              std::string(entry.list);
    toml_.fail(
        at != nullptr ? at->source() : table.source(), field,
        who + " is " + std::string(entities::to_string(*held.status)) + " in " + year.label() +
            " (" + held.how + "): NHS England holds its delegated money, so it has none to " +
            (entry.array == "lead_icb" ? "recharge" : "pool") + "; valid: ICBs delegated in " +
            year.label() + ": " + (delegated.empty() ? "none" : join(delegated, ", ")));
}

} // namespace

void check_arrangements_delegated(const TomlReader& toml, const toml::table& root,
                                  const entities::Scenario& scenario) {
    DelegationCheck(toml, root, scenario).run();
}

} // namespace specflow::scenarios::detail
