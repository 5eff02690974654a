#include "sim/kernel/vector_limit.hpp"

#include <cstdlib>

namespace specflow::sim {

std::optional<VectorWidth> vector_width_named(std::string_view name) noexcept {
    if (name == "avx512") {
        return VectorWidth::avx512;
    }
    if (name == "avx2") {
        return VectorWidth::avx2;
    }
    if (name == "none") {
        return VectorWidth::none;
    }
    return std::nullopt;
}

VectorWidth vector_limit() noexcept {
    static const VectorWidth limit = [] {
        const char* value = std::getenv(k_vector_limit_variable);
        return value == nullptr ? VectorWidth::avx512
                                : vector_width_named(value).value_or(VectorWidth::avx512);
    }();
    return limit;
}

} // namespace specflow::sim
