// specflow_bench: measures the monthly loop on a scenario (default: the built-in England).
// For each thread count it runs the full engine over the scenario's years and a "limit loop"
// that only draws the Poisson counts and adds them up — the speed the engine could at best
// approach — and prints flow-months per second, replications per second and peak memory, and
// how the engine's workers' time divides between drawing their blocks' activity and the
// replications' monthly cycles (the books and the summaries' intake).
//
//   specflow_bench [--replications R] [--years N] [--threads 1,2] [SCENARIO.toml]

#include "scenarios/builtin.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/runners/monte_carlo.hpp"

#include <CLI/CLI.hpp>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <fmt/format.h>
#include <string>
#include <sys/resource.h>

namespace {

using Clock = std::chrono::steady_clock;

// Counts what it is told, so the compiler cannot drop the work.
class CountingSink : public specflow::sim::ObservationSink {
public:
    void on_provider_month(const specflow::sim::ProviderMonth& o) override {
        sum_ += o.income.pence();
    }
    void on_income(const specflow::sim::IncomeBySource&) override {}
    void on_icb_month(const specflow::sim::IcbMonth&) override {}
    void on_month_close(const specflow::sim::MonthClose&) override {}
    [[nodiscard]] std::int64_t sum() const { return sum_; }

private:
    std::int64_t sum_ = 0;
};

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_memory_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Only the draws: every flow-month of every replication, summed; replications shared out
// between threads in blocks as the engine does.
std::int64_t limit_loop(const specflow::sim::RunModel& model, std::uint32_t seed,
                        std::uint32_t replications, std::uint32_t threads) {
    std::atomic<std::int64_t> total{0};
    std::atomic<std::uint32_t> next{1};
    boost::asio::thread_pool pool(threads);
    for (std::uint32_t t = 0; t < threads; ++t) {
        boost::asio::post(pool, [&] {
            std::int64_t sum = 0;
            for (auto r = next.fetch_add(1); r <= replications; r = next.fetch_add(1)) {
                const specflow::sim::RandomStream stream({seed, r});
                for (std::size_t y = 0; y < model.year_count(); ++y) {
                    const auto& year = model.year(y);
                    for (int m = 1; m <= 12; ++m) {
                        const auto month_index =
                            static_cast<std::uint32_t>(y * 12) + static_cast<std::uint32_t>(m - 1);
                        for (std::size_t f = 0; f < year.flow_count(); ++f) {
                            sum += year.sampler(f, m).sample(
                                stream.uniform(static_cast<std::uint32_t>(f), month_index, 0));
                        }
                    }
                }
            }
            total += sum;
        });
    }
    pool.join();
    return total;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"specflow_bench: flow-months and replications per second of the monthly loop"};
    std::uint32_t replications = 1'000;
    int years = 5;
    std::vector<std::uint32_t> thread_counts{1, 2};
    std::string scenario_path;
    app.add_option("--replications", replications, "Replications per measurement")
        ->capture_default_str();
    app.add_option("--years", years, "Financial years")->capture_default_str();
    app.add_option("--threads", thread_counts, "Thread counts to measure")
        ->delimiter(',')
        ->capture_default_str();
    app.add_option("scenario", scenario_path, "Scenario TOML (default: England)");
    CLI11_PARSE(app, argc, argv);

    const auto path = scenario_path.empty()
                          ? specflow::scenarios::builtin_scenario_path("england-2024-25")
                          : std::filesystem::path(scenario_path);
    auto start = Clock::now();
    const auto scenario = specflow::scenarios::load_scenario(path);
    const double load_s = seconds_since(start);
    start = Clock::now();
    const specflow::sim::RunModel model(specflow::sim::plan_years(scenario, years),
                                        specflow::sim::Sampling::poisson);
    const double build_s = seconds_since(start);
    std::size_t flows = 0;
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        flows += model.year(y).flow_count();
    }
    const double flow_months = static_cast<double>(flows) * 12.0 * replications;
    fmt::print("scenario {}: {} year(s), {} flows, {} contracts, {} providers; {} replications = "
               "{:.3g} flow-months ({} a replication)\n",
               scenario.name, years, model.year(0).flow_count(), scenario.contracts.size(),
               scenario.providers.size(), replications, flow_months, flows * 12);
    fmt::print("load {:.1f} ms, plan and build models (Poisson tables) {:.1f} ms, peak memory so "
               "far {:.0f} MiB\n",
               load_s * 1e3, build_s * 1e3, peak_memory_mib());

    for (const auto threads : thread_counts) {
        start = Clock::now();
        std::int64_t checksum = 0;
        specflow::sim::MonteCarloTimes times;
        const auto sinks =
            specflow::sim::run_monte_carlo(model, scenario.seed,
                                           {.first_replication = 1,
                                            .replications = replications,
                                            .threads = threads,
                                            .times = &times},
                                           [] { return std::make_unique<CountingSink>(); });
        for (const auto& sink : sinks) {
            checksum += static_cast<const CountingSink&>(*sink).sum();
        }
        const double engine_s = seconds_since(start);
        start = Clock::now();
        const auto limit = limit_loop(model, scenario.seed, replications, threads);
        const double limit_s = seconds_since(start);
        fmt::print("{} thread(s): engine {:.2f} s = {:.0f} replications/s, {:.1f} M flow-months/s "
                   "({:.1f} ns each); limit loop {:.2f} s = {:.1f} M flow-months/s; engine/limit "
                   "{:.2f}x; peak memory {:.0f} MiB (checksums {} {})\n",
                   threads, engine_s, replications / engine_s, flow_months / engine_s / 1e6,
                   engine_s / flow_months * 1e9 * threads, limit_s, flow_months / limit_s / 1e6,
                   engine_s / limit_s, peak_memory_mib(), checksum % 1000, limit % 1000);
        const double draws_ns = static_cast<double>(times.draws_ns.load());
        const double cycles_ns = static_cast<double>(times.cycles_ns.load());
        fmt::print("  the workers' time: drawing the activity {:.1f} ns a flow-month ({:.0f}%), "
                   "the monthly cycles {:.1f} ns ({:.0f}%)\n",
                   draws_ns / flow_months, 100.0 * draws_ns / (draws_ns + cycles_ns),
                   cycles_ns / flow_months, 100.0 * cycles_ns / (draws_ns + cycles_ns));
    }
    return 0;
}
