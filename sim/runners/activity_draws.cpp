#include "sim/runners/activity_draws.hpp"

#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/negative_binomial_lanes.hpp"
#include "sim/kernel/negative_binomial_walk_lanes.hpp"
#include "sim/kernel/uniform_batch.hpp"
#include "sim/kernel/zero_probability.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

namespace specflow::sim {

namespace {

// Whether a varying flow-month's count takes more than inversion from 0: a gamma and PTRS, or
// PTRS alone for a Poisson count (k ≤ 0), on uniforms 0 to 3 and maybe more.
bool draws_beyond_inversion(double k, double mean) {
    return mean >= (k > 0.0 ? counts::k_small_negative_binomial_mean : counts::k_small_mean);
}

// How a group of a varying flow-month's lanes is drawn, a bit per lane: walked (a negative
// binomial inversion from P(0), for a mean in (0, 32)); drawn in lanes beyond inversion (a
// gamma and PTRS tried in lanes first: Marsaglia and Tsang's method as count_sampler.hpp uses
// it needs a dispersion of at least 1); or, the group's others, drawn alone. From the group's
// lane_kinds.
struct LaneKinds {
    std::uint32_t walked = 0;
    std::uint32_t large = 0;
    std::uint32_t alone = 0;
};
LaneKinds kinds_of(double k, std::uint32_t below, std::uint32_t above, std::uint32_t in_group) {
    const std::uint32_t walked = k > 0.0 ? below & in_group : 0U;
    const std::uint32_t large = k >= 1.0 ? above & in_group : 0U;
    return {.walked = walked, .large = large, .alone = in_group & ~(walked | large)};
}

// How many flows ahead the plain Poisson draws fetch a flow-month's table (GuideTables::fetch):
// England with every dispersion and factor 0, 2,000 replications on 2 threads, alternate runs:
// median 2.06 s against 2.21 s without; 4, 8 and 16 flows ahead differ by less than the noise.
constexpr std::size_t k_fetch_ahead = 8;

// A group's eight lanes from one row to another, in the function (std::copy of eight was a call
// to memmove, which g++ does not write out in place).
template <typename T>
void copy_lanes(const T* from, T* to) {
    std::memcpy(to, from, sizeof(T) * counts::k_lanes);
}

// PTRS's tries in lanes after the first, for the counts whose first try was rejected there
// (about one in seven): after two more, about 2% of them are left.
constexpr std::uint32_t k_lane_tries = 2;

} // namespace

ActivityDraws::ActivityDraws(std::vector<const Model*> years, std::vector<std::size_t> watched)
    : years_(std::move(years)), watched_(std::move(watched)), totals_(years_) {
    for (const auto* year : years_) {
        if (year->sampling() != Sampling::poisson) {
            throw std::logic_error("ActivityDraws: a stochastic replication needs Poisson tables");
        }
        from_tables_.push_back(draws_from_tables(*year));
    }
    for (const auto f : watched_) {
        if (years_.empty() || f >= years_.front()->flow_count()) {
            throw std::logic_error("ActivityDraws: a watched flow is not one of the first FY's");
        }
    }
}

bool ActivityDraws::draws_from_tables(const Model& year) {
    for (std::size_t f = 0; f < year.flow_count(); ++f) {
        if (!year.varies(f)) {
            return true;
        }
    }
    return false;
}

std::span<const std::int64_t> ActivityDraws::cases(std::uint32_t replication, int month) const {
    const std::size_t row =
        (replication - first_) * entities::k_months_per_year + static_cast<std::size_t>(month - 1);
    return {watched_cases_.data() + row * watched_.size(), watched_.size()};
}

const CommonFactors& ActivityDraws::factors(std::uint32_t replication, std::size_t year) const {
    return *factors_[(replication - first_) * years_.size() + year];
}

void ActivityDraws::draw(std::uint32_t seed, std::uint32_t first, std::uint32_t count) {
    if (first == 0) {
        throw std::logic_error("ActivityDraws: replication 0 draws nothing");
    }
    count_ = 0; // holds nothing until the whole block is drawn
    watched_cases_.resize(count * entities::k_months_per_year * watched_.size());
    totals_.resize(count);
    block_lanes_ = {.seed = seed,
                    .first = first,
                    .lanes_log2 = static_cast<std::uint32_t>(std::bit_width(
                        std::max<std::size_t>(counts::k_lanes, std::bit_ceil(count)) - 1))};
    std::vector<RandomStream> streams;
    factors_.assign(count * years_.size(), std::nullopt);
    for (std::uint32_t r = 0; r < count; ++r) {
        streams.emplace_back(StreamKey{seed, first + r});
        for (std::size_t y = 0; y < years_.size(); ++y) {
            factors_[r * years_.size() + y].emplace(*years_[y], streams.back(),
                                                    static_cast<std::uint32_t>(y));
        }
    }
    for (std::size_t y = 0; y < years_.size(); ++y) {
        const Model& model = *years_[y];
        const std::size_t n = model.flow_count();
        uniforms_.resize(n * lanes());
        second_uniforms_.resize(n * lanes());
        if (model.any_varies()) {
            flow_factors_.assign(n * lanes(), 0.0);
            for (std::uint32_t r = 0; r < count; ++r) {
                const CommonFactors& factors = *factors_[r * years_.size() + y];
                for (std::size_t f = 0; f < n; ++f) {
                    flow_factors_[f * lanes() + r] = factors.of_flow(f);
                }
            }
        }
        for (int month = 1; month <= entities::k_months_per_year; ++month) {
            const auto month_index = static_cast<std::uint32_t>(y * entities::k_months_per_year) +
                                     static_cast<std::uint32_t>(month - 1);
            // Uniforms 0 (and 1, when some flow varies beyond Poisson chance) of every flow and
            // replication: the same bits as one call each, several per instruction.
            if (model.any_varies()) {
                fill_uniform_pairs_across(block_lanes_,
                                          {.first_flow = 0, .month_index = month_index}, uniforms_,
                                          second_uniforms_);
            } else {
                fill_uniforms_across(block_lanes_, {.first_flow = 0, .month_index = month_index},
                                     uniforms_);
            }
            // The month's counts, flow by flow with the block's replications side by side; the
            // lanes past the block stay 0 for the sums.
            month_cases_.resize(n * lanes());
            if (count < lanes()) {
                std::fill(month_cases_.begin(), month_cases_.end(), 0);
            }
            const MonthCases out{.data = month_cases_.data(), .lanes = lanes()};
            // Plain Poisson, flow by flow: the flow-month's table serves the whole block. A
            // month's new tables lie together in flow order (Model::compile_samplers), and each
            // is fetched whole a few flows ahead: the block's uniforms land all over a table, so
            // its lines are wanted at once, in no order the processor's own fetching follows.
            for (std::size_t f = 0; from_tables_[y] && f < n; ++f) {
                if (model.varies(f)) {
                    continue;
                }
                if (f + k_fetch_ahead < n) {
                    model.fetch_table(model.table_of(f + k_fetch_ahead, month));
                }
                const auto table = model.table_of(f, month);
                const double* u = uniforms_.data() + f * lanes();
                std::int64_t* const row = month_cases_.data() + f * lanes();
                for (std::uint32_t r = 0; r < count; ++r) {
                    row[r] = model.draw_from(table, u[r]);
                }
            }
            if (model.any_varies()) {
                work_out_means(model, month, month_index, count);
                draw_in_lanes(model, streams, month_index, count, out);
            }
            totals_.sum_month(y, month, out, count);
            for (std::uint32_t r = 0; y == 0 && r < count; ++r) {
                std::int64_t* const row =
                    watched_cases_.data() +
                    (r * entities::k_months_per_year + static_cast<std::size_t>(month - 1)) *
                        watched_.size();
                for (std::size_t w = 0; w < watched_.size(); ++w) {
                    row[w] = out(r, watched_[w]);
                }
            }
        }
    }
    seed_ = seed;
    first_ = first;
    count_ = count;
}

// Negative binomial (or Poisson) chance around each varying flow's mean this month: its
// expectation times the year's common factors (DESIGN.md §7). Uniforms 0 and 1 are in the
// month's batch; uniforms 2 and 3 of the flows whose draw needs them (a gamma and PTRS, or PTRS
// alone) come in another batch, every lane of such a flow; any more, one call at a time.
void ActivityDraws::work_out_means(const Model& model, int month, std::uint32_t month_index,
                                   std::uint32_t count) {
    const auto n = model.flow_count();
    means_.resize(n * lanes());
    large_at_.assign(n, -1);
    large_flows_.clear();
    for (std::size_t f = 0; f < n; ++f) {
        if (!model.varies(f)) {
            continue;
        }
        const double expected =
            static_cast<double>(std::max<std::int64_t>(0, model.expected_milli(f, month))) * 1e-3;
        double* const mean = means_.data() + f * lanes();
        const double* const factor = flow_factors_.data() + f * lanes();
        for (std::size_t lane = 0; lane < lanes(); ++lane) {
            mean[lane] = expected * factor[lane];
        }
    }
    // Every group of eight lanes sorted by its means at once (lane_kinds): below the negative
    // binomial's switch (and above 0), or at or above it.
    const std::size_t groups = n * lanes() / counts::k_lanes;
    lane_below_.resize(groups);
    lane_above_.resize(groups);
    counts::lane_kinds(means_.data(), groups, lane_below_.data(), lane_above_.data());
    // The lanes of the block (those past it are not drawn), a bit each, group by group.
    const auto in_block = [count](std::size_t group) {
        const std::size_t first = group * counts::k_lanes;
        return first >= count ? 0U
                              : (1U << std::min<std::size_t>(counts::k_lanes, count - first)) - 1U;
    };
    const std::size_t flow_groups = lanes() / counts::k_lanes;
    for (std::size_t f = 0; f < n; ++f) {
        if (!model.varies(f)) {
            continue;
        }
        const double k = model.dispersion(f);
        bool beyond = false;
        if (k > 0.0) {
            // draws_beyond_inversion is a mean at or above the switch: lane_kinds' `above`.
            for (std::size_t g = 0; g < flow_groups; ++g) {
                beyond = beyond || (lane_above_[f * flow_groups + g] & in_block(g)) != 0;
            }
        } else {
            for (std::uint32_t lane = 0; lane < count; ++lane) {
                beyond |= draws_beyond_inversion(k, means_[f * lanes() + lane]);
            }
        }
        if (beyond) {
            large_at_[f] = static_cast<std::int32_t>(large_flows_.size());
            large_flows_.push_back(static_cast<std::uint32_t>(f));
        }
    }
    for (auto& uniforms : large_uniforms_) {
        uniforms.resize(large_flows_.size() * lanes());
    }
    fill_uniform_pairs_across_of(block_lanes_, {.month_index = month_index, .draw = 1},
                                 large_flows_, large_uniforms_[0], large_uniforms_[1]);
}

// A flow-month's uniforms as a sequence: the first four known, any more computed one call at a
// time.
UniformSequence ActivityDraws::sequence(const RandomStream& stream, std::uint32_t month_index,
                                        std::size_t f, std::size_t lane) const {
    const std::size_t at = f * lanes() + lane;
    std::array<double, UniformSequence::k_known_max> known{uniforms_[at], second_uniforms_[at]};
    std::uint32_t known_count = 2;
    if (const auto large = large_at_[f]; large >= 0) {
        const std::size_t place = static_cast<std::size_t>(large) * lanes() + lane;
        known[2] = large_uniforms_[0][place];
        known[3] = large_uniforms_[1][place];
        known_count = 4;
    }
    return {stream, static_cast<std::uint32_t>(f), month_index, k_flow_counts, known, known_count};
}

std::int64_t ActivityDraws::draw_one(const Model& model, const RandomStream& stream,
                                     std::uint32_t month_index, std::size_t f,
                                     std::size_t lane) const {
    UniformSequence uniform = sequence(stream, month_index, f, lane);
    std::uint32_t draw = 0;
    const double mean = means_[f * lanes() + lane];
    const double k = model.dispersion(f);
    return k <= 0.0 ? counts::poisson(mean, uniform, draw)
                    : counts::negative_binomial(mean, k, uniform, draw);
}

// The block's counts of the month's varying flows, flow by flow, each flow's replications in lanes
// (negative_binomial_lanes.hpp, negative_binomial_walk_lanes.hpp): the large means queued, their
// first tries taken back to back (draw_large); the small means queued, their P(0)s worked out in
// one batch, then walked in step (walk_queued); the others (Poisson counts, a dispersion below 1)
// one by one.
void ActivityDraws::draw_in_lanes(const Model& model, std::span<const RandomStream> streams,
                                  std::uint32_t month_index, std::uint32_t count, MonthCases out) {
    const auto n = model.flow_count();
    constexpr std::size_t lanes_max = counts::k_lanes;
    // Room for a walk of every lane group, of which the first `queued` are the month's (kept at
    // that size from month to month: trimmed, they were zeroed again as they grew back).
    const std::size_t groups = (count + lanes_max - 1) / lanes_max;
    walks_.resize(n * groups);
    walk_means_.resize(n * groups * lanes_max);
    walk_dispersions_.resize(n * groups * lanes_max);
    walk_uniforms_.resize(n * groups * lanes_max);
    std::size_t queued = 0;
    larges_.clear();
    retry_flows_.clear();
    retry_replications_.clear();
    retry_rows_.clear();
    retry_lambdas_.clear();
    for (std::size_t f = 0; f < n; ++f) {
        if (!model.varies(f)) {
            continue;
        }
        const double k = model.dispersion(f);
        for (std::uint32_t first = 0; first < count; first += lanes_max) {
            const LaneGroup group{.flow = f,
                                  .first = first,
                                  .lanes = std::min<std::uint32_t>(lanes_max, count - first)};
            const std::size_t at = f * lanes() + first;
            const double* const mean = means_.data() + at;
            const LaneKinds kinds = kinds_of(k, lane_below_[at / lanes_max],
                                             lane_above_[at / lanes_max], (1U << group.lanes) - 1U);
            for (std::uint32_t alone = kinds.alone; alone != 0; alone &= alone - 1U) {
                const auto r = static_cast<std::uint32_t>(std::countr_zero(alone)) + first;
                out(r, f) = draw_one(model, streams[r], month_index, f, r);
            }
            const std::uint32_t small = kinds.walked;
            const std::uint32_t large = kinds.large;
            if (small != 0) {
                walks_[queued] = {
                    .flow = static_cast<std::uint32_t>(f), .first = first, .walked = small};
                const std::size_t to = queued * lanes_max;
                std::fill_n(walk_dispersions_.data() + to, lanes_max, k);
                if (small == (1U << lanes_max) - 1U) {
                    // Most groups: every lane walked, the month's means and uniforms as they lie.
                    copy_lanes(mean, walk_means_.data() + to);
                    copy_lanes(uniforms_.data() + at, walk_uniforms_.data() + to);
                } else {
                    for (std::uint32_t lane = 0; lane < lanes_max; ++lane) {
                        // A lane not walked ends at once: mean 1, P(0) > 0 and uniform 0.
                        const bool walked = (small >> lane & 1U) != 0;
                        walk_means_[to + lane] = walked ? mean[lane] : 1.0;
                        walk_uniforms_[to + lane] = walked ? uniforms_[at + lane] : 0.0;
                    }
                }
                ++queued;
            }
            if (large != 0) {
                larges_.push_back({.group = group, .drawn = large});
            }
        }
    }
    draw_large(model, streams, month_index, out);
    walk_queued(queued, out);
    retry_queued(streams, month_index, out);
}

// The month's queued groups of large means in lanes: each group's replications `drawn` (a bit
// per lane) take their first try together, group after group; then a lane whose gamma did not
// end there is drawn afresh on its own; one whose count's first try was rejected is queued for
// its next tries in lanes (retry_queued); one whose first try was not decided there goes on
// alone from uniform 2.
void ActivityDraws::draw_large(const Model& model, std::span<const RandomStream> streams,
                               std::uint32_t month_index, MonthCases out) {
    constexpr std::size_t lanes_max = counts::k_lanes;
    const std::size_t n = larges_.size();
    large_ends_.resize(n);
    large_lambdas_.resize(n * lanes_max);
    large_cases_.resize(n * lanes_max);
    last_tests_.clear_for(n * lanes_max);
    // Every group's first try back to back, four of a flow-month in step where they come in a
    // row, so that the groups' long chains of arithmetic overlap; then what became of each lane.
    // The lanes read straight from the month's arrays when all eight are drawn (most groups);
    // otherwise from copies in which a lane not drawn has harmless values (its results are not
    // read). Every lane of the copies is written (no zeroing first: it was a tenth of this
    // function).
    constexpr std::size_t in_step = counts::k_large_in_step;
    std::array<std::array<double, lanes_max>, in_step> means;
    std::array<std::array<std::array<double, lanes_max>, 4>, in_step> uniforms;
    const auto first_try_of = [&](std::size_t g, std::size_t copy) {
        const auto& [group, drawn] = larges_[g];
        const auto f = group.flow;
        const std::size_t at = f * lanes() + group.first;
        // Some lane draws beyond inversion, so the flow has uniforms 2 and 3.
        const std::size_t place = static_cast<std::size_t>(large_at_[f]) * lanes() + group.first;
        counts::LargeLaneDraw first_try{
            .k = model.dispersion(f),
            .mean = means_.data() + at,
            .uniform = {uniforms_.data() + at, second_uniforms_.data() + at,
                        large_uniforms_[0].data() + place, large_uniforms_[1].data() + place}};
        if (drawn != (1U << lanes_max) - 1U) {
            auto& mean = means[copy];
            auto& uniform = uniforms[copy];
            for (std::uint32_t lane = 0; lane < lanes_max; ++lane) {
                const bool in_use = (drawn >> lane & 1U) != 0;
                mean[lane] = in_use ? first_try.mean[lane] : counts::k_small_negative_binomial_mean;
                for (std::size_t i = 0; i < uniform.size(); ++i) {
                    uniform[i][lane] = in_use ? first_try.uniform[i][lane] : 0.5;
                }
            }
            first_try.mean = mean.data();
            first_try.uniform = {uniform[0].data(), uniform[1].data(), uniform[2].data(),
                                 uniform[3].data()};
        }
        return first_try;
    };
    // Written by the lanes wherever the masks say they are read.
    for (std::size_t g = 0; g < n;) {
        // Groups are queued flow by flow: four in a row of one flow are one flow-month's.
        if (g + in_step <= n && larges_[g + in_step - 1].group.flow == larges_[g].group.flow) {
            counts::negative_binomial_large_lanes_in_step(
                {first_try_of(g, 0), first_try_of(g + 1, 1), first_try_of(g + 2, 2),
                 first_try_of(g + 3, 3)},
                large_lambdas_.data() + g * lanes_max, large_cases_.data() + g * lanes_max,
                std::span(large_ends_).subspan(g).first<in_step>(), &last_tests_, g * lanes_max);
            g += in_step;
            continue;
        }
        large_ends_[g] = counts::negative_binomial_large_lanes(
            first_try_of(g, 0), large_lambdas_.data() + g * lanes_max,
            large_cases_.data() + g * lanes_max, &last_tests_, g * lanes_max);
        ++g;
    }
    // The first tries' tests that were put off (PTRS's last tests and the gammas' log tests),
    // eight at a time whatever their groups, each outcome into its group's masks as its first
    // try would have put it there.
    counts::last_tests(last_tests_, large_ends_);
    for (std::size_t g = 0; g < n; ++g) {
        const auto& [group, drawn] = larges_[g];
        const auto f = group.flow;
        const auto& ends = large_ends_[g];
        const double* lambda = large_lambdas_.data() + g * lanes_max;
        const std::int64_t* cases = large_cases_.data() + g * lanes_max;
        // Most lanes' counts ended on their first try, and a group's eight lanes are one row of
        // the month's counts: copied in one go when all eight did, lane by lane otherwise.
        const std::uint32_t ended = drawn & ends.gamma & ends.count & ~ends.retried;
        std::int64_t* const row = &out(group.first, f);
        if (ended == (1U << lanes_max) - 1U) {
            copy_lanes(cases, row);
            continue;
        }
        for (std::uint32_t left = ended; left != 0; left &= left - 1U) {
            const auto lane = static_cast<std::uint32_t>(std::countr_zero(left));
            row[lane] = cases[lane];
        }
        for (std::uint32_t left = drawn & ~ended; left != 0; left &= left - 1U) {
            const auto lane = static_cast<std::uint32_t>(std::countr_zero(left));
            const std::uint32_t r = group.first + lane;
            if ((ends.gamma >> lane & 1U) == 0) {
                out(r, f) = draw_one(model, streams[r], month_index, f, r);
            } else if ((ends.retried >> lane & 1U) != 0) {
                // Its first try rejected: the next ones in lanes with others (retry_queued).
                retry_flows_.push_back(static_cast<std::uint32_t>(f));
                retry_replications_.push_back(block_lanes_.first + r);
                retry_rows_.push_back(r);
                retry_lambdas_.push_back(lambda[lane]);
            } else {
                // Its first try not decided in lanes: PTRS (or, for a Poisson mean below 16,
                // inversion) from uniform 2, as negative_binomial goes on after its gamma.
                UniformSequence sequence_of_lane = sequence(streams[r], month_index, f, r);
                std::uint32_t draw = 2;
                out(r, f) = counts::poisson(lambda[lane], sequence_of_lane, draw);
            }
        }
    }
}

// The queued walks: their P(0)s in one vector batch (eight at a time they were latency-bound),
// then each walked in lanes, the four groups of a flow-month in a block of 32 in step; a walk
// longer than the lanes' goes on alone from the same P(0).
void ActivityDraws::walk_queued(std::size_t queued, MonthCases out) {
    constexpr std::size_t lanes_max = counts::k_lanes;
    constexpr std::size_t in_step = counts::k_walks_in_step;
    const std::size_t lanes = queued * lanes_max;
    walk_zeros_.resize(std::max(walk_zeros_.size(), lanes));
    counts::negative_binomial_zero(std::span(walk_means_).first(lanes),
                                   std::span(walk_dispersions_).first(lanes), walk_zeros_);
    const auto lanes_of = [&](std::size_t w) {
        const std::size_t at = w * lanes_max;
        return counts::LaneWalk{.k = walk_dispersions_[at],
                                .mean = walk_means_.data() + at,
                                .zero = walk_zeros_.data() + at,
                                .uniform = walk_uniforms_.data() + at};
    };
    // Walk w's counts (cases, with the lanes in `unfinished` walked on alone) into its row.
    const auto finish = [&](std::size_t w, std::int64_t* cases, std::uint32_t unfinished) {
        const Walk& walk = walks_[w];
        const std::size_t at = w * lanes_max;
        for (std::uint32_t left = walk.walked & unfinished; left != 0; left &= left - 1U) {
            const auto lane = static_cast<std::uint32_t>(std::countr_zero(left));
            const double first_uniform = walk_uniforms_[at + lane];
            auto only_first = [first_uniform](std::uint32_t /*i*/) { return first_uniform; };
            std::uint32_t draw = 0;
            cases[lane] =
                counts::negative_binomial_small(walk_means_[at + lane], walk_dispersions_[at],
                                                walk_zeros_[at + lane], only_first, draw);
        }
        // A group's eight lanes are one row of the month's counts: most walks fill it whole.
        std::int64_t* const row = &out(walk.first, walk.flow);
        if (walk.walked == (1U << lanes_max) - 1U) {
            copy_lanes(cases, row);
            return;
        }
        for (std::uint32_t walked = walk.walked; walked != 0; walked &= walked - 1U) {
            const auto lane = static_cast<std::uint32_t>(std::countr_zero(walked));
            row[lane] = cases[lane];
        }
    };
    std::array<std::int64_t, lanes_max * in_step> cases{};
    for (std::size_t w = 0; w < queued;) {
        // Walks are queued flow by flow: four in a row of one flow are one flow-month's.
        if (w + in_step <= queued && walks_[w + in_step - 1].flow == walks_[w].flow) {
            const std::uint32_t unfinished = counts::negative_binomial_small_lanes_in_step(
                {lanes_of(w), lanes_of(w + 1), lanes_of(w + 2), lanes_of(w + 3)}, cases.data());
            for (std::size_t i = 0; i < in_step; ++i) {
                finish(w + i, cases.data() + i * lanes_max,
                       unfinished >> (i * lanes_max) & ((1U << lanes_max) - 1U));
            }
            w += in_step;
            continue;
        }
        finish(w, cases.data(), counts::negative_binomial_small_lanes(lanes_of(w), cases.data()));
        ++w;
    }
}

// The queued counts' next tries, eight in lanes at a time: try t on uniforms 2t and 2t + 1 of
// each (from 2), for k_lane_tries tries; a count that ends on none, alone from where the lanes
// left it.
void ActivityDraws::retry_queued(std::span<const RandomStream> streams, std::uint32_t month_index,
                                 MonthCases out) {
    constexpr std::size_t lanes_max = counts::k_lanes;
    std::size_t waiting = retry_flows_.size();
    std::uint32_t next = 4;
    const auto go_on_alone = [&](std::size_t i, std::uint32_t from) {
        const std::uint32_t r = retry_rows_[i];
        const std::uint32_t f = retry_flows_[i];
        UniformSequence sequence_of_count = sequence(streams[r], month_index, f, r);
        out(r, f) = counts::poisson(retry_lambdas_[i], sequence_of_count, from);
    };
    for (std::uint32_t t = 0; t < k_lane_tries && waiting > 0; ++t, next += 2) {
        for (auto& uniforms : retry_uniforms_) {
            uniforms.resize(waiting + lanes_max); // room for a whole last group of lanes
        }
        fill_uniform_pairs_keyed(block_lanes_.seed, std::span(retry_replications_).first(waiting),
                                 std::span(retry_flows_).first(waiting),
                                 {.month_index = month_index, .draw = next / 2}, retry_uniforms_[0],
                                 retry_uniforms_[1]);
        retry_lambdas_.resize(waiting + lanes_max, counts::k_small_mean);
        std::size_t kept = 0; // the rejected, moved to the front for the next try
        std::array<std::int64_t, lanes_max> cases;
        for (std::size_t at = 0; at < waiting; at += lanes_max) {
            const auto lanes = static_cast<std::uint32_t>(std::min(lanes_max, waiting - at));
            const auto tried = counts::poisson_lanes_try(
                {.asked = (1U << lanes) - 1U,
                 .lambda = retry_lambdas_.data() + at,
                 .uniform = {retry_uniforms_[0].data() + at, retry_uniforms_[1].data() + at}},
                cases.data());
            for (std::uint32_t lane = 0; lane < lanes; ++lane) {
                const std::size_t i = at + lane;
                if ((tried.count >> lane & 1U) != 0) {
                    out(retry_rows_[i], retry_flows_[i]) = cases[lane];
                } else if ((tried.rejected >> lane & 1U) != 0) {
                    retry_flows_[kept] = retry_flows_[i];
                    retry_replications_[kept] = retry_replications_[i];
                    retry_rows_[kept] = retry_rows_[i];
                    retry_lambdas_[kept] = retry_lambdas_[i];
                    ++kept;
                } else {
                    go_on_alone(i, next);
                }
            }
        }
        waiting = kept;
    }
    for (std::size_t i = 0; i < waiting; ++i) {
        go_on_alone(i, next);
    }
}

} // namespace specflow::sim
