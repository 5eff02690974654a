#include "tests/fuzz/fuzz_outcome.hpp"

#include "entities/rounding.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sim/rules/allocation/infeasible_policy.hpp"
#include "sim/runners/replication.hpp"
#include "sim/runners/year_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <utility>

namespace specflow::fuzz {

namespace {

// Flow-years above which a loaded scenario is only loaded, not planned and run: planning the
// built-in England scenario (about 2,400 flows) takes a good part of a second under the
// sanitizers, far longer than a fuzz input should.
constexpr std::size_t k_flow_years_run_max = 2'000;
constexpr int k_years_max = 3;

class NullSink : public sim::ObservationSink {
public:
    void on_provider_month(const sim::ProviderMonth& /*observation*/) override {}
    void on_income(const sim::IncomeBySource& /*observation*/) override {}
    void on_icb_month(const sim::IcbMonth& /*observation*/) override {}
    void on_month_close(const sim::MonthClose& /*observation*/) override {}
};

[[noreturn]] void finding(const char* kind, const char* what) {
    std::fprintf(stderr, "FINDING: %s that is not a bad-input error: %s\n", kind, what);
    std::abort();
}

void shown(bool show, const std::exception& error) {
    if (show) {
        std::fprintf(stderr, "bad input: %s\n", error.what());
    }
}

} // namespace

void expect_bad_input_error(const std::function<void()>& attempt) {
    // SPECFLOW_FUZZ_SHOW=1 prints the error each input gives, to see what replaying it says.
    static const bool show = std::getenv("SPECFLOW_FUZZ_SHOW") != nullptr;
    try {
        attempt();
        if (show) {
            std::fprintf(stderr, "accepted\n");
        }
    } catch (const scenarios::ScenarioError& error) {
        shown(show, error);
    } catch (const sim::InfeasiblePolicy& error) {
        shown(show, error);
    } catch (const entities::MoneyOverflow& error) {
        shown(show, error);
    } catch (const std::exception& error) {
        finding("an exception", error.what());
    } catch (...) {
        finding("an exception", "not a std::exception");
    }
}

void load_and_run(const std::filesystem::path& toml_path) {
    const auto scenario = scenarios::load_scenario(toml_path);
    (void)scenario.national_budget(); // as the program does before any run
    const int years =
        std::clamp(static_cast<int>(scenario.allocation.years.size()), 1, k_years_max);
    if (scenario.flows.size() * static_cast<std::size_t>(years) > k_flow_years_run_max) {
        return;
    }
    const sim::RunModel model(sim::plan_years(scenario, years), sim::Sampling::poisson);
    for (const std::uint32_t replication : {0U, 1U}) {
        NullSink sink;
        sim::run_replication(model, {scenario.seed, replication}, sink);
    }
}

} // namespace specflow::fuzz
