#pragma once

#include "sim/kernel/negative_binomial_lanes.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/uniform_batch.hpp"
#include "sim/runners/activity_totals.hpp"
#include "sim/runners/common_factors.hpp"
#include "sim/runners/model.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace specflow::sim {

// Draws every flow-month's cases of a block of replications before the replications run, and
// each replication's common factors (DESIGN.md §7). A count is a pure function of (seed,
// replication, flow, month), so drawing it here rather than inside the replication's monthly
// cycle changes no number.
//
// Why: drawing a flow-month by its guide table takes a step or two once the table is in cache, but
// a year of England's tables is about 7 MiB, and one replication passes over each month's tables
// once. Drawn for a block of replications at a time, flow by flow, a table serves every replication
// of the block while it is in cache. Counts whose mean is known only inside a replication (its
// common factors multiply the expectation) are drawn flow by flow too, a flow-month's replications
// eight at a time in vector lanes (negative_binomial_walk_lanes.hpp and
// negative_binomial_lanes.hpp), where the walks of similar means end close together. A month's
// uniforms and means are laid out the same way, flow by flow with the block's replications side by
// side, so that a flow-month's lanes are one load rather than a gather from each replication's row.
//
// The counts themselves are not kept: each replication's monthly loop needs only their sums by
// contract and provider (ActivityTotals), added up for the block as they are drawn; and the
// counts of the first FY's watched flows.
//
// Memory: the sums, 16 bytes per contract-month and 8 per provider-month per replication of the
// block (England's five years: about 0.5 MB a replication), and one month's counts of the block
// (8 bytes per flow per lane), whatever the number of replications run.
class ActivityDraws {
public:
    // The run's models, one per FY from the first, as the replications take them; each must
    // have its Poisson tables (Sampling::poisson). `watched`: flows of the first FY whose counts
    // are kept (ReplicationOptions::watched_flows).
    explicit ActivityDraws(std::vector<const Model*> years, std::vector<std::size_t> watched = {});

    // Whether some flow of the year is plain Poisson (not varies()): drawn from its guide tables.
    [[nodiscard]] static bool draws_from_tables(const Model& year);

    // Draws replications first .. first + count − 1 (each at least 1: replication 0 is the
    // expected-value run, which draws nothing) of `seed`, replacing the block drawn before.
    void draw(std::uint32_t seed, std::uint32_t first, std::uint32_t count);

    // Whether `replication` of `seed` is in the block drawn last.
    [[nodiscard]] bool holds(std::uint32_t seed, std::uint32_t replication) const noexcept {
        return seed == seed_ && replication >= first_ && replication - first_ < count_;
    }
    [[nodiscard]] const std::vector<std::size_t>& watched() const noexcept { return watched_; }
    // The replication's cases of the watched flows in month 1..12 of the first FY, in the order
    // watched. The replication must be held.
    [[nodiscard]] std::span<const std::int64_t> cases(std::uint32_t replication, int month) const;
    // The replication's sums of its cases of month 1..12 of FY `year` by contract and provider,
    // as its monthly loop would add them up (ActivityTotals). The replication must be held.
    [[nodiscard]] ActivityTotals::Month totals(std::uint32_t replication, std::size_t year,
                                               int month) const {
        return totals_.of(replication - first_, year, month);
    }
    // Fetches the replication's sums of a month into the cache, ahead of reading them.
    void fetch_totals(std::uint32_t replication, std::size_t year, int month) const noexcept {
        totals_.fetch(replication - first_, year, month);
    }
    // The replication's common factors of FY `year`.
    [[nodiscard]] const CommonFactors& factors(std::uint32_t replication, std::size_t year) const;

private:
    // The month's means of the flows that vary beyond Poisson chance: each flow's expectation
    // times each replication's common factors (flow_factors_); and uniforms 2 and 3 of the flows
    // some replication of which draws by more than inversion from 0.
    void work_out_means(const Model& model, int month, std::uint32_t month_index,
                        std::uint32_t count);
    // Replication `lane` of the block: its uniforms of flow f this month, and its count drawn on
    // its own.
    [[nodiscard]] UniformSequence sequence(const RandomStream& stream, std::uint32_t month_index,
                                           std::size_t f, std::size_t lane) const;
    [[nodiscard]] std::int64_t draw_one(const Model& model, const RandomStream& stream,
                                        std::uint32_t month_index, std::size_t f,
                                        std::size_t lane) const;
    // The block's counts of the month's varying flows, into the month's counts (MonthCases).
    void draw_in_lanes(const Model& model, std::span<const RandomStream> streams,
                       std::uint32_t month_index, std::uint32_t count, MonthCases out);
    // Up to k_lanes replications of one flow-month: the block's replications first ..
    // first + lanes − 1.
    struct LaneGroup {
        std::size_t flow = 0;
        std::uint32_t first = 0;
        std::uint32_t lanes = 0;
    };
    // The month's queued groups of large means (larges_): their first tries in lanes, then each
    // lane's count, or its next tries queued for retry_queued, or its draw alone.
    void draw_large(const Model& model, std::span<const RandomStream> streams,
                    std::uint32_t month_index, MonthCases out);
    // The month's first `queued` walks (walks_), into their rows of `out`.
    void walk_queued(std::size_t queued, MonthCases out);
    // The month's counts whose first try of PTRS was rejected in lanes: their next tries in
    // lanes, eight counts at a time whatever their flows, each on from where the lanes leave it.
    void retry_queued(std::span<const RandomStream> streams, std::uint32_t month_index,
                      MonthCases out);
    [[nodiscard]] std::size_t lanes() const noexcept {
        return std::size_t{1} << block_lanes_.lanes_log2;
    }

    std::vector<const Model*> years_;
    std::vector<bool> from_tables_; // draws_from_tables of each FY
    std::uint32_t seed_ = 0;
    std::uint32_t first_ = 0;
    std::uint32_t count_ = 0;
    std::vector<std::size_t> watched_;
    std::vector<std::int64_t> watched_cases_;           // [replication][month][watched flow]
    std::vector<std::optional<CommonFactors>> factors_; // [replication][year]
    ActivityTotals totals_;
    // Scratch for one month, flow by flow with the block's replications side by side: entry
    // f · lanes() + j is replication first_ + j's (block_lanes_). lanes() is the block's size
    // rounded up to a power of two, at least k_lanes; the lanes past the block are worked out
    // and not read.
    // The year's common factor of each flow (0 past the block); uniforms 0 (and 1) of every
    // flow; the mean of each flow that varies; uniforms 2 and 3 of the flows some lane of which
    // draws by more than inversion from 0 (large_flows_, large_at_[flow] the flow's place in it
    // or −1; entry place · lanes() + j).
    ReplicationLanes block_lanes_;
    std::vector<double> flow_factors_;
    std::vector<double> uniforms_;
    std::vector<double> second_uniforms_;
    std::vector<double> means_;
    std::vector<std::uint32_t> large_flows_;
    std::vector<std::int32_t> large_at_;
    // Of each group of eight lanes, a bit per lane: the means below the negative binomial's
    // switch (and above 0), and those at or above it.
    std::vector<std::uint8_t> lane_below_;
    std::vector<std::uint8_t> lane_above_;
    std::array<std::vector<double>, 2> large_uniforms_;
    // The month's small-mean walks, k_lanes lanes each: which flow and replications (`walked`, a
    // bit per lane of the block's `first` on), and each lane's mean, dispersion, first uniform
    // and P(0).
    struct Walk {
        std::uint32_t flow = 0;
        std::uint32_t first = 0;
        std::uint32_t walked = 0;
    };
    std::vector<Walk> walks_;
    std::vector<double> walk_means_;
    std::vector<double> walk_dispersions_;
    std::vector<double> walk_uniforms_;
    std::vector<double> walk_zeros_;
    std::vector<std::int64_t> month_cases_; // the month's counts, [flow][lane] (MonthCases)
    // The month's groups of lanes whose means take the large means' first try (a bit per lane
    // in `drawn`), and what became of each (k_lanes lanes each).
    struct LargeGroup {
        LaneGroup group;
        std::uint32_t drawn = 0;
    };
    std::vector<LargeGroup> larges_;
    std::vector<counts::LargeLaneEnds> large_ends_;
    std::vector<double> large_lambdas_;
    std::vector<std::int64_t> large_cases_;
    // The month's first tries whose PTRS last test was put off (slot: group · k_lanes + lane).
    counts::LastTests last_tests_;
    // The month's counts queued for retry_queued: which flow and replication (of the run, and of
    // the block), their Poisson means and the uniforms of their next try.
    std::vector<std::uint32_t> retry_flows_;
    std::vector<std::uint32_t> retry_replications_;
    std::vector<std::uint32_t> retry_rows_;
    std::vector<double> retry_lambdas_;
    std::array<std::vector<double>, 2> retry_uniforms_;
};

} // namespace specflow::sim
