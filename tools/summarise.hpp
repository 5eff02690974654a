#pragma once

// Monte Carlo replications summarised on a thread pool and, in an MPI job, over processes:
// shared by `run --replications` and `stress`.

#include "entities/money.hpp"
#include "reports/monte_carlo_summary.hpp"
#include "sim/runners/monte_carlo.hpp"
#include "sim/runners/replication.hpp"
#include "tools/distributed.hpp"
#include "tools/options.hpp"
#include "tools/prepare.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace specflow::tools {

// A progress bar on stderr, only when it is a terminal.
[[nodiscard]] std::function<void(std::uint32_t)> progress_bar(std::uint32_t total,
                                                              std::string what);

// Whether the replications work out the forecast outturn (only `stress` summarises it).
enum class Forecast : std::uint8_t { skipped, kept };

// Replications 1..R: a pilot of the first 100 sets the summaries' ranges, then every
// replication is summarised on the thread pool into a Sink made by make(shape, layout,
// threshold), and the workers' sinks are merged.
//
// In an MPI job every process runs the same pilot, then its own contiguous share of the
// replications; the root adds the others' summaries to its own (integer sums, so the result is
// the one a single process would get, bit for bit).
template <typename Sink, typename Make>
Sink summarise(const Prepared& prepared, const MonteCarloOptions& options,
               const sim::ReplicationOptions& replication, Make make, const World& world,
               Forecast forecast = Forecast::skipped) {
    const auto& model = prepared.model;
    const auto& scenario = prepared.scenario;
    const reports::SummaryShape shape{scenario.providers.size(), scenario.icbs.size(),
                                      model.year_count(), scenario.first_year};
    const auto pilot_count = std::min<std::uint32_t>(options.replications, 100);
    const auto pilot_sinks = sim::run_monte_carlo(
        model, scenario.seed, {.replications = pilot_count, .threads = options.threads},
        [&] { return std::make_unique<reports::PilotSink>(shape); });
    // The workers' pilots are read where they lie, not first merged into one on this thread
    // while every core waits.
    std::vector<const reports::PilotSink*> pilots;
    for (const auto& sink : pilot_sinks) {
        pilots.push_back(static_cast<const reports::PilotSink*>(sink.get()));
    }
    const auto layout = reports::layout_from(pilots);
    const std::optional<entities::Money> threshold = options.threshold;
    const auto share = share_of(world, options.replications);
    // A plain summary takes the pilot's values of replications 1..100 as they are rather than
    // running those replications again, when they are all in this process's share (the sums
    // and counts are the same either way). A stress run's sink keeps more than the pilot saw.
    std::uint32_t reused = 0;
    if constexpr (std::is_same_v<Sink, reports::SummarySink>) {
        if (share.first == 1 && share.count >= pilot_count) {
            reused = pilot_count;
        }
    }
    // The progress counts every replication of the share, the pilot's taken ones as done.
    std::function<void(std::uint32_t)> progress;
    if (auto bar = world.root() ? progress_bar(share.count, "replications") : nullptr) {
        progress = [bar = std::move(bar), reused](std::uint32_t done) { bar(reused + done); };
    }
    const sim::MonteCarloOptions run{.first_replication = share.first + reused,
                                     .replications = share.count - reused,
                                     .threads = options.threads,
                                     .replication = replication,
                                     .forecast = forecast == Forecast::kept,
                                     .on_progress = progress};
    // The pilot's values go into the sink of the worker that starts first, on its own core while
    // the others take replications, rather than into the merged summary once all have finished
    // (the sums and counts are the same either way).
    std::atomic<bool> pilot_added{reused == 0};
    const auto make_sink = [&]() -> std::unique_ptr<sim::ObservationSink> {
        auto sink = make(shape, layout, threshold);
        if constexpr (std::is_same_v<Sink, reports::SummarySink>) {
            if (!pilot_added.exchange(true)) {
                for (const auto* pilot : pilots) {
                    sink->add_pilot(*pilot);
                }
            }
        }
        return sink;
    };
    auto sinks = sim::run_monte_carlo(model, scenario.seed, run, make_sink);
    auto summary = std::move(static_cast<Sink&>(*sinks[0]));
    for (std::size_t i = 1; i < sinks.size(); ++i) {
        summary.merge(static_cast<const Sink&>(*sinks[i]));
    }
    if (world.size > 1) {
        const auto words = reduce_to_root(world, summary.to_words(), &Sink::reduce_words);
        if (world.root()) {
            summary.load_words(words);
        }
    }
    if constexpr (std::is_base_of_v<reports::SummarySink, Sink>) {
        summary.settle(); // so that its readers may read it from several threads at once
    }
    return summary;
}

} // namespace specflow::tools
