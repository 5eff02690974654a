#pragma once

#include "entities/ids.hpp"

#include <string>

namespace specflow::entities {

// One of NHS England's seven regions.
struct Region {
    RegionId id;
    std::string code; // "Y61"
    std::string name; // "East of England"
};

} // namespace specflow::entities
