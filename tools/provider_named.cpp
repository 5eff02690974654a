#include "tools/provider_named.hpp"

#include "tools/option_error.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <vector>

namespace specflow::tools {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string listed(const std::vector<const entities::Provider*>& providers) {
    std::string text;
    for (const auto* p : providers) {
        text += (text.empty() ? "" : "; ") + p->code + " " + p->name;
    }
    return text;
}

} // namespace

entities::ProviderId provider_named(const entities::Scenario& s, const std::string& wanted,
                                    const std::string& option) {
    const auto text = lower(wanted);
    std::vector<const entities::Provider*> partial;
    for (const auto& provider : s.providers) {
        if (lower(provider.code) == text || lower(provider.name) == text) {
            return provider.id;
        }
        if (!text.empty() && (lower(provider.code).find(text) != std::string::npos ||
                              lower(provider.name).find(text) != std::string::npos)) {
            partial.push_back(&provider);
        }
    }
    if (partial.size() == 1) {
        return partial.front()->id;
    }
    if (partial.size() > 1) {
        throw OptionError(option, fmt::format("'{}' fits {} providers in {}: {}; valid: one of "
                                              "them, by its code or more of its name",
                                              wanted, partial.size(), s.name, listed(partial)));
    }
    std::vector<const entities::Provider*> specialists;
    for (const auto& p : s.providers) {
        if (p.kind == entities::ProviderKind::specialist) {
            specialists.push_back(&p);
        }
    }
    throw OptionError(option, fmt::format("no provider '{}' in {}; valid: a provider's code, or "
                                          "its name or a part of it, e.g. {}",
                                          wanted, s.name, listed(specialists)));
}

} // namespace specflow::tools
