#pragma once

#include "sim/observation.hpp"
#include "sim/runners/replication.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace specflow::sim {

// Where the workers' time went, summed over them: drawing their blocks' activity
// (ActivityDraws::draw) and running the replications' monthly cycles (the books and the
// summaries' intake). For the benchmarks; a run that asks costs three clock readings a block.
struct MonteCarloTimes {
    std::atomic<std::int64_t> draws_ns{0};
    std::atomic<std::int64_t> cycles_ns{0};
};

struct MonteCarloOptions {
    std::uint32_t first_replication = 1;
    std::uint32_t replications = 0; // how many, from first_replication
    std::uint32_t threads = 1;
    // Replications a worker draws and runs at a time; 0: k_block.
    std::uint32_t block_size = 0;
    ReplicationOptions replication = {};
    // Whether the replications work out the forecast outturn (replication.forecast is set from
    // this): the summaries of `run --replications` never read it; `stress` summarises it.
    bool forecast = false;
    // Called from the calling thread about every 100 ms, and at the end, with the number of
    // replications done.
    std::function<void(std::uint32_t done)> on_progress = {};
    // When set, the workers add their time to it (MonteCarloTimes).
    MonteCarloTimes* times = nullptr;
};

// The block a worker takes when MonteCarloOptions leaves it unset: 32 replications. A flow whose
// counts come from the guide tables (plain Poisson) then fetches each table once for 32 draws
// (England with every dispersion and factor 0: 5 to 15% faster than 16, which was 8% faster than
// 8); a flow-month's negative binomial walks are four groups of eight lanes, walked in step
// (England's activity model, AVX-512 on an AMD EPYC: about 6% faster than blocks of 8, whose
// walks went one group at a time; 16 had been slower than 8 then). It costs memory for each
// replication of the block, in each worker (England's activity model, 2 workers: 146 MB at the
// peak against 104 MB in blocks of 8, about 0.9 MB a replication a worker).
inline constexpr std::uint32_t k_block = 32;

// The block a worker takes next, with `left` replications not yet taken by any: the full block
// while there are plenty, then an even share of what is left for each of `threads` workers (but
// not below a lane's 8), so that the workers finish together rather than one waiting on
// another's last full block. England with every dispersion and factor 0, 2 threads: the pilot's
// 100 replications in blocks of 32 left one worker idle for a third of it, and the last blocks
// of a run for about half a block. 0 when none are left.
inline constexpr std::uint32_t k_block_min = 8;
[[nodiscard]] std::uint32_t block_at(std::uint32_t block, std::uint32_t left,
                                     std::uint32_t threads);

// Runs replications [first, first + count) on a Boost.Asio thread pool of `threads` workers.
// Each worker feeds every replication it runs into one sink of its own, made by `make_sink` on
// the worker (so the workers may call it at the same time); the sinks are returned, in the
// workers' order, for the caller to merge. A replication's numbers depend only on
// (seed, replication, flow, month, draw), never on which worker ran it, so as long as a sink
// combines replications in a way that does not depend on their order (integer counts and exact
// sums), the merged result is the same for any number of threads. Rethrows the first error a
// worker met.
[[nodiscard]] std::vector<std::unique_ptr<ObservationSink>>
run_monte_carlo(const RunModel& model, std::uint32_t seed, const MonteCarloOptions& options,
                const std::function<std::unique_ptr<ObservationSink>()>& make_sink);

} // namespace specflow::sim
