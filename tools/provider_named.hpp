#pragma once

#include "entities/scenario.hpp"

#include <string>

namespace specflow::tools {

// The provider a command-line text names: its code or full name in any case; else the one
// provider whose code or name contains the text (any case), so that "christie" finds The
// Christie NHS Foundation Trust. Throws OptionError (field `option`) listing the candidates when
// the text fits several, or the specialist providers when it fits none.
[[nodiscard]] entities::ProviderId provider_named(const entities::Scenario& s,
                                                  const std::string& wanted,
                                                  const std::string& option = "--provider");

} // namespace specflow::tools
