#include "sim/kernel/uniform_batch.hpp"

#include "sim/kernel/vector_intrinsics.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace specflow::sim {

namespace {

// Philox4x32's round multipliers and key increments (Random123's philox.h).
constexpr std::uint32_t k_multiplier_0 = 0xD2511F53u;
constexpr std::uint32_t k_multiplier_1 = 0xCD9E8D57u;
constexpr std::uint32_t k_key_bump_0 = 0x9E3779B9u;
constexpr std::uint32_t k_key_bump_1 = 0xBB67AE85u;
constexpr int k_rounds = 10;

// Whether the processor has AVX-512 with its DQ, BW and VL parts (x86-64-v4), and
// SPECFLOW_VECTORS does not cap the kernels below them.
bool has_avx512() noexcept {
    static const bool avx512 =
        __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512dq") != 0 &&
        __builtin_cpu_supports("avx512bw") != 0 && __builtin_cpu_supports("avx512vl") != 0 &&
        vector_limit() == VectorWidth::avx512;
    return avx512;
}

// The intrinsics' own "undefined" start values, inlined below, draw the same warning as their
// header does (vector_intrinsics.hpp).
#pragma GCC diagnostic push
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

// RandomStream::uniform of 64-bit words: (w >> 11) · 2⁻⁵³.
[[gnu::always_inline]] inline __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl"))) __m512d
to_double(__m512i words) {
    return _mm512_mul_pd(_mm512_cvtepu64_pd(_mm512_srli_epi64(words, 11)),
                         _mm512_set1_pd(0x1.0p-53));
}

// philox_uniforms' outputs from..to in AVX-512 registers, sixteen counters at a time (what the
// compiler made of the plain loop took about twice as long: 64-bit multiplies and shuffles).
// Returns where it stopped: the last to − from mod 16 are the plain loop's. The same words to
// the bit: each 32 × 32 → 64-bit product is taken for the even and the odd lanes apart
// (vpmuludq), its high and low halves put back in their lanes. Lane L holds output
// i + order[L], so that the words paired into 64 bits (unpacklo/unpackhi within each
// 128-bit block) come out as outputs i … i + 7 and i + 8 … i + 15 in order.
template <bool Pairs, bool Listed, bool Keyed>
__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl"))) std::size_t
philox_avx512(ReplicationLanes lanes, UniformBatch batch, const std::uint32_t* counters,
              const std::uint32_t* replications, std::size_t from, std::size_t to, double* first,
              double* second) noexcept {
    const __m512i order = _mm512_setr_epi32(0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15);
    const __m512i multiplier_0 = _mm512_set1_epi64(k_multiplier_0);
    const __m512i multiplier_1 = _mm512_set1_epi64(k_multiplier_1);
    const __m128i shift = _mm_cvtsi32_si128(static_cast<int>(lanes.lanes_log2));
    const __m512i lane_mask = _mm512_set1_epi32(static_cast<int>((1u << lanes.lanes_log2) - 1u));
    constexpr __mmask16 k_odd = 0xAAAA;
    std::size_t i = from;
    for (; i + 16 <= to; i += 16) {
        const __m512i index = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(i)), order);
        __m512i c0 =
            Listed ? _mm512_permutexvar_epi32(order, _mm512_loadu_si512(counters + (i - from)))
                   : _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(batch.first_flow)),
                                      _mm512_srl_epi32(index, shift));
        __m512i k1 =
            Keyed ? _mm512_permutexvar_epi32(order, _mm512_loadu_si512(replications + (i - from)))
                  : _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(lanes.first)),
                                     _mm512_and_si512(index, lane_mask));
        __m512i c1 = _mm512_set1_epi32(static_cast<int>(batch.month_index));
        __m512i c2 = _mm512_set1_epi32(static_cast<int>(batch.draw));
        __m512i c3 = _mm512_set1_epi32(static_cast<int>(batch.kind));
        __m512i k0 = _mm512_set1_epi32(static_cast<int>(lanes.seed));
#pragma GCC unroll 10
        for (int round = 0; round < k_rounds; ++round) {
            const __m512i even0 = _mm512_mul_epu32(c0, multiplier_0);
            const __m512i odd0 = _mm512_mul_epu32(_mm512_srli_epi64(c0, 32), multiplier_0);
            const __m512i even1 = _mm512_mul_epu32(c2, multiplier_1);
            const __m512i odd1 = _mm512_mul_epu32(_mm512_srli_epi64(c2, 32), multiplier_1);
            const __m512i high0 =
                _mm512_mask_blend_epi32(k_odd, _mm512_srli_epi64(even0, 32), odd0);
            const __m512i low0 = _mm512_mask_blend_epi32(k_odd, even0, _mm512_slli_epi64(odd0, 32));
            const __m512i high1 =
                _mm512_mask_blend_epi32(k_odd, _mm512_srli_epi64(even1, 32), odd1);
            const __m512i low1 = _mm512_mask_blend_epi32(k_odd, even1, _mm512_slli_epi64(odd1, 32));
            c0 = _mm512_ternarylogic_epi32(high1, c1, k0, 0x96); // high1 ^ c1 ^ k0
            c2 = _mm512_ternarylogic_epi32(high0, c3, k1, 0x96); // high0 ^ c3 ^ k1
            c1 = low1;
            c3 = low0;
            k0 = _mm512_add_epi32(k0, _mm512_set1_epi32(static_cast<int>(k_key_bump_0)));
            k1 = _mm512_add_epi32(k1, _mm512_set1_epi32(static_cast<int>(k_key_bump_1)));
        }
        // Word 0 above word 1 (and word 2 above word 3), 64 bits each.
        _mm512_storeu_pd(first + i, to_double(_mm512_unpacklo_epi32(c1, c0)));
        _mm512_storeu_pd(first + i + 8, to_double(_mm512_unpackhi_epi32(c1, c0)));
        if constexpr (Pairs) {
            _mm512_storeu_pd(second + i, to_double(_mm512_unpacklo_epi32(c3, c2)));
            _mm512_storeu_pd(second + i + 8, to_double(_mm512_unpackhi_epi32(c3, c2)));
        }
    }
    return i;
}

#pragma GCC diagnostic pop

// RandomStream::uniform of four 64-bit words whose high and low 32-bit halves are in `high` and
// `low`, by the plain loop's exact conversion from two signed 32-bit parts (AVX2 has no vector
// conversion from 64-bit integers).
[[gnu::always_inline]] inline __attribute__((target("avx2"))) __m256d to_double(__m128i high,
                                                                                __m128i low) {
    const __m128i top = _mm_srli_epi32(high, 1);
    const __m128i bottom = _mm_or_si128(_mm_slli_epi32(_mm_and_si128(high, _mm_set1_epi32(1)), 21),
                                        _mm_srli_epi32(low, 11));
    return _mm256_add_pd(_mm256_mul_pd(_mm256_cvtepi32_pd(top), _mm256_set1_pd(0x1.0p-31)),
                         _mm256_mul_pd(_mm256_cvtepi32_pd(bottom), _mm256_set1_pd(0x1.0p-53)));
}

// philox_avx2's rounds for outputs i … i + 8n − 1, register r holding i + 8r … i + 8r + 7: each
// 32 × 32 → 64-bit product taken for the even and the odd lanes apart (vpmuludq) and put back
// with blends. The n registers' rounds are interleaved, so that the multiplies of some run while
// the others' wait for theirs (a round is a chain of about ten dependent instructions).
template <int n, bool Pairs, bool Listed, bool Keyed>
[[gnu::always_inline]] inline __attribute__((target("avx2"))) void
philox_avx2_registers(ReplicationLanes lanes, UniformBatch batch, const std::uint32_t* counters,
                      const std::uint32_t* replications, std::size_t from, std::size_t i,
                      double* first, double* second) noexcept {
    const __m256i order = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i multiplier_0 = _mm256_set1_epi64x(k_multiplier_0);
    const __m256i multiplier_1 = _mm256_set1_epi64x(k_multiplier_1);
    const __m128i shift = _mm_cvtsi32_si128(static_cast<int>(lanes.lanes_log2));
    const __m256i lane_mask = _mm256_set1_epi32(static_cast<int>((1u << lanes.lanes_log2) - 1u));
    constexpr int k_odd = 0xAA;
    __m256i c0[n];
    __m256i c1[n];
    __m256i c2[n];
    __m256i c3[n];
    __m256i k1[n];
    for (int r = 0; r < n; ++r) {
        const std::size_t at = i + 8 * static_cast<std::size_t>(r);
        const __m256i index = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(at)), order);
        c0[r] = Listed
                    ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(counters + (at - from)))
                    : _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(batch.first_flow)),
                                       _mm256_srl_epi32(index, shift));
        k1[r] =
            Keyed ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(replications + (at - from)))
                  : _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(lanes.first)),
                                     _mm256_and_si256(index, lane_mask));
        c1[r] = _mm256_set1_epi32(static_cast<int>(batch.month_index));
        c2[r] = _mm256_set1_epi32(static_cast<int>(batch.draw));
        c3[r] = _mm256_set1_epi32(static_cast<int>(batch.kind));
    }
    __m256i k0 = _mm256_set1_epi32(static_cast<int>(lanes.seed));
#pragma GCC unroll 10
    for (int round = 0; round < k_rounds; ++round) {
#pragma GCC unroll 4
        for (int r = 0; r < n; ++r) {
            const __m256i even0 = _mm256_mul_epu32(c0[r], multiplier_0);
            const __m256i odd0 = _mm256_mul_epu32(_mm256_srli_epi64(c0[r], 32), multiplier_0);
            const __m256i even1 = _mm256_mul_epu32(c2[r], multiplier_1);
            const __m256i odd1 = _mm256_mul_epu32(_mm256_srli_epi64(c2[r], 32), multiplier_1);
            const __m256i high0 = _mm256_blend_epi32(_mm256_srli_epi64(even0, 32), odd0, k_odd);
            const __m256i low0 = _mm256_blend_epi32(even0, _mm256_slli_epi64(odd0, 32), k_odd);
            const __m256i high1 = _mm256_blend_epi32(_mm256_srli_epi64(even1, 32), odd1, k_odd);
            const __m256i low1 = _mm256_blend_epi32(even1, _mm256_slli_epi64(odd1, 32), k_odd);
            c0[r] = _mm256_xor_si256(_mm256_xor_si256(high1, c1[r]), k0);
            c2[r] = _mm256_xor_si256(_mm256_xor_si256(high0, c3[r]), k1[r]);
            c1[r] = low1;
            c3[r] = low0;
            k1[r] = _mm256_add_epi32(k1[r], _mm256_set1_epi32(static_cast<int>(k_key_bump_1)));
        }
        k0 = _mm256_add_epi32(k0, _mm256_set1_epi32(static_cast<int>(k_key_bump_0)));
    }
    // Word 0 above word 1 (and word 2 above word 3).
    for (int r = 0; r < n; ++r) {
        double* const at_first = first + i + 8 * r;
        _mm256_storeu_pd(at_first,
                         to_double(_mm256_castsi256_si128(c0[r]), _mm256_castsi256_si128(c1[r])));
        _mm256_storeu_pd(at_first + 4, to_double(_mm256_extracti128_si256(c0[r], 1),
                                                 _mm256_extracti128_si256(c1[r], 1)));
        if constexpr (Pairs) {
            double* const at_second = second + i + 8 * r;
            _mm256_storeu_pd(
                at_second, to_double(_mm256_castsi256_si128(c2[r]), _mm256_castsi256_si128(c3[r])));
            _mm256_storeu_pd(at_second + 4, to_double(_mm256_extracti128_si256(c2[r], 1),
                                                      _mm256_extracti128_si256(c3[r], 1)));
        }
    }
}

// philox_avx512 for processors with AVX2 but not AVX-512: 32 counters at a time in four
// registers of eight (4.2–4.4 ns a uniform one register at a time, 2.9–3.2 ns four at a time, in
// specflow_kernel_bench on an AMD EPYC without AVX-512), then eight at a time. Returns where it
// stopped: the last to − from mod 8 are the plain loop's (which g++ vectorised with 64-bit
// multiplies and shuffles for AVX2, at about half the speed of one register at a time). The same
// words to the bit.
template <bool Pairs, bool Listed, bool Keyed>
__attribute__((target("avx2"))) std::size_t
philox_avx2(ReplicationLanes lanes, UniformBatch batch, const std::uint32_t* counters,
            const std::uint32_t* replications, std::size_t from, std::size_t to, double* first,
            double* second) noexcept {
    std::size_t i = from;
    for (; i + 32 <= to; i += 32) {
        philox_avx2_registers<4, Pairs, Listed, Keyed>(lanes, batch, counters, replications, from,
                                                       i, first, second);
    }
    for (; i + 8 <= to; i += 8) {
        philox_avx2_registers<1, Pairs, Listed, Keyed>(lanes, batch, counters, replications, from,
                                                       i, first, second);
    }
    return i;
}

// The ten rounds for each counter, then RandomStream::uniform's conversion of the first two
// words (and, when `second` is given, of the last two, uniform_pair's second). Output i is
// lane j = i mod 2^lanes_log2 of flow i / 2^lanes_log2: the key's second word is replication
// lanes.first + j, the counter's first word batch.first_flow + i / 2^lanes_log2, or
// counters[i − from] when a list is given (philox_uniforms_of), and the key's second word
// replications[i − from] when those are given (Keyed). The loop keeps to what vectorises:
// 32-bit lanes, 32 × 32 → 64-bit products, shifts and masks, contiguous loads, no branch. The
// conversion avoids 64-bit integer to double, which x86 has no vector instruction for before
// AVX-512DQ: with w = word0 · 2³² + word1, (w >> 11) · 2⁻⁵³ is (word0 >> 1) · 2⁻³¹ + ((word0 & 1) ·
// 2²¹ + (word1 >> 11)) · 2⁻⁵³, both parts below 2³¹ (so converted exactly from signed 32-bit
// integers) and their sum exact, as it has 53 bits. Inlined into each caller so that every
// multi-versioned copy gets its own vector code; where the processor has AVX-512, the outputs
// go to philox_avx512 first, sixteen at a time (with AVX2 only, to philox_avx2, eight at a
// time), and the loop takes the rest.
template <bool Pairs, bool Listed, bool Keyed = false, bool Vector = true>
[[gnu::always_inline]] inline void
philox_uniforms(ReplicationLanes lanes, UniformBatch batch,
                const std::uint32_t* __restrict counters, std::size_t from, std::size_t to,
                double* __restrict first, double* __restrict second,
                const std::uint32_t* __restrict replications = nullptr) noexcept {
    const auto uniform = [](std::uint32_t high_word, std::uint32_t low_word) {
        const auto high = static_cast<std::int32_t>(high_word >> 1);
        const auto low = static_cast<std::int32_t>(((high_word & 1u) << 21) | (low_word >> 11));
        return static_cast<double>(high) * 0x1.0p-31 + static_cast<double>(low) * 0x1.0p-53;
    };
    const std::uint32_t shift = lanes.lanes_log2;
    const std::uint32_t lane_mask = (1u << shift) - 1u;
    const std::size_t start =
        !Vector        ? from
        : has_avx512() ? philox_avx512<Pairs, Listed, Keyed>(lanes, batch, counters, replications,
                                                             from, to, first, second)
        : has_avx2() ? philox_avx2<Pairs, Listed, Keyed>(lanes, batch, counters, replications, from,
                                                         to, first, second)
                     : from;
    for (std::size_t i = start; i < to; ++i) {
        const auto index = static_cast<std::uint32_t>(i);
        std::uint32_t c0 = Listed ? counters[i - from] : batch.first_flow + (index >> shift);
        std::uint32_t c1 = batch.month_index;
        std::uint32_t c2 = batch.draw;
        std::uint32_t c3 = batch.kind;
        std::uint32_t k0 = lanes.seed;
        std::uint32_t k1 = Keyed ? replications[i - from] : lanes.first + (index & lane_mask);
#pragma GCC unroll 10
        for (int round = 0; round < k_rounds; ++round) {
            const std::uint64_t product0 = static_cast<std::uint64_t>(k_multiplier_0) * c0;
            const std::uint64_t product1 = static_cast<std::uint64_t>(k_multiplier_1) * c2;
            const auto next0 = static_cast<std::uint32_t>(product1 >> 32) ^ c1 ^ k0;
            const auto next2 = static_cast<std::uint32_t>(product0 >> 32) ^ c3 ^ k1;
            c1 = static_cast<std::uint32_t>(product1);
            c3 = static_cast<std::uint32_t>(product0);
            c0 = next0;
            c2 = next2;
            k0 += k_key_bump_0;
            k1 += k_key_bump_1;
        }
        first[i] = uniform(c0, c1);
        if constexpr (Pairs) {
            second[i] = uniform(c2, c3);
        }
    }
}

// The listed flows' uniforms, lane by lane: each chunk's counters laid out first, one per
// output, so that the rounds load them whole (read through the list's index, the loop was not
// vectorised at all).
template <bool Pairs>
[[gnu::always_inline]] inline void philox_uniforms_of(ReplicationLanes lanes, UniformBatch batch,
                                                      const std::uint32_t* flows, double* first,
                                                      double* second, std::size_t count) noexcept {
    constexpr std::size_t chunk = 256;
    std::array<std::uint32_t, chunk> counters;
    for (std::size_t from = 0; from < count; from += chunk) {
        const std::size_t to = std::min(count, from + chunk);
        for (std::size_t i = from; i < to; ++i) {
            counters[i - from] = flows[i >> lanes.lanes_log2];
        }
        philox_uniforms<Pairs, true>(lanes, batch, counters.data(), from, to, first, second);
    }
}

ReplicationLanes one_lane(const RandomStream& stream) noexcept {
    const StreamKey key = stream.key();
    return {.seed = key.seed, .first = key.replication, .lanes_log2 = 0};
}

} // namespace

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
fill_uniforms_across(ReplicationLanes lanes, UniformBatch batch, std::span<double> out) noexcept {
    philox_uniforms<false, false>(lanes, batch, nullptr, 0, out.size(), out.data(), nullptr);
}

void fill_uniforms(const RandomStream& stream, UniformBatch batch, std::span<double> out) noexcept {
    fill_uniforms_across(one_lane(stream), batch, out);
}

void fill_uniforms_baseline(const RandomStream& stream, UniformBatch batch,
                            std::span<double> out) noexcept {
    philox_uniforms<false, false, false, false>(one_lane(stream), batch, nullptr, 0, out.size(),
                                                out.data(), nullptr);
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
fill_uniform_pairs_across(ReplicationLanes lanes, UniformBatch batch, std::span<double> first,
                          std::span<double> second) noexcept {
    philox_uniforms<true, false>(lanes, batch, nullptr, 0, std::min(first.size(), second.size()),
                                 first.data(), second.data());
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
fill_uniform_pairs_across_of(ReplicationLanes lanes, UniformBatch batch,
                             std::span<const std::uint32_t> flows, std::span<double> first,
                             std::span<double> second) noexcept {
    const std::size_t count =
        std::min({flows.size() << lanes.lanes_log2, first.size(), second.size()});
    philox_uniforms_of<true>(lanes, batch, flows.data(), first.data(), second.data(), count);
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void
fill_uniform_pairs_keyed(std::uint32_t seed, std::span<const std::uint32_t> replications,
                         std::span<const std::uint32_t> flows, UniformBatch batch,
                         std::span<double> first, std::span<double> second) noexcept {
    const std::size_t count =
        std::min({replications.size(), flows.size(), first.size(), second.size()});
    philox_uniforms<true, true, true>({.seed = seed}, batch, flows.data(), 0, count, first.data(),
                                      second.data(), replications.data());
}

} // namespace specflow::sim
