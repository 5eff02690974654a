#include "sim/runners/monte_carlo.hpp"

#include "sim/runners/activity_draws.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace specflow::sim {

std::uint32_t block_at(std::uint32_t block, std::uint32_t left, std::uint32_t threads) {
    const std::uint32_t floor = std::min(block, k_block_min);
    const std::uint32_t even = (left + threads - 1) / std::max<std::uint32_t>(1, threads);
    return std::min(left, std::clamp(even, floor, block));
}

std::vector<std::unique_ptr<ObservationSink>>
run_monte_carlo(const RunModel& model, std::uint32_t seed, const MonteCarloOptions& options,
                const std::function<std::unique_ptr<ObservationSink>()>& make_sink) {
    const auto threads = std::max<std::uint32_t>(1, options.threads);
    const auto block = options.block_size > 0 ? options.block_size : k_block;
    std::vector<std::unique_ptr<ObservationSink>> sinks(threads);
    std::atomic<std::uint32_t> next{0};
    std::atomic<std::uint32_t> done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex;

    ReplicationOptions replication = options.replication;
    replication.forecast = options.forecast;
    boost::asio::thread_pool pool(threads);
    for (std::uint32_t t = 0; t < threads; ++t) {
        boost::asio::post(pool, [&, t] {
            try {
                // Each worker makes its own sink: a summary's bins (tens of megabytes) are
                // allocated and first touched on both cores at once, not one after another.
                sinks[t] = make_sink();
                std::optional<ActivityDraws> draws;
                while (!failed) {
                    auto start = next.load();
                    std::uint32_t size = 0;
                    do {
                        size = block_at(block, options.replications - start, threads);
                    } while (size > 0 && !next.compare_exchange_weak(start, start + size));
                    if (size == 0) {
                        break;
                    }
                    const auto end = start + size;
                    // The block's activity first (replication 0, the expected-value run, draws
                    // none), then its replications one by one.
                    const auto drawn =
                        std::max<std::uint32_t>(1, options.first_replication + start);
                    // Clock readings only for a caller that asks (MonteCarloTimes).
                    const auto now = [&] {
                        return options.times != nullptr ? std::chrono::steady_clock::now()
                                                        : std::chrono::steady_clock::time_point{};
                    };
                    const auto began = now();
                    if (const auto last = options.first_replication + end; drawn < last) {
                        if (!draws) {
                            draws.emplace(model.years(), replication.watched_flows);
                        }
                        draws->draw(seed, drawn, last - drawn);
                    }
                    const auto between = now();
                    for (auto r = start; r < end; ++r) {
                        run_replication(model, {seed, options.first_replication + r}, *sinks[t],
                                        replication, draws ? &*draws : nullptr);
                    }
                    if (options.times != nullptr) {
                        const auto ns = [](auto duration) {
                            return std::chrono::duration_cast<std::chrono::nanoseconds>(duration)
                                .count();
                        };
                        options.times->draws_ns += ns(between - began);
                        options.times->cycles_ns += ns(std::chrono::steady_clock::now() - between);
                    }
                    done += end - start;
                }
            } catch (...) {
                const std::lock_guard lock(error_mutex);
                if (!error) {
                    error = std::current_exception();
                }
                failed = true;
            }
        });
    }
    if (options.on_progress) {
        while (done < options.replications && !failed) {
            options.on_progress(done);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    pool.join();
    if (error) {
        std::rethrow_exception(error);
    }
    if (options.on_progress) {
        options.on_progress(done);
    }
    return sinks;
}

} // namespace specflow::sim
