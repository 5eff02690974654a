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

std::size_t provider_named(std::span<const entities::Provider> providers, const std::string& where,
                           const std::string& wanted, const std::string& option,
                           const std::vector<const entities::Provider*>& examples) {
    const auto text = lower(wanted);
    std::vector<std::size_t> partial;
    for (std::size_t i = 0; i < providers.size(); ++i) {
        const auto& provider = providers[i];
        if (lower(provider.code) == text || lower(provider.name) == text) {
            return i;
        }
        if (!text.empty() && (lower(provider.code).find(text) != std::string::npos ||
                              lower(provider.name).find(text) != std::string::npos)) {
            partial.push_back(i);
        }
    }
    if (partial.size() == 1) {
        return partial.front();
    }
    if (partial.size() > 1) {
        std::vector<const entities::Provider*> fits;
        for (const auto i : partial) {
            fits.push_back(&providers[i]);
        }
        throw OptionError(option, fmt::format("'{}' fits {} providers in {}: {}; valid: one of "
                                              "them, by its code or more of its name",
                                              wanted, partial.size(), where, listed(fits)));
    }
    throw OptionError(option, fmt::format("no provider '{}' in {}; valid: a provider's code, or "
                                          "its name or a part of it, e.g. {}",
                                          wanted, where, listed(examples)));
}

entities::ProviderId provider_named(const entities::Scenario& s, const std::string& wanted,
                                    const std::string& option) {
    std::vector<const entities::Provider*> specialists;
    for (const auto& p : s.providers) {
        if (p.kind == entities::ProviderKind::specialist) {
            specialists.push_back(&p);
        }
    }
    return s.providers[provider_named(s.providers, s.name, wanted, option, specialists)].id;
}

} // namespace specflow::tools
