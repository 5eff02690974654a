#pragma once

#include <optional>
#include <string_view>

namespace specflow::sim {

// The widest vector registers the kernels may use (the counts' lanes, the P(0)s, Philox's
// uniforms), in order.
enum class VectorWidth { none, avx2, avx512 };

// The environment variable that caps the width: "avx2" or "none" (or "avx512", no cap). Unset,
// the kernels use the widest registers the processor has.
//
// Why: every kernel gives the same bits whichever registers it runs in, and a processor runs only
// the widest it has, so on its own a machine with AVX-512 never runs the AVX2 code, nor any
// machine the plain code. The tests run the pinned digests of every scenario under each cap, so
// that every machine checks all the code its processor can run.
inline constexpr const char* k_vector_limit_variable = "SPECFLOW_VECTORS";

// The width named by a value of SPECFLOW_VECTORS, or nothing for any other value.
[[nodiscard]] std::optional<VectorWidth> vector_width_named(std::string_view name) noexcept;

// The cap SPECFLOW_VECTORS sets, read once: VectorWidth::avx512 (no cap) when it is unset or
// names no width (the command line refuses such a value before any kernel runs).
[[nodiscard]] VectorWidth vector_limit() noexcept;

} // namespace specflow::sim
