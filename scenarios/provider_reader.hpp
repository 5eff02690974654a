#pragma once

#include "entities/provider.hpp"
#include "scenarios/code_index.hpp"

#include <filesystem>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// providers.csv (docs/scenario-format.md): codes once each, home ICBs from icbs.csv.
[[nodiscard]] CodedRows<entities::Provider> read_providers(const std::filesystem::path& file,
                                                           const CodeIndex& icbs);

} // namespace specflow::scenarios::detail
