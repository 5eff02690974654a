// Tests of SPECFLOW_VECTORS's values (vector_limit.hpp). That every kernel gives the same bits
// under each cap is tested by the pinned digests run under each (tests/tools/CMakeLists.txt).

#include "sim/kernel/vector_intrinsics.hpp"
#include "sim/kernel/vector_limit.hpp"

#include <cstdlib>
#include <doctest/doctest.h>

namespace {

using specflow::sim::VectorWidth;

TEST_CASE("vector_width_named: the three widths by their exact names, and nothing else") {
    CHECK(specflow::sim::vector_width_named("avx512") == VectorWidth::avx512);
    CHECK(specflow::sim::vector_width_named("avx2") == VectorWidth::avx2);
    CHECK(specflow::sim::vector_width_named("none") == VectorWidth::none);
    for (const char* other : {"", "AVX2", "avx", "avx3", "avx2 ", "sse2", "0"}) {
        CAPTURE(other);
        CHECK_FALSE(specflow::sim::vector_width_named(other).has_value());
    }
}

TEST_CASE("vector_limit: the cap the environment sets, and the kernels' choice within it") {
    const char* value = std::getenv(specflow::sim::k_vector_limit_variable);
    const VectorWidth expected =
        value == nullptr ? VectorWidth::avx512
                         : specflow::sim::vector_width_named(value).value_or(VectorWidth::avx512);
    CHECK(specflow::sim::vector_limit() == expected);
    // Within the cap, the processor's own: AVX-512 only where AVX2 is taken too.
    CHECK((specflow::sim::has_avx2() || !specflow::sim::has_avx512_dq()));
    if (expected == VectorWidth::none) {
        CHECK_FALSE(specflow::sim::has_avx2());
    }
    if (expected != VectorWidth::avx512) {
        CHECK_FALSE(specflow::sim::has_avx512_dq());
    }
}

} // namespace
