#pragma once

#include "entities/service_line.hpp"
#include "scenarios/code_index.hpp"

#include <filesystem>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// service_lines.csv (docs/scenario-format.md): codes once each, a portfolio category and a
// unit price; optionally the line's demand trend, how its activity varies (empty cells keep
// `variation`, the scenario's [activity] values) and its monthly profile.
[[nodiscard]] CodedRows<entities::ServiceLine>
read_service_lines(const std::filesystem::path& file, const entities::ActivityVariation& variation);

} // namespace specflow::scenarios::detail
