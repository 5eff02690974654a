// specflow_bench: measures the monthly loop on a scenario (default: the built-in England).
// Prints model build time, and replications and flow-months per second for the full engine
// and for a limit loop that only draws the Poisson counts and adds them up.

#include "scenarios/builtin.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/runners/replication.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

class NullSink : public specflow::sim::ObservationSink {
public:
    void on_provider_month(const specflow::sim::ProviderMonth& o) override { sum_ += o.income.pence(); }
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

} // namespace

int main(int argc, char** argv) {
    const std::uint32_t replications = argc > 1 ? static_cast<std::uint32_t>(std::atoi(argv[1])) : 200;
    const auto path = argc > 2 ? std::filesystem::path(argv[2])
                               : specflow::scenarios::builtin_scenario_path("england-2024-25");
    auto start = Clock::now();
    const auto scenario = specflow::scenarios::load_scenario(path);
    const double load_s = seconds_since(start);
    start = Clock::now();
    const specflow::sim::Model model(scenario, specflow::sim::Sampling::poisson);
    const double build_s = seconds_since(start);

    NullSink sink;
    start = Clock::now();
    for (std::uint32_t r = 1; r <= replications; ++r) {
        specflow::sim::run_replication(model, {scenario.seed, r}, sink);
    }
    const double engine_s = seconds_since(start);

    start = Clock::now();
    std::int64_t total = 0;
    for (std::uint32_t r = 1; r <= replications; ++r) {
        const specflow::sim::RandomStream stream({scenario.seed, r});
        for (int m = 1; m <= 12; ++m) {
            for (std::size_t f = 0; f < model.flow_count(); ++f) {
                total += model.table(f, m).sample(stream.uniform(static_cast<std::uint32_t>(f),
                                                                 static_cast<std::uint32_t>(m - 1), 0));
            }
        }
    }
    const double limit_s = seconds_since(start);

    const double flow_months = static_cast<double>(model.flow_count()) * 12.0 * replications;
    fmt::print("scenario {}: {} flows, {} contracts, {} providers\n", scenario.name,
               model.flow_count(), scenario.contracts.size(), scenario.providers.size());
    fmt::print("load {:.1f} ms, model build (Poisson tables) {:.1f} ms\n", load_s * 1e3, build_s * 1e3);
    fmt::print("engine, 1 thread: {} replications x 1 year in {:.3f} s: {:.0f} replications/s, "
               "{:.1f} M flow-months/s, {:.1f} ns per flow-month\n",
               replications, engine_s, replications / engine_s, flow_months / engine_s / 1e6,
               engine_s / flow_months * 1e9);
    fmt::print("limit loop (draw + add only): {:.1f} M flow-months/s, {:.1f} ns per flow-month "
               "(checksum {} {})\n",
               flow_months / limit_s / 1e6, limit_s / flow_months * 1e9, total, sink.sum() % 1000);
    return 0;
}
