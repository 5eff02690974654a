#include "scenarios/shock_reader.hpp"

#include "scenarios/shock_conflicts.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace specflow::scenarios::detail {

namespace {

using entities::FinancialMonth;
using entities::IcbId;
using entities::LeadArrangement;
using entities::ProviderId;
using entities::ServiceLineId;
using entities::Shock;
using entities::ShockEffect;

constexpr std::string_view k_array = "shocks";
// Ramps and lags longer than this are certainly typing mistakes; the bound keeps them in 32 bits.
constexpr std::int64_t k_months_max = 1'200;

constexpr std::array<std::string_view, 5> k_common_keys{"kind", "code", "start", "ramp_months",
                                                        "end"};

// Activity may grow a lot, or stop (0); the upper bound only keeps basis points in 32 bits.
constexpr PercentRange k_factor_range{
    .min_bp = 0,
    .max_bp = 100'000'000,
    .valid = "a percentage from 0 to 1000000 (100 = unchanged), at most two decimals"};

// What a kind's reader may need besides the entry.
struct ShockContext {
    const std::vector<LeadArrangement>& arrangements;
    FinancialMonth start;
};

template <typename Id>
std::optional<Id> optional_id(const EntryReader& entry, std::string_view key,
                              const CodeIndex& index) {
    if (const auto found = entry.optional_code(key, index)) {
        return Id(*found);
    }
    return std::nullopt;
}

// Changes that take effect for a whole financial year start in its first month.
void require_year_start(const EntryReader& entry, const ShockContext& context,
                        std::string_view kind) {
    if (context.start.month != 1) {
        entry.fail("start", std::string(kind) + " starts in " + context.start.label() +
                                "; valid: the first month of a financial year, e.g. \"" +
                                context.start.year.label() + " M01\"");
    }
}

// The ICB's patients must have a contract with the receiving provider that pays for the line:
// the moved activity is paid by it, as the flow rule in contracts.csv requires for every flow.
void require_receiving_contract(const EntryReader& entry, const entities::Repatriation& move) {
    const auto& scenario = entry.refs().scenario;
    const bool covered =
        std::any_of(scenario.contracts.begin(), scenario.contracts.end(), [&](const auto& c) {
            return c.provider == move.to_provider && c.covers(move.service_line) &&
                   (c.payer.is_nhse() || *c.payer.icb == move.icb);
        });
    if (!covered) {
        entry.fail("to_provider", "no contract of provider " +
                                      scenario.providers[move.to_provider.index()].code +
                                      " with payer " + scenario.icbs[move.icb.index()].code +
                                      " or NHSE covers service line " +
                                      scenario.service_lines[move.service_line.index()].code +
                                      "; valid: a provider with such a contract in contracts.csv");
    }
}

ShockEffect read_repatriation(const EntryReader& entry, const ShockContext& /*context*/) {
    const References& refs = entry.refs();
    entities::Repatriation move;
    move.icb = IcbId(entry.code("icb", refs.icbs));
    move.service_line = ServiceLineId(entry.code("service_line", refs.service_lines));
    move.from_provider = ProviderId(entry.code("from_provider", refs.providers));
    move.to_provider = ProviderId(entry.code("to_provider", refs.providers));
    if (move.to_provider == move.from_provider) {
        entry.fail("to_provider", "the same provider as from_provider; valid: another provider");
    }
    move.share_bp = entry.percent_bp("share_pct", k_share_range);
    require_receiving_contract(entry, move);
    return move;
}

ShockEffect read_payment_cut(const EntryReader& entry, const ShockContext& /*context*/) {
    entities::PaymentCut cut;
    cut.payer = entry.payer("payer");
    cut.provider = optional_id<ProviderId>(entry, "provider", entry.refs().providers);
    cut.cut_bp = entry.percent_bp("cut_pct", k_share_range);
    return cut;
}

ShockEffect read_activity_shift(const EntryReader& entry, const ShockContext& /*context*/) {
    const References& refs = entry.refs();
    entities::ActivityShift shift;
    shift.icb = optional_id<IcbId>(entry, "icb", refs.icbs);
    shift.provider = optional_id<ProviderId>(entry, "provider", refs.providers);
    shift.service_line = optional_id<ServiceLineId>(entry, "service_line", refs.service_lines);
    shift.factor_bp = entry.percent_bp("factor_pct", k_factor_range);
    return shift;
}

ShockEffect read_price_change(const EntryReader& entry, const ShockContext& /*context*/) {
    entities::PriceChange change;
    change.service_line = ServiceLineId(entry.code("service_line", entry.refs().service_lines));
    change.change_bp = entry.percent_bp("change_pct", k_growth_range);
    return change;
}

ShockEffect read_cost_shock(const EntryReader& entry, const ShockContext& /*context*/) {
    const References& refs = entry.refs();
    entities::CostShock shock;
    shock.provider = ProviderId(entry.code("provider", refs.providers));
    shock.service_line = optional_id<ServiceLineId>(entry, "service_line", refs.service_lines);
    shock.change_bp = entry.percent_bp("change_pct", k_growth_range);
    return shock;
}

ShockEffect read_delegation_change(const EntryReader& entry, const ShockContext& context) {
    const References& refs = entry.refs();
    entities::DelegationChange change;
    change.icb = optional_id<IcbId>(entry, "icb", refs.icbs);
    change.region = optional_id<entities::RegionId>(entry, "region", refs.regions);
    if (change.icb.has_value() == change.region.has_value()) {
        entry.fail(change.icb ? "region" : "icb",
                   std::string(change.icb ? "given with icb" : "neither icb nor region is given") +
                       "; valid: exactly one of icb (an ICB code) and region (a region code)");
    }
    change.status = entry.choice("status", k_delegation_choices);
    require_year_start(entry, context, "delegation_change");
    return change;
}

// The arrangement's index among the [[lead_icb]] entries.
std::size_t find_arrangement(const EntryReader& entry,
                             const std::vector<LeadArrangement>& arrangements) {
    const std::string_view code = entry.string("arrangement");
    std::vector<std::string_view> codes;
    for (std::size_t i = 0; i < arrangements.size(); ++i) {
        if (arrangements[i].code == code) {
            return i;
        }
        codes.push_back(arrangements[i].code);
    }
    entry.fail("arrangement", "unknown lead_icb code " + in_quotes(code) +
                                  "; valid: the code of a [[lead_icb]] entry" +
                                  (codes.empty() ? std::string(", of which there are none")
                                                 : " (" + join(codes, ", ") + ")"));
}

ShockEffect read_dispute(const EntryReader& entry, const ShockContext& context) {
    const References& refs = entry.refs();
    entities::Dispute dispute;
    dispute.arrangement = find_arrangement(entry, context.arrangements);
    const LeadArrangement& arrangement = context.arrangements[dispute.arrangement];
    dispute.participant = IcbId(entry.code("participant", refs.icbs));
    const auto& participants = arrangement.participants;
    const bool listed = std::find(participants.begin(), participants.end(), dispute.participant) !=
                        participants.end();
    if (!listed || dispute.participant == arrangement.host) {
        std::vector<std::string_view> others;
        for (const IcbId icb : participants) {
            if (icb != arrangement.host) {
                others.push_back(refs.scenario.icbs[icb.index()].code);
            }
        }
        entry.fail("participant", "ICB " + refs.scenario.icbs[dispute.participant.index()].code +
                                      (listed ? " is the host of " : " is not a participant of ") +
                                      in_quotes(arrangement.code) +
                                      "; valid: a participant other than the host (" +
                                      join(others, ", ") + ")");
    }
    dispute.withheld_bp = entry.percent_bp("withheld_pct", k_share_range);
    dispute.settled = entry.month(entry.required("settled"), "settled");
    if (dispute.settled < context.start) {
        entry.fail("settled", dispute.settled.label() + " is before the start " +
                                  context.start.label() + "; valid: a month from the start on");
    }
    return dispute;
}

ShockEffect read_payment_basis_change(const EntryReader& entry, const ShockContext& context) {
    const References& refs = entry.refs();
    entities::PaymentBasisChange change;
    change.service_line = ServiceLineId(entry.code("service_line", refs.service_lines));
    change.to_kind = entry.choice("to_kind", k_contract_kind_choices);
    if (entry.optional("payer") != nullptr) {
        change.payer = entry.payer("payer");
    }
    change.provider = optional_id<ProviderId>(entry, "provider", refs.providers);
    require_year_start(entry, context, "payment_basis_change");
    return change;
}

ShockEffect read_upstream_investment(const EntryReader& entry, const ShockContext& /*context*/) {
    const References& refs = entry.refs();
    entities::UpstreamInvestment investment;
    investment.icb = IcbId(entry.code("icb", refs.icbs));
    investment.monthly = entry.pounds(entry.required("monthly_pounds"), "monthly_pounds");
    investment.service_line = ServiceLineId(entry.code("service_line", refs.service_lines));
    investment.lag_months = static_cast<std::int32_t>(
        entry.whole(entry.required("lag_months"), "lag_months", 0, k_months_max));
    investment.reduction_bp = entry.percent_bp("reduction_pct", k_share_range);
    return investment;
}

// A kind of shock: its name in the file, the keys it takes besides the common ones, and its
// reader.
struct ShockKind {
    std::string_view name;
    std::vector<std::string_view> keys;
    ShockEffect (*read)(const EntryReader&, const ShockContext&);
};

const std::array<ShockKind, 9>& shock_kinds() {
    static const std::array<ShockKind, 9> kinds{{
        {"repatriation",
         {"icb", "service_line", "from_provider", "to_provider", "share_pct"},
         read_repatriation},
        {"payment_cut", {"payer", "provider", "cut_pct"}, read_payment_cut},
        {"activity_shift", {"icb", "provider", "service_line", "factor_pct"}, read_activity_shift},
        {"price_change", {"service_line", "change_pct"}, read_price_change},
        {"cost_shock", {"provider", "service_line", "change_pct"}, read_cost_shock},
        {"delegation_change", {"icb", "region", "status"}, read_delegation_change},
        {"dispute", {"arrangement", "participant", "withheld_pct", "settled"}, read_dispute},
        {"payment_basis_change",
         {"service_line", "to_kind", "payer", "provider"},
         read_payment_basis_change},
        {"upstream_investment",
         {"icb", "monthly_pounds", "service_line", "lag_months", "reduction_pct"},
         read_upstream_investment},
    }};
    return kinds;
}

const ShockKind& read_kind(const EntryReader& entry) {
    const std::string_view name = entry.string("kind");
    std::vector<std::string_view> names;
    for (const ShockKind& kind : shock_kinds()) {
        if (kind.name == name) {
            return kind;
        }
        names.push_back(kind.name);
    }
    entry.fail("kind", in_quotes(name) + " is not a kind of shock; valid: " + join(names, ", "));
}

// The code, given or "<kind>-<n>"; either way not that of an earlier shock.
std::string read_shock_code(const EntryReader& entry, const ShockKind& kind, std::size_t number,
                            const std::vector<Shock>& earlier) {
    std::string code = std::string(kind.name) + "-" + std::to_string(number);
    if (entry.optional("code") != nullptr) {
        code = std::string(entry.string("code"));
        if (code.empty()) {
            entry.fail("code", "empty; valid: a short name, or no code (it is then " +
                                   std::string(kind.name) + "-" + std::to_string(number) + ")");
        }
    }
    const auto same = std::find_if(earlier.begin(), earlier.end(),
                                   [&code](const Shock& shock) { return shock.code == code; });
    if (same != earlier.end()) {
        entry.fail("code", "duplicate shock code " + in_quotes(code) + " (first on " +
                               line_text(same->source, entry.source()) +
                               "); valid: each code once");
    }
    return code;
}

Shock read_shock(const EntryReader& entry, std::size_t number, const std::vector<Shock>& earlier,
                 const std::vector<LeadArrangement>& arrangements) {
    const ShockKind& kind = read_kind(entry);
    std::vector<std::string_view> keys(k_common_keys.begin(), k_common_keys.end());
    keys.insert(keys.end(), kind.keys.begin(), kind.keys.end());
    entry.check_keys(keys);
    Shock shock;
    shock.source = entry.source();
    shock.key_sources = entry.key_sources();
    shock.code = read_shock_code(entry, kind, number, earlier);
    shock.start = entry.month(entry.required("start"), "start");
    if (const toml::node* ramp = entry.optional("ramp_months")) {
        shock.ramp_months =
            static_cast<std::int32_t>(entry.whole(*ramp, "ramp_months", 0, k_months_max));
    }
    if (const toml::node* end = entry.optional("end")) {
        shock.end = entry.month(*end, "end");
        if (*shock.end < shock.start) {
            entry.fail("end", shock.end->label() + " is before the start " + shock.start.label() +
                                  "; valid: a month from the start on (the end is included)");
        }
    }
    shock.effect =
        kind.read(entry, ShockContext{.arrangements = arrangements, .start = shock.start});
    return shock;
}

} // namespace

std::vector<Shock> read_shocks(const TomlReader& toml, const toml::table& root,
                               const References& refs,
                               const std::vector<LeadArrangement>& arrangements) {
    std::vector<Shock> shocks;
    const auto tables = root_entries(toml, root, k_array);
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const EntryReader entry(toml, refs, *tables[i], k_array, i + 1);
        shocks.push_back(read_shock(entry, i + 1, shocks, arrangements));
    }
    check_shock_conflicts(toml, refs, arrangements, tables, shocks);
    return shocks;
}

} // namespace specflow::scenarios::detail
