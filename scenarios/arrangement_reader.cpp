#include "scenarios/arrangement_reader.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace specflow::scenarios::detail {

namespace {

using entities::IcbId;
using entities::LeadArrangement;
using entities::ProviderId;
using entities::RiskPool;

constexpr std::string_view k_lead_array = "lead_icb";
constexpr std::string_view k_pool_array = "risk_pool";

constexpr std::array<std::string_view, 8> k_lead_keys{
    "code",          "host",  "participants", "providers",
    "service_lines", "basis", "settlement",   "hosting_cost_pounds"};
constexpr std::array<std::string_view, 5> k_pool_keys{"code", "members", "settlement",
                                                      "threshold_pounds", "cap_pounds"};

constexpr std::array<Choice<entities::RechargeBasis>, 4> k_bases{{
    {"value", entities::RechargeBasis::value},
    {"activity", entities::RechargeBasis::activity},
    {"plan", entities::RechargeBasis::plan},
    {"allocation", entities::RechargeBasis::allocation},
}};
// A lead ICB settles often, since it carries the participants' money until it does; a pool
// settles at most quarterly.
constexpr std::array<Choice<entities::Settlement>, 2> k_lead_settlements{{
    {"monthly", entities::Settlement::monthly},
    {"quarterly", entities::Settlement::quarterly},
}};
constexpr std::array<Choice<entities::Settlement>, 2> k_pool_settlements{{
    {"quarterly", entities::Settlement::quarterly},
    {"year_end", entities::Settlement::year_end},
}};

// The entry's code: not empty, and not the code of an earlier entry of the same array.
template <typename Item>
std::string read_unique_code(const EntryReader& entry, const std::vector<Item>& earlier) {
    const std::string code(entry.string("code"));
    if (code.empty()) {
        entry.fail("code", "empty; valid: a short name such as \"eoe-hub\"");
    }
    const auto same = std::find_if(earlier.begin(), earlier.end(),
                                   [&code](const Item& item) { return item.code == code; });
    if (same != earlier.end()) {
        entry.fail("code", "duplicate code " + in_quotes(code) + " (first on " +
                               line_text(same->source, entry.source()) +
                               "); valid: each code once");
    }
    return code;
}

template <typename Id>
std::optional<Id> first_shared(const std::vector<Id>& left, const std::vector<Id>& right) {
    for (const Id id : left) {
        if (std::find(right.begin(), right.end(), id) != right.end()) {
            return id;
        }
    }
    return std::nullopt;
}

// An ICB pays a provider through at most one arrangement, or the host that pays would be
// ambiguous.
void check_no_shared_provider(const EntryReader& entry, const LeadArrangement& arrangement,
                              const std::vector<LeadArrangement>& earlier) {
    const auto& scenario = entry.refs().scenario;
    for (const LeadArrangement& other : earlier) {
        const auto provider = first_shared(arrangement.providers, other.providers);
        const auto icb = first_shared(arrangement.participants, other.participants);
        if (provider && icb) {
            entry.fail("participants",
                       "ICB " + scenario.icbs[icb->index()].code + " is also a participant of " +
                           in_quotes(other.code) + " (" + line_text(other.source, entry.source()) +
                           "), which also has provider " +
                           scenario.providers[provider->index()].code +
                           "; valid: an ICB in at most one arrangement per provider");
        }
    }
}

LeadArrangement read_lead(const EntryReader& entry, const std::vector<LeadArrangement>& earlier) {
    entry.check_keys(k_lead_keys);
    const References& refs = entry.refs();
    LeadArrangement arrangement;
    arrangement.source = entry.source();
    arrangement.key_sources = entry.key_sources();
    arrangement.code = read_unique_code(entry, earlier);
    arrangement.participants = to_ids<IcbId>(entry.code_list("participants", refs.icbs));
    arrangement.host = IcbId(entry.code("host", refs.icbs));
    if (std::find(arrangement.participants.begin(), arrangement.participants.end(),
                  arrangement.host) == arrangement.participants.end()) {
        entry.fail("host", "ICB " + refs.scenario.icbs[arrangement.host.index()].code +
                               " is not among the participants; valid: one of the ICBs in " +
                               entry.field("participants"));
    }
    arrangement.providers = to_ids<ProviderId>(entry.code_list("providers", refs.providers));
    arrangement.service_lines =
        to_ids<entities::ServiceLineId>(entry.code_list("service_lines", refs.service_lines, "*"));
    // DESIGN.md §6: `value` unless the entry says otherwise, so that lines priced from hundreds
    // to tens of thousands of pounds are not shared by their raw case counts.
    if (entry.optional("basis") != nullptr) {
        arrangement.basis = entry.choice("basis", k_bases);
    }
    arrangement.settlement = entry.choice("settlement", k_lead_settlements);
    if (const toml::node* cost = entry.optional("hosting_cost_pounds")) {
        arrangement.hosting_cost = entry.pounds(*cost, "hosting_cost_pounds");
        if (arrangement.hosting_cost.is_negative()) {
            entry.fail("hosting_cost_pounds", "negative; valid: 0 or more pounds a year");
        }
    }
    check_no_shared_provider(entry, arrangement, earlier);
    return arrangement;
}

RiskPool read_pool(const EntryReader& entry, const std::vector<RiskPool>& earlier) {
    entry.check_keys(k_pool_keys);
    const References& refs = entry.refs();
    RiskPool pool;
    pool.source = entry.source();
    pool.code = read_unique_code(entry, earlier);
    pool.members = to_ids<IcbId>(entry.code_list("members", refs.icbs));
    pool.settlement = entry.choice("settlement", k_pool_settlements);
    if (const toml::node* threshold = entry.optional("threshold_pounds")) {
        pool.threshold = entry.pounds(*threshold, "threshold_pounds");
    }
    if (const toml::node* cap = entry.optional("cap_pounds")) {
        pool.cap = entry.pounds(*cap, "cap_pounds");
        // A cap below the threshold is most likely the two swapped: refused, not guessed.
        if (pool.threshold && *pool.cap < *pool.threshold) {
            entry.fail("cap_pounds", "£" + pool.cap->to_pounds_string() +
                                         " is below threshold_pounds (£" +
                                         pool.threshold->to_pounds_string() +
                                         "); valid: a cap at least the threshold, or no cap");
        }
    }
    // Each member's variance is shared by one pool; in two, it would be shared twice.
    for (const RiskPool& other : earlier) {
        if (const auto icb = first_shared(pool.members, other.members)) {
            entry.fail("members", "ICB " + refs.scenario.icbs[icb->index()].code +
                                      " is also a member of " + in_quotes(other.code) + " (" +
                                      line_text(other.source, entry.source()) +
                                      "); valid: an ICB in at most one risk pool");
        }
    }
    return pool;
}

} // namespace

std::vector<LeadArrangement> read_lead_arrangements(const TomlReader& toml, const toml::table& root,
                                                    const References& refs) {
    std::vector<LeadArrangement> arrangements;
    const auto tables = root_entries(toml, root, k_lead_array);
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const EntryReader entry(toml, refs, *tables[i], k_lead_array, i + 1);
        arrangements.push_back(read_lead(entry, arrangements));
    }
    return arrangements;
}

std::vector<RiskPool> read_risk_pools(const TomlReader& toml, const toml::table& root,
                                      const References& refs) {
    std::vector<RiskPool> pools;
    const auto tables = root_entries(toml, root, k_pool_array);
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const EntryReader entry(toml, refs, *tables[i], k_pool_array, i + 1);
        pools.push_back(read_pool(entry, pools));
    }
    return pools;
}

} // namespace specflow::scenarios::detail
