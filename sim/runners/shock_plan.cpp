#include "sim/runners/shock_plan.hpp"

#include "sim/rules/allocation/infeasible_policy.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <type_traits>
#include <variant>

namespace specflow::sim {

using entities::Money;

namespace {

// Named as the loader names a shock's keys ("shocks[2].start", its place among the scenario's
// shocks from 1), with its code in the message.
[[noreturn]] void refuse(const entities::Scenario& s, const entities::Shock& shock,
                         std::string_view field, const std::string& problem) {
    const auto place = static_cast<std::size_t>(&shock - s.shocks.data()) + 1;
    throw InfeasiblePolicy(fmt::format("shocks[{}].{}", place, field),
                           fmt::format("shock '{}': {}", shock.code, problem),
                           shock.source_of(field));
}

bool covers(const entities::Contract& contract, const entities::Flow& flow) {
    return contract.provider == flow.provider && contract.covers(flow.service_line) &&
           (contract.payer.is_nhse() || *contract.payer.icb == flow.icb);
}

} // namespace

void check_shocks_within_run(const entities::Scenario& s, int years) {
    const entities::FinancialMonth first{s.first_year, 1};
    const entities::FinancialMonth last{
        entities::FinancialYear(s.first_year.start_year() + years - 1), 12};
    const auto range = fmt::format("valid: {} to {} (this run's {} financial year{})",
                                   first.label(), last.label(), years, years == 1 ? "" : "s");
    for (const auto& shock : s.shocks) {
        if (shock.start < first || shock.start > last) {
            refuse(s, shock, "start",
                   fmt::format("{} is outside the run; {}", shock.start.label(), range));
        }
        if (const auto* dispute = std::get_if<entities::Dispute>(&shock.effect)) {
            if (dispute->settled < shock.start || dispute->settled > last) {
                refuse(s, shock, "settled",
                       fmt::format("{} is outside the run or before the dispute starts; {}",
                                   dispute->settled.label(), range));
            }
        }
    }
}

namespace {

// The ICBs a shock names.
std::vector<entities::IcbId> named_icbs(const entities::Shock& shock) {
    std::vector<entities::IcbId> icbs;
    const auto payer = [&icbs](const entities::Payer& p) {
        if (!p.is_nhse()) {
            icbs.push_back(*p.icb);
        }
    };
    std::visit(
        [&](const auto& effect) {
            using Effect = std::decay_t<decltype(effect)>;
            if constexpr (std::is_same_v<Effect, entities::Repatriation> ||
                          std::is_same_v<Effect, entities::UpstreamInvestment>) {
                icbs.push_back(effect.icb);
            } else if constexpr (std::is_same_v<Effect, entities::ActivityShift> ||
                                 std::is_same_v<Effect, entities::DelegationChange>) {
                if (effect.icb) {
                    icbs.push_back(*effect.icb);
                }
            } else if constexpr (std::is_same_v<Effect, entities::Dispute>) {
                icbs.push_back(effect.participant);
            } else if constexpr (std::is_same_v<Effect, entities::PaymentCut>) {
                payer(effect.payer);
            } else if constexpr (std::is_same_v<Effect, entities::PaymentBasisChange>) {
                if (effect.payer) {
                    payer(*effect.payer);
                }
            }
        },
        shock.effect);
    return icbs;
}

} // namespace

void check_shocks_within_icbs(const entities::Scenario& s, int years) {
    for (const auto& shock : s.shocks) {
        auto last = entities::FinancialMonth{
            entities::FinancialYear(s.first_year.start_year() + years - 1), 12};
        if (const auto* dispute = std::get_if<entities::Dispute>(&shock.effect)) {
            last = dispute->settled;
        } else if (shock.end && *shock.end < last) {
            last = *shock.end;
        }
        if (const auto* dispute = std::get_if<entities::Dispute>(&shock.effect)) {
            for (const auto& reconfiguration : s.reconfigurations) {
                if (shock.start.year < reconfiguration.year &&
                    reconfiguration.year <= dispute->settled.year) {
                    refuse(
                        s, shock, "settled",
                        fmt::format("{} is after the reconfiguration at the start of {}, "
                                    "which carries the arrangement's participants to new "
                                    "ICBs; valid: a settlement by {} M12",
                                    dispute->settled.label(), reconfiguration.year.label(),
                                    entities::FinancialYear(reconfiguration.year.start_year() - 1)
                                        .label()));
                }
            }
        }
        for (const auto icb : named_icbs(shock)) {
            const auto& named = s.icbs[icb.index()];
            for (auto year = shock.start.year; year <= last.year; year = year.next()) {
                if (!named.exists_in(year)) {
                    refuse(s, shock, "icb",
                           fmt::format("names ICB {}, which does not exist in {}{}; valid: an "
                                       "end before then, a shorter run (--years), or a shock "
                                       "for the ICBs it becomes",
                                       named.code, year.label(),
                                       named.until && *named.until <= year
                                           ? " (a reconfiguration ends it at the start of " +
                                                 named.until->label() + ")"
                                           : std::string()));
                }
            }
        }
    }
}

void check_shocks_match(const entities::Scenario& s) {
    const auto has_flows = [&](entities::IcbId icb) {
        return std::any_of(s.flows.begin(), s.flows.end(),
                           [&](const entities::Flow& f) { return f.icb == icb; });
    };
    const auto icb_name = [&](entities::IcbId i) { return s.icbs[i.index()].name; };
    const auto provider_name = [&](entities::ProviderId p) { return s.providers[p.index()].name; };
    const auto line_name = [&](entities::ServiceLineId l) {
        return s.service_lines[l.index()].name;
    };
    for (const auto& shock : s.shocks) {
        if (const auto* shift = std::get_if<entities::ActivityShift>(&shock.effect)) {
            // An ICB a reconfiguration forms has no flows in the first FY: its own come with it.
            if (shift->icb && !has_flows(*shift->icb)) {
                continue;
            }
            const bool matches =
                std::any_of(s.flows.begin(), s.flows.end(), [&](const entities::Flow& f) {
                    return (!shift->icb || f.icb == *shift->icb) &&
                           (!shift->provider || f.provider == *shift->provider) &&
                           (!shift->service_line || f.service_line == *shift->service_line);
                });
            if (!matches) {
                std::string what = "no flow";
                if (shift->icb) {
                    what += " of " + icb_name(*shift->icb) + "'s patients";
                }
                if (shift->provider) {
                    what += " at " + provider_name(*shift->provider);
                }
                if (shift->service_line) {
                    what += " for " + line_name(*shift->service_line);
                }
                refuse(s, shock,
                       shift->service_line ? "service_line"
                       : shift->provider   ? "provider"
                                           : "icb",
                       what + " is in flows.csv, so it would shift nothing; valid: an ICB, "
                              "provider and line (any may be left out) that some flow has");
            }
        } else if (const auto* cut = std::get_if<entities::PaymentCut>(&shock.effect)) {
            if (cut->payer.icb && !has_flows(*cut->payer.icb)) {
                continue;
            }
            const bool matches = std::any_of(
                s.contracts.begin(), s.contracts.end(), [&](const entities::Contract& c) {
                    return c.payer == cut->payer &&
                           (!cut->provider || c.provider == *cut->provider);
                });
            if (!matches) {
                const auto payer = cut->payer.icb ? icb_name(*cut->payer.icb) : "NHS England";
                refuse(s, shock, cut->provider ? "provider" : "payer",
                       fmt::format("{} has no contract{}, so there is nothing to cut; valid: a "
                                   "payer and provider with a contract in contracts.csv",
                                   payer,
                                   cut->provider ? " with " + provider_name(*cut->provider)
                                                 : std::string()));
            }
        } else if (const auto* cost = std::get_if<entities::CostShock>(&shock.effect)) {
            const bool matches =
                std::any_of(s.costs.begin(), s.costs.end(), [&](const entities::ProviderCost& c) {
                    return c.provider == cost->provider &&
                           (!cost->service_line || c.service_line == *cost->service_line);
                });
            if (!matches) {
                refuse(s, shock, cost->service_line ? "service_line" : "provider",
                       fmt::format("{} has no costs row{}, so it has no cost to change; valid: "
                                   "a provider (and line) with a row in costs.csv",
                                   provider_name(cost->provider),
                                   cost->service_line ? " for " + line_name(*cost->service_line)
                                                      : std::string()));
            }
        }
    }
}

void add_repatriation_flows(entities::Scenario& s) {
    for (const auto& shock : s.shocks) {
        const auto* move = std::get_if<entities::Repatriation>(&shock.effect);
        if (move == nullptr) {
            continue;
        }
        const auto has_flow = [&](entities::ProviderId provider) {
            return std::any_of(s.flows.begin(), s.flows.end(), [&](const entities::Flow& f) {
                return f.icb == move->icb && f.provider == provider &&
                       f.service_line == move->service_line;
            });
        };
        if (!has_flow(move->from_provider)) {
            refuse(s, shock, "from_provider",
                   fmt::format("{} has no flow to {} for {}, so there is nothing to move; valid: a "
                               "provider in flows.csv for this ICB and line",
                               s.icbs[move->icb.index()].name,
                               s.providers[move->from_provider.index()].name,
                               s.service_lines[move->service_line.index()].name));
        }
        const bool exists = has_flow(move->to_provider);
        if (exists) {
            continue;
        }
        entities::Flow flow{entities::FlowId(static_cast<std::uint32_t>(s.flows.size())),
                            move->icb,
                            move->to_provider,
                            move->service_line,
                            0,
                            {}};
        const auto contract =
            std::find_if(s.contracts.begin(), s.contracts.end(),
                         [&](const entities::Contract& c) { return covers(c, flow); });
        if (contract == s.contracts.end()) {
            refuse(s, shock, "to_provider",
                   fmt::format("no contract of {} with {} covers {}; valid: a provider that one of "
                               "the ICB's contracts covers for the line",
                               s.icbs[move->icb.index()].name,
                               s.providers[move->to_provider.index()].name,
                               s.service_lines[move->service_line.index()].name));
        }
        const auto offered =
            std::any_of(s.costs.begin(), s.costs.end(), [&](const entities::ProviderCost& c) {
                return c.provider == move->to_provider && c.service_line == move->service_line;
            });
        if (!offered) {
            refuse(s, shock, "to_provider",
                   fmt::format(
                       "{} has no costs row for {}, so it does not offer it; valid: a provider "
                       "with a costs.csv row for the line",
                       s.providers[move->to_provider.index()].name,
                       s.service_lines[move->service_line.index()].name));
        }
        flow.contract = contract->id;
        s.flows.push_back(flow);
    }
}

void apply_delegation_changes(entities::Scenario& s) {
    for (const auto& shock : s.shocks) {
        const auto* change = std::get_if<entities::DelegationChange>(&shock.effect);
        if (change == nullptr || shock.start.year != s.first_year) {
            continue;
        }
        for (auto& icb : s.icbs) {
            if ((change->icb && *change->icb == icb.id) ||
                (change->region && *change->region == icb.region)) {
                icb.delegation = change->status;
            }
        }
    }
}

namespace {

// Moves one contract's flows of a line to a contract of the new kind.
void move_line(entities::Scenario& s, std::size_t c, const entities::PaymentBasisChange& change) {
    const auto line = change.service_line;
    Money moved_value;
    std::vector<std::size_t> moved;
    bool only_line = true;
    for (std::size_t f = 0; f < s.flows.size(); ++f) {
        if (s.flows[f].contract.index() != c) {
            continue;
        }
        if (s.flows[f].service_line == line) {
            moved.push_back(f);
            moved_value += s.service_lines[line.index()].unit_price.scale(
                s.flows[f].cases_per_year_milli, 1000, entities::Rounding::nearest_even);
        } else {
            only_line = false;
        }
    }
    if (moved.empty()) {
        return;
    }
    auto& old = s.contracts[c];
    const bool fixed = change.to_kind != entities::ContractKind::activity;
    if (only_line) {
        old.annual_value = !fixed                                         ? Money{}
                           : old.kind == entities::ContractKind::activity ? moved_value
                                                                          : old.annual_value;
        old.kind = change.to_kind;
        return;
    }
    entities::Contract added = old;
    added.id = entities::ContractId(static_cast<std::uint32_t>(s.contracts.size()));
    added.code = old.code + "/" + s.service_lines[line.index()].code;
    added.kind = change.to_kind;
    added.service_lines = {line};
    added.annual_value = fixed ? moved_value : Money{};
    if (old.service_lines.empty()) {
        for (const auto& cost : s.costs) {
            if (cost.provider == old.provider && cost.service_line != line) {
                old.service_lines.push_back(cost.service_line);
            }
        }
    } else {
        std::erase(old.service_lines, line);
    }
    if (old.kind != entities::ContractKind::activity) {
        old.annual_value = std::max(Money{}, old.annual_value - moved_value);
    }
    for (const auto f : moved) {
        s.flows[f].contract = added.id;
    }
    s.contracts.push_back(std::move(added));
}

} // namespace

void apply_payment_basis_changes(entities::Scenario& s) {
    for (const auto& shock : s.shocks) {
        const auto* change = std::get_if<entities::PaymentBasisChange>(&shock.effect);
        if (change == nullptr || shock.start.year != s.first_year) {
            continue;
        }
        const auto contracts = s.contracts.size();
        for (std::size_t c = 0; c < contracts; ++c) {
            const auto& contract = s.contracts[c];
            if (contract.kind != change->to_kind &&
                contract.kind != entities::ContractKind::drugs &&
                contract.covers(change->service_line) &&
                (!change->payer || *change->payer == contract.payer) &&
                (!change->provider || *change->provider == contract.provider)) {
                move_line(s, c, *change);
            }
        }
    }
}

} // namespace specflow::sim
