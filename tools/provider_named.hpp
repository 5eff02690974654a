#pragma once

#include "entities/scenario.hpp"

#include <span>
#include <string>
#include <vector>

namespace specflow::tools {

// The provider a command-line text names: its code or full name in any case; else the one
// provider whose code or name contains the text (any case), so that "christie" finds The
// Christie NHS Foundation Trust. Throws OptionError (field `option`) listing the candidates when
// the text fits several, or the specialist providers when it fits none.
[[nodiscard]] entities::ProviderId provider_named(const entities::Scenario& s,
                                                  const std::string& wanted,
                                                  const std::string& option = "--provider");

// The same among any list of providers (those of a stored run, say), found `where` ("run 3");
// `examples` are listed when the text fits none. Returns the provider's index in the list.
[[nodiscard]] std::size_t provider_named(std::span<const entities::Provider> providers,
                                         const std::string& where, const std::string& wanted,
                                         const std::string& option,
                                         const std::vector<const entities::Provider*>& examples);

} // namespace specflow::tools
