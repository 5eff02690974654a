#pragma once

#include "entities/ids.hpp"

#include <string>
#include <string_view>

namespace specflow::entities {

enum class ProviderKind { specialist, acute };

[[nodiscard]] std::string_view to_string(ProviderKind kind);

// An NHS trust, hosted in one ICB's area (its home ICB).
struct Provider {
    ProviderId id;
    std::string code;
    std::string name;
    IcbId home_icb;
    ProviderKind kind = ProviderKind::acute;
};

} // namespace specflow::entities
