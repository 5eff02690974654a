#include "tools/replications_with_forecast.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

namespace specflow::tools {

std::vector<std::unique_ptr<sim::ObservationSink>>
run_monte_carlo_with_forecast(const sim::RunModel& model, std::uint32_t seed,
                              const sim::MonteCarloOptions& options,
                              const std::function<std::unique_ptr<sim::ObservationSink>()>& make) {
    constexpr auto k_progress_every = std::chrono::milliseconds(100);
    const auto threads = std::max<std::uint32_t>(1, options.threads);
    const auto block = std::max<std::uint32_t>(1, options.block_size);
    std::vector<std::unique_ptr<sim::ObservationSink>> sinks;
    for (std::uint32_t t = 0; t < threads; ++t) {
        sinks.push_back(make());
    }
    auto replication = options.replication;
    replication.forecast = true;
    std::atomic<std::uint32_t> next{0};
    std::atomic<std::uint32_t> done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex;
    boost::asio::thread_pool pool(threads);
    for (std::uint32_t t = 0; t < threads; ++t) {
        boost::asio::post(pool, [&, t] {
            try {
                for (auto start = next.fetch_add(block); !failed && start < options.replications;
                     start = next.fetch_add(block)) {
                    const auto end = std::min(options.replications, start + block);
                    for (auto r = start; r < end; ++r) {
                        sim::run_replication(model, {seed, options.first_replication + r},
                                             *sinks[t], replication);
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
    while (options.on_progress && done < options.replications && !failed) {
        options.on_progress(done);
        std::this_thread::sleep_for(k_progress_every);
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

} // namespace specflow::tools
