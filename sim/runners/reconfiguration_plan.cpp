#include "sim/runners/reconfiguration_plan.hpp"

#include "sim/rules/allocation/infeasible_policy.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <tuple>

namespace specflow::sim {

using entities::ContractId;
using entities::ContractKind;
using entities::IcbId;
using entities::Money;
using rules::MappingShare;

namespace {

using Terms = std::tuple<std::uint32_t, std::uint32_t, ContractKind, std::int32_t, std::int32_t>;

// The terms on which a new ICB's parts of old contracts with one provider are one contract:
// the kind, and for API the rates above and below plan (which other kinds do not use).
Terms terms_of(const entities::Contract& contract, IcbId payer) {
    const bool api = contract.kind == ContractKind::api;
    return {payer.value(), contract.provider.value(), contract.kind,
            api ? contract.api_rate_above_bp : 0, api ? contract.api_rate_below_bp : 0};
}

// The record of what one mapping row moves.
IcbPart& part_of(YearCarry& carry, const MappingShare& share) {
    for (auto& part : carry.moved) {
        if (part.from.index() == share.from && part.to.index() == share.to) {
            return part;
        }
    }
    throw std::logic_error("reconfigure: a part outside the mapping");
}

bool continues(const YearCarry& carry, std::size_t icb) {
    const auto& parts = carry.icbs[icb];
    return std::any_of(parts.begin(), parts.end(),
                       [icb](const MappingShare& part) { return part.to == icb; });
}

std::string new_contract_code(const entities::Scenario& s, IcbId payer,
                              const entities::Contract& like) {
    const auto taken = [&s](const std::string& code) {
        return std::any_of(s.contracts.begin(), s.contracts.end(),
                           [&](const entities::Contract& c) { return c.code == code; });
    };
    std::string code =
        "C-" + s.icbs[payer.index()].code + "-" + s.providers[like.provider.index()].code;
    if (taken(code)) {
        code += "-" + std::string(to_string(like.kind));
    }
    while (taken(code)) {
        code += "~";
    }
    return code;
}

// Contracts: where each part of an ICB-paid contract goes, their values split and added, and
// the contracts of ICBs that end ended. Returns, per old contract, its target per new ICB.
std::vector<std::map<std::size_t, std::size_t>> carry_contract_values(entities::Scenario& s,
                                                                      YearCarry& carry) {
    const std::size_t old_count = s.contracts.size();
    carry.contracts.assign(old_count, {});
    std::map<Terms, std::size_t> target_of;
    // A continuing ICB's own contracts take what other ICBs bring on the same terms.
    for (std::size_t c = 0; c < old_count; ++c) {
        const auto& contract = s.contracts[c];
        if (!contract.ended && !contract.payer.is_nhse() &&
            continues(carry, contract.payer.icb->index())) {
            target_of.try_emplace(terms_of(contract, *contract.payer.icb), c);
        }
    }
    std::vector<std::map<std::size_t, std::size_t>> targets(old_count);
    for (std::size_t c = 0; c < old_count; ++c) {
        if (s.contracts[c].ended || s.contracts[c].payer.is_nhse()) {
            continue;
        }
        const auto payer = *s.contracts[c].payer.icb;
        const auto& icb_parts = carry.icb_parts(payer);
        for (const auto& part : icb_parts) {
            std::size_t target = c;
            if (part.to != payer.index()) {
                const IcbId to(static_cast<std::uint32_t>(part.to));
                const auto key = terms_of(s.contracts[c], to);
                const auto found = target_of.find(key);
                if (found != target_of.end()) {
                    target = found->second;
                } else {
                    entities::Contract added = s.contracts[c];
                    added.id = ContractId(static_cast<std::uint32_t>(s.contracts.size()));
                    added.code = new_contract_code(s, to, s.contracts[c]);
                    added.payer = entities::Payer{to};
                    added.annual_value = Money{};
                    added.service_lines.clear();
                    target = s.contracts.size();
                    target_of.emplace(key, target);
                    s.contracts.push_back(std::move(added));
                }
            }
            targets[c][part.to] = target;
            carry.contracts[c].push_back({c, target, part.share_micro});
        }
    }
    carry.contract_count = s.contracts.size();
    // Values and lines of the contracts that receive parts: the parts' sum, the lines' union.
    std::vector<Money> value(s.contracts.size());
    std::vector<bool> receives(s.contracts.size(), false);
    std::vector<bool> every_line(s.contracts.size(), false);
    std::vector<std::vector<entities::ServiceLineId>> lines(s.contracts.size());
    for (std::size_t c = 0; c < old_count; ++c) {
        lines[c] = s.contracts[c].service_lines; // a contract that continues keeps its order
    }
    for (std::size_t c = 0; c < old_count; ++c) {
        const auto& parts = carry.contracts[c];
        if (parts.empty()) {
            continue;
        }
        const auto pieces = rules::split_by_shares(s.contracts[c].annual_value, parts);
        const auto& icb_parts = carry.icbs[s.contracts[c].payer.icb->index()];
        for (std::size_t k = 0; k < parts.size(); ++k) {
            const auto t = parts[k].to;
            value[t] += pieces[k];
            part_of(carry, icb_parts[k]).contract_value += pieces[k];
            receives[t] = true;
            every_line[t] = every_line[t] || s.contracts[c].service_lines.empty();
            for (const auto line : s.contracts[c].service_lines) {
                if (std::find(lines[t].begin(), lines[t].end(), line) == lines[t].end()) {
                    lines[t].push_back(line);
                }
            }
        }
        if (std::none_of(parts.begin(), parts.end(),
                         [c](const MappingShare& part) { return part.to == c; })) {
            s.contracts[c].ended = true;
            s.contracts[c].annual_value = Money{};
        }
    }
    for (std::size_t t = 0; t < s.contracts.size(); ++t) {
        if (receives[t]) {
            auto& contract = s.contracts[t];
            contract.annual_value = value[t];
            contract.service_lines =
                every_line[t] ? std::vector<entities::ServiceLineId>{} : std::move(lines[t]);
        }
    }
    return targets;
}

// Flows: each split among its ICB's parts (to the thousandth of a case, largest remainder), paid
// by its contract's target for that ICB (NHS England's stays); flows of one new ICB with the
// same provider, line and contract merge, where the first of them was.
void carry_flows(entities::Scenario& s, YearCarry& carry,
                 const std::vector<std::map<std::size_t, std::size_t>>& targets) {
    std::vector<entities::Flow> flows;
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>, std::size_t>
        merged;
    for (const auto& flow : s.flows) {
        const auto& parts = carry.icb_parts(flow.icb);
        const auto pieces = rules::split_by_shares(flow.cases_per_year_milli, parts);
        const auto c = flow.contract.index();
        for (std::size_t k = 0; k < parts.size(); ++k) {
            part_of(carry, parts[k]).cases_milli += pieces[k];
            entities::Flow part = flow;
            part.icb = IcbId(static_cast<std::uint32_t>(parts[k].to));
            part.cases_per_year_milli = pieces[k];
            if (!s.contracts[c].payer.is_nhse()) {
                part.contract = ContractId(static_cast<std::uint32_t>(targets[c].at(parts[k].to)));
            }
            const auto key = std::tuple(part.icb.value(), part.provider.value(),
                                        part.service_line.value(), part.contract.value());
            if (const auto found = merged.find(key); found != merged.end()) {
                flows[found->second].cases_per_year_milli += part.cases_per_year_milli;
            } else {
                merged.emplace(key, flows.size());
                flows.push_back(part);
            }
        }
    }
    for (std::size_t f = 0; f < flows.size(); ++f) {
        flows[f].id = entities::FlowId(static_cast<std::uint32_t>(f));
    }
    s.flows = std::move(flows);
}

// The ICBs a list of ICBs maps to, each once, in the order they first appear.
std::vector<IcbId> mapped(const YearCarry& carry, const std::vector<IcbId>& icbs) {
    std::vector<IcbId> out;
    for (const auto icb : icbs) {
        for (const auto& part : carry.icb_parts(icb)) {
            const IcbId to(static_cast<std::uint32_t>(part.to));
            if (std::find(out.begin(), out.end(), to) == out.end()) {
                out.push_back(to);
            }
        }
    }
    return out;
}

void carry_arrangements(entities::Scenario& s, const YearCarry& carry,
                        const entities::Reconfiguration& r) {
    for (auto& arrangement : s.lead_arrangements) {
        const auto& host_parts = carry.icb_parts(arrangement.host);
        arrangement.host =
            IcbId(static_cast<std::uint32_t>(host_parts[rules::largest_share(host_parts)].to));
        arrangement.participants = mapped(carry, arrangement.participants);
    }
    for (std::size_t a = 0; a < s.lead_arrangements.size(); ++a) {
        for (std::size_t b = 0; b < a; ++b) {
            const auto& one = s.lead_arrangements[b];
            const auto& two = s.lead_arrangements[a];
            for (const auto icb : two.participants) {
                const bool both = std::find(one.participants.begin(), one.participants.end(),
                                            icb) != one.participants.end();
                const bool shared =
                    std::any_of(two.providers.begin(), two.providers.end(), [&](auto p) {
                        return std::find(one.providers.begin(), one.providers.end(), p) !=
                               one.providers.end();
                    });
                if (both && shared) {
                    throw InfeasiblePolicy(
                        "reconfiguration",
                        fmt::format("from {}, ICB {} would be a participant of lead-ICB "
                                    "arrangements '{}' and '{}', which share a provider; valid: "
                                    "arrangements whose ICBs map to different new ICBs",
                                    r.year.label(), s.icbs[icb.index()].code, one.code, two.code),
                        r.source);
                }
            }
        }
    }
}

void carry_pools(entities::Scenario& s, const YearCarry& carry,
                 const entities::Reconfiguration& r) {
    std::map<std::uint32_t, std::string> pool_of;
    for (auto& pool : s.risk_pools) {
        pool.members = mapped(carry, pool.members);
        for (const auto icb : pool.members) {
            const auto [it, added] = pool_of.emplace(icb.value(), pool.code);
            if (!added) {
                throw InfeasiblePolicy(
                    "reconfiguration",
                    fmt::format("from {}, ICB {} would be a member of risk pools '{}' and '{}'; "
                                "valid: pools whose members map to different new ICBs",
                                r.year.label(), s.icbs[icb.index()].code, it->second, pool.code),
                    r.source);
            }
        }
    }
}

} // namespace

std::vector<ContractState> carry_contracts(const YearCarry& carry,
                                           std::vector<ContractState> before) {
    if (before.size() != carry.contracts.size()) {
        throw std::logic_error("carry_contracts: one state per contract of the year before");
    }
    // Which contracts receive parts: they start afresh; any other keeps its state, moved in once
    // every part has been read.
    const std::vector<bool> receives = carry.receiving();
    std::vector<ContractState> after(carry.contract_count);
    std::vector<std::optional<Money>> largest(carry.contract_count);
    std::vector<Money> pieces; // by year, then part
    for (std::size_t c = 0; c < before.size(); ++c) {
        const auto& parts = carry.contracts[c];
        if (parts.empty()) {
            continue;
        }
        const auto& history = before[c].history;
        pieces.resize(history.size() * parts.size());
        for (std::size_t y = 0; y < history.size(); ++y) {
            rules::split_by_shares_into(history[y], parts,
                                        std::span(pieces).subspan(y * parts.size(), parts.size()));
        }
        for (std::size_t k = 0; k < parts.size(); ++k) {
            const auto t = parts[k].to;
            auto& into = after[t];
            if (into.history.size() < history.size()) {
                into.history.insert(into.history.begin(), history.size() - into.history.size(),
                                    Money{});
            }
            // Aligned on the latest FY.
            const std::size_t offset = into.history.size() - history.size();
            for (std::size_t y = 0; y < history.size(); ++y) {
                into.history[offset + y] += pieces[y * parts.size() + k];
            }
            // The kind of the largest part by last FY's value, the first of equal ones.
            const Money last =
                history.empty() ? Money{} : pieces[(history.size() - 1) * parts.size() + k];
            if (!largest[t] || last > *largest[t]) {
                largest[t] = last;
                into.kind = before[c].kind;
            }
        }
    }
    for (std::size_t c = 0; c < std::min(before.size(), after.size()); ++c) {
        if (!receives[c]) {
            after[c] = std::move(before[c]);
        }
    }
    return after;
}

YearCarry reconfigure(entities::Scenario& s, const entities::Reconfiguration& r) {
    YearCarry carry;
    carry.year = r.year;
    carry.icbs.assign(s.icbs.size(), {});
    for (const auto& share : r.shares) {
        carry.icbs[share.from.index()].push_back(
            {share.from.index(), share.to.index(), share.share_micro});
        carry.moved.push_back({share.from, share.to, share.share_micro, Money{}, 0});
    }
    const auto targets = carry_contract_values(s, carry);
    carry_flows(s, carry, targets);
    carry_arrangements(s, carry, r);
    carry_pools(s, carry, r);
    return carry;
}

} // namespace specflow::sim
