#pragma once

#include "entities/region.hpp"
#include "scenarios/code_index.hpp"

#include <filesystem>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// regions.csv (docs/scenario-format.md): at least one region, codes once each.
[[nodiscard]] CodedRows<entities::Region> read_regions(const std::filesystem::path& file);

} // namespace specflow::scenarios::detail
