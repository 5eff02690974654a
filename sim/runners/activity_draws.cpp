#include "sim/runners/activity_draws.hpp"

#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/negative_binomial_lanes.hpp"
#include "sim/kernel/uniform_batch.hpp"
#include "sim/kernel/zero_probability.hpp"

#include <algorithm>
#include <stdexcept>

namespace specflow::sim {

namespace {

// Whether a varying flow-month's count is a negative binomial inversion from P(0): walked for
// the block in lanes.
bool walks_in_lanes(double k, double mean) {
    return k > 0.0 && mean > 0.0 && mean < counts::k_small_negative_binomial_mean;
}

// Whether a varying flow-month's count takes more than inversion from 0: a gamma and PTRS, or
// PTRS alone for a Poisson count (k ≤ 0), on uniforms 0 to 3 and maybe more.
bool draws_beyond_inversion(double k, double mean) {
    return mean >= (k > 0.0 ? counts::k_small_negative_binomial_mean : counts::k_small_mean);
}

// Whether it is drawn for the block in lanes at all: walked, or, for a large mean, a gamma and
// PTRS tried in lanes first (Marsaglia and Tsang's method as count_sampler.hpp uses it needs a
// dispersion of at least 1 for that).
bool in_lanes(double k, double mean) {
    return walks_in_lanes(k, mean) || (k >= 1.0 && mean >= counts::k_small_negative_binomial_mean);
}

} // namespace

ActivityDraws::ActivityDraws(std::vector<const Model*> years) : years_(std::move(years)) {
    for (const auto* year : years_) {
        if (year->sampling() != Sampling::poisson) {
            throw std::logic_error("ActivityDraws: a stochastic replication needs Poisson tables");
        }
        year_offset_.push_back(per_replication_);
        per_replication_ += entities::k_months_per_year * year->flow_count();
        from_tables_.push_back(draws_from_tables(*year));
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

std::span<const std::int64_t> ActivityDraws::cases(std::uint32_t replication, std::size_t year,
                                                   int month) const {
    return {cases_.data() + at(replication - first_, year, month), years_[year]->flow_count()};
}

const CommonFactors& ActivityDraws::factors(std::uint32_t replication, std::size_t year) const {
    return *factors_[(replication - first_) * years_.size() + year];
}

void ActivityDraws::draw(std::uint32_t seed, std::uint32_t first, std::uint32_t count) {
    if (first == 0) {
        throw std::logic_error("ActivityDraws: replication 0 draws nothing");
    }
    count_ = 0; // holds nothing until the whole block is drawn
    cases_.resize(count * per_replication_);
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
        uniforms_.resize(count * n);
        second_uniforms_.resize(count * n);
        for (int month = 1; month <= entities::k_months_per_year; ++month) {
            const auto month_index = static_cast<std::uint32_t>(y * entities::k_months_per_year) +
                                     static_cast<std::uint32_t>(month - 1);
            // Uniforms 0 (and 1, when some flow varies beyond Poisson chance) of every flow, for
            // each replication: the same bits as one call each, several flows per instruction.
            for (std::uint32_t r = 0; r < count; ++r) {
                const std::span<double> first_uniforms(uniforms_.data() + r * n, n);
                if (model.any_varies()) {
                    fill_uniform_pairs(streams[r], {.first_flow = 0, .month_index = month_index},
                                       first_uniforms, {second_uniforms_.data() + r * n, n});
                } else {
                    fill_uniforms(streams[r], {.first_flow = 0, .month_index = month_index},
                                  first_uniforms);
                }
            }
            // Each replication's row of counts and of uniforms, held apart from the members so
            // that the stores into the rows do not make the compiler load them again.
            out_rows_.resize(count);
            uniform_rows_.resize(count);
            for (std::uint32_t r = 0; r < count; ++r) {
                out_rows_[r] = cases_.data() + at(r, y, month);
                uniform_rows_[r] = uniforms_.data() + r * n;
            }
            std::int64_t* const* const out = out_rows_.data();
            const double* const* const u = uniform_rows_.data();
            // Plain Poisson, flow by flow: the flow-month's table serves the whole block. A
            // month's new tables lie together in flow order (Model::compile_samplers), so the
            // draws stream through them (fetching each table ahead no longer gains anything).
            for (std::size_t f = 0; from_tables_[y] && f < n; ++f) {
                if (model.varies(f)) {
                    continue;
                }
                const auto table = model.table_of(f, month);
                for (std::uint32_t r = 0; r < count; ++r) {
                    out[r][f] = model.draw_from(table, u[r][f]);
                }
            }
            if (model.any_varies()) {
                means_.resize(count * n);
                large_at_.resize(count * n);
                large_flows_.clear();
                large_uniforms_[0].clear();
                large_uniforms_[1].clear();
                for (std::uint32_t r = 0; r < count; ++r) {
                    draw_varying(model, streams[r], *factors_[r * years_.size() + y], month,
                                 month_index, r * n, {cases_.data() + at(r, y, month), n});
                }
                draw_in_lanes(model, streams, month_index, count, out);
            }
        }
    }
    seed_ = seed;
    first_ = first;
    count_ = count;
}

// Negative binomial (or Poisson) chance around each varying flow's mean this month: its
// expectation times the year's common factors (DESIGN.md §7). Uniforms 0 and 1 are in the
// block's batch at `uniform_at`; uniforms 2 and 3 of the flows whose draw needs them (a gamma
// and PTRS, or PTRS alone) come in another batch; any more, one call at a time. The
// negative binomial counts are drawn afterwards for the whole block, in lanes (draw_in_lanes);
// the others here.
void ActivityDraws::draw_varying(const Model& model, const RandomStream& stream,
                                 const CommonFactors& factors, int month, std::uint32_t month_index,
                                 std::size_t uniform_at, std::span<std::int64_t> out) {
    const auto n = model.flow_count();
    const std::span<double> means(means_.data() + uniform_at, n);
    const std::span<std::int32_t> large_at(large_at_.data() + uniform_at, n);
    const std::size_t large_first = large_flows_.size();
    for (std::size_t f = 0; f < n; ++f) {
        large_at[f] = -1;
        if (!model.varies(f)) {
            means[f] = 0.0;
            continue;
        }
        means[f] = static_cast<double>(std::max<std::int64_t>(0, model.expected_milli(f, month))) *
                   1e-3 * factors.of_flow(f);
        if (draws_beyond_inversion(model.dispersion(f), means[f])) {
            large_at[f] = static_cast<std::int32_t>(large_flows_.size());
            large_flows_.push_back(static_cast<std::uint32_t>(f));
        }
    }
    const std::size_t large_count = large_flows_.size() - large_first;
    for (auto& uniforms : large_uniforms_) {
        uniforms.resize(large_flows_.size());
    }
    fill_uniform_pairs_of(stream, {.month_index = month_index, .draw = 1},
                          std::span(large_flows_).subspan(large_first, large_count),
                          std::span(large_uniforms_[0]).subspan(large_first, large_count),
                          std::span(large_uniforms_[1]).subspan(large_first, large_count));
    for (std::size_t f = 0; f < n; ++f) {
        if (model.varies(f) && !in_lanes(model.dispersion(f), means[f])) {
            out[f] = draw_one(model, stream, month_index, uniform_at, f);
        }
    }
}

// A flow-month's uniforms as a sequence: the first four known, any more computed one call at a
// time.
UniformSequence ActivityDraws::sequence(const RandomStream& stream, std::uint32_t month_index,
                                        std::size_t uniform_at, std::size_t f) const {
    std::array<double, UniformSequence::k_known_max> known{uniforms_[uniform_at + f],
                                                           second_uniforms_[uniform_at + f]};
    std::uint32_t known_count = 2;
    if (const auto large = large_at_[uniform_at + f]; large >= 0) {
        known[2] = large_uniforms_[0][static_cast<std::size_t>(large)];
        known[3] = large_uniforms_[1][static_cast<std::size_t>(large)];
        known_count = 4;
    }
    return {stream, static_cast<std::uint32_t>(f), month_index, k_flow_counts, known, known_count};
}

std::int64_t ActivityDraws::draw_one(const Model& model, const RandomStream& stream,
                                     std::uint32_t month_index, std::size_t uniform_at,
                                     std::size_t f) const {
    UniformSequence uniform = sequence(stream, month_index, uniform_at, f);
    std::uint32_t draw = 0;
    const double mean = means_[uniform_at + f];
    const double k = model.dispersion(f);
    return k <= 0.0 ? counts::poisson(mean, uniform, draw)
                    : counts::negative_binomial(mean, k, uniform, draw);
}

// The block's negative binomial counts of the month, flow by flow, each flow's replications in
// lanes (negative_binomial_lanes.hpp): the large means' first try taken together as the flows
// come; the small means queued, their P(0)s worked out in one batch, then walked in step
// (walk_queued).
void ActivityDraws::draw_in_lanes(const Model& model, std::span<const RandomStream> streams,
                                  std::uint32_t month_index, std::uint32_t count,
                                  std::int64_t* const* out) {
    const auto n = model.flow_count();
    walks_.clear();
    walk_means_.clear();
    walk_dispersions_.clear();
    walk_uniforms_.clear();
    for (std::size_t f = 0; f < n; ++f) {
        const double k = model.dispersion(f);
        if (!model.varies(f) || k <= 0.0) {
            continue;
        }
        for (std::uint32_t first = 0; first < count; first += counts::k_lanes) {
            const LaneGroup group{.flow = f,
                                  .first = first,
                                  .lanes = std::min<std::uint32_t>(counts::k_lanes, count - first)};
            std::uint32_t small = 0; // lanes of each kind, a bit each
            std::uint32_t large = 0;
            for (std::uint32_t lane = 0; lane < group.lanes; ++lane) {
                const double mean = means_[(first + lane) * n + f];
                small |= walks_in_lanes(k, mean) ? 1U << lane : 0U;
                large |= in_lanes(k, mean) && !walks_in_lanes(k, mean) ? 1U << lane : 0U;
            }
            if (small != 0) {
                walks_.push_back(
                    {.flow = static_cast<std::uint32_t>(f), .first = first, .walked = small});
                for (std::uint32_t lane = 0; lane < counts::k_lanes; ++lane) {
                    // A lane not walked ends at once: mean 1, P(0) > 0 and uniform 0.
                    const std::size_t at = (first + lane) * n + f;
                    const bool walked = (small >> lane & 1U) != 0;
                    walk_means_.push_back(walked ? means_[at] : 1.0);
                    walk_dispersions_.push_back(k);
                    walk_uniforms_.push_back(walked ? uniforms_[at] : 0.0);
                }
            }
            if (large != 0) {
                draw_large(model, streams, month_index, group, large, out);
            }
        }
    }
    walk_queued(out);
}

// One flow-month's large means in lanes: the replications `drawn` (a bit per lane of the group)
// take their first try together; a lane whose gamma did not end there is drawn afresh on its
// own, one whose gamma ended but not its count goes on alone from where the lanes left it.
void ActivityDraws::draw_large(const Model& model, std::span<const RandomStream> streams,
                               std::uint32_t month_index, const LaneGroup& group,
                               std::uint32_t drawn, std::int64_t* const* out) const {
    constexpr std::size_t lanes_max = counts::k_lanes;
    const auto n = model.flow_count();
    const auto f = group.flow;
    // Every lane of these is written below (no zeroing first: it was a tenth of this function).
    std::array<double, lanes_max> mean;
    std::array<std::array<double, lanes_max>, 4> uniform;
    for (std::uint32_t lane = 0; lane < lanes_max; ++lane) {
        // A lane not drawn gets harmless values; its results are not read.
        const std::size_t at = (group.first + lane) * n + f;
        const bool in_use = (drawn >> lane & 1U) != 0;
        const auto place = in_use ? static_cast<std::size_t>(large_at_[at]) : 0;
        mean[lane] = in_use ? means_[at] : counts::k_small_negative_binomial_mean;
        uniform[0][lane] = in_use ? uniforms_[at] : 0.5;
        uniform[1][lane] = in_use ? second_uniforms_[at] : 0.5;
        uniform[2][lane] = in_use ? large_uniforms_[0][place] : 0.5;
        uniform[3][lane] = in_use ? large_uniforms_[1][place] : 0.5;
    }
    // Written by the lanes wherever the masks say they are read.
    std::array<std::int64_t, lanes_max> cases;
    std::array<double, lanes_max> lambda;
    const auto ends = counts::negative_binomial_large_lanes(
        {.k = model.dispersion(f),
         .mean = mean.data(),
         .uniform = {uniform[0].data(), uniform[1].data(), uniform[2].data(), uniform[3].data()}},
        lambda.data(), cases.data());
    for (std::uint32_t lane = 0; lane < group.lanes; ++lane) {
        if ((drawn >> lane & 1U) == 0) {
            continue;
        }
        const std::uint32_t r = group.first + lane;
        if ((ends.gamma >> lane & 1U) == 0) {
            out[r][f] = draw_one(model, streams[r], month_index, r * n, f);
        } else if ((ends.count >> lane & 1U) == 0) {
            // PTRS (or, for a Poisson mean below 16, inversion) from uniform 2, as
            // negative_binomial goes on after its gamma, or from uniform 4 after a first try
            // rejected in lanes.
            UniformSequence sequence_of_lane = sequence(streams[r], month_index, r * n, f);
            std::uint32_t draw = (ends.retried >> lane & 1U) != 0 ? 4 : 2;
            out[r][f] = counts::poisson(lambda[lane], sequence_of_lane, draw);
        } else {
            out[r][f] = cases[lane];
        }
    }
}

// The queued walks: their P(0)s in one vector batch (eight at a time they were latency-bound),
// then each walked in lanes; a walk longer than the lanes' goes on alone from the same P(0).
void ActivityDraws::walk_queued(std::int64_t* const* out) {
    constexpr std::size_t lanes_max = counts::k_lanes;
    walk_zeros_.resize(walk_means_.size());
    counts::negative_binomial_zero(walk_means_, walk_dispersions_, walk_zeros_);
    std::array<std::int64_t, lanes_max> cases{};
    for (std::size_t w = 0; w < walks_.size(); ++w) {
        const Walk& walk = walks_[w];
        const std::size_t at = w * lanes_max;
        const double k = walk_dispersions_[at];
        const std::uint32_t unfinished =
            counts::negative_binomial_small_lanes({.k = k,
                                                   .mean = walk_means_.data() + at,
                                                   .zero = walk_zeros_.data() + at,
                                                   .uniform = walk_uniforms_.data() + at},
                                                  cases.data());
        for (std::uint32_t lane = 0; lane < lanes_max; ++lane) {
            if ((walk.walked >> lane & 1U) == 0) {
                continue;
            }
            if ((unfinished >> lane & 1U) != 0) {
                const double first_uniform = walk_uniforms_[at + lane];
                auto only_first = [first_uniform](std::uint32_t /*i*/) { return first_uniform; };
                std::uint32_t draw = 0;
                cases[lane] = counts::negative_binomial_small(
                    walk_means_[at + lane], k, walk_zeros_[at + lane], only_first, draw);
            }
            out[walk.first + lane][walk.flow] = cases[lane];
        }
    }
}

} // namespace specflow::sim
