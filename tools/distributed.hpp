#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace specflow::tools {

// The processes of an `mpirun -np N specflow …` job (one process of one when specflow is built
// without MPI or started without mpirun).
struct World {
    int rank = 0;
    int size = 1;
    [[nodiscard]] bool root() const noexcept { return rank == 0; }
};

// Starts MPI when specflow is built with SPECFLOW_MPI; must be called once, first thing.
[[nodiscard]] World start_world(int& argc, char**& argv);

// Which replications of 1..total this process runs: a contiguous share, by rank.
struct Share {
    std::uint32_t first = 1;
    std::uint32_t count = 0;
};
[[nodiscard]] Share share_of(const World& world, std::uint32_t total);

using ReduceWords = void (*)(std::span<std::int64_t> into, std::span<const std::int64_t> other);

// Combines every process's words on the root with `reduce` (which must be associative and
// commutative); the root gets the result, the others an empty vector.
[[nodiscard]] std::vector<std::int64_t>
reduce_to_root(const World& world, std::vector<std::int64_t> words, ReduceWords reduce);

} // namespace specflow::tools
