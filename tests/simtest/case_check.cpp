#include "tests/simtest/case_check.hpp"

#include "sim/runners/monte_carlo.hpp"
#include "sim/runners/replication.hpp"
#include "sim/runners/year_plan.hpp"
#include "tests/simtest/invariants.hpp"
#include "tests/simtest/observation_digest.hpp"

#include <exception>
#include <fmt/format.h>
#include <memory>

namespace specflow::simtest {

namespace {

// The replications' observations run on `threads` workers, `replications` from `first`.
ObservationDigest monte_carlo(const sim::RunModel& model, std::uint32_t seed, std::uint32_t first,
                              std::uint32_t replications, std::uint32_t threads) {
    const auto sinks = sim::run_monte_carlo(model, seed,
                                            {.first_replication = first,
                                             .replications = replications,
                                             .threads = threads,
                                             .block_size = 1,
                                             .forecast = true},
                                            [] { return std::make_unique<ObservationDigest>(); });
    ObservationDigest merged;
    for (const auto& sink : sinks) {
        merged.merge(dynamic_cast<const ObservationDigest&>(*sink));
    }
    return merged;
}

// Records and digests at once.
class RecordAndDigest : public testing::RecordingSink {
public:
    explicit RecordAndDigest(ObservationDigest& digest) : digest_(digest) {}
    void on_provider_month(const sim::ProviderMonth& o) override {
        RecordingSink::on_provider_month(o);
        digest_.on_provider_month(o);
    }
    void on_income(const sim::IncomeBySource& o) override {
        RecordingSink::on_income(o);
        digest_.on_income(o);
    }
    void on_icb_month(const sim::IcbMonth& o) override {
        RecordingSink::on_icb_month(o);
        digest_.on_icb_month(o);
    }
    void on_month_close(const sim::MonthClose& o) override {
        RecordingSink::on_month_close(o);
        digest_.on_month_close(o);
    }
    void on_recharge(const sim::RechargeSettlement& o) override {
        RecordingSink::on_recharge(o);
        digest_.on_recharge(o);
    }
    void on_pool_settlement(const sim::PoolSettlement& o) override {
        RecordingSink::on_pool_settlement(o);
        digest_.on_pool_settlement(o);
    }
    void on_national_month(const sim::NationalMonth& o) override {
        RecordingSink::on_national_month(o);
        digest_.on_national_month(o);
    }

private:
    ObservationDigest& digest_;
};

// Runs replication 0 and 1..n one after the other, checking each, and returns the digest of
// 1..n (replication 0's goes to `expected`).
ObservationDigest run_and_check(const testing::SimulationCase& c, const sim::RunModel& model,
                                std::uint32_t replications, ObservationDigest& expected,
                                std::vector<std::string>& failures) {
    ObservationDigest drawn;
    for (std::uint32_t replication = 0; replication <= replications; ++replication) {
        RecordAndDigest sink(replication == 0 ? expected : drawn);
        sim::run_replication(model, {c.scenario.seed, replication}, sink);
        const ReplicationRecord record{.model = model, .sink = sink, .replication = replication};
        check_conservation(record, failures);
        check_budgets(record, failures);
        check_settlements(record, failures);
        check_forecasts(record, c.scenario.policy.forecast_from_month, failures);
    }
    return drawn;
}

void compare(std::string_view what, const ObservationDigest& expected,
             const ObservationDigest& actual, std::vector<std::string>& failures) {
    if (const auto difference = expected.first_difference(actual); !difference.empty()) {
        failures.push_back(fmt::format("{}: {}", what, difference));
    }
}

void check_planned_case(const testing::SimulationCase& c, const CaseCheckOptions& options,
                        std::vector<std::string>& failures) {
    const auto seed = c.scenario.seed;
    const sim::RunModel model(sim::plan_years(c.scenario, c.years), sim::Sampling::poisson);
    ObservationDigest expected;
    const auto drawn = run_and_check(c, model, options.replications, expected, failures);

    // Replication 0 is the expected-value run: the same as a model that draws nothing.
    const sim::RunModel expected_only(sim::plan_years(c.scenario, c.years),
                                      sim::Sampling::expected_only);
    ObservationDigest expected_values;
    sim::run_replication(expected_only, {seed, 0}, expected_values);
    compare("replication 0 against the expected-value run", expected_values, expected, failures);

    const auto n = options.replications;
    compare("Monte Carlo on one thread against one by one", drawn,
            monte_carlo(model, seed, 1, n, 1), failures);
    compare("Monte Carlo on two threads against one by one", drawn,
            monte_carlo(model, seed, 1, n, 2), failures);
    // As two MPI ranks share replications 1..n: contiguous shares, merged.
    auto shared = monte_carlo(model, seed, 1, n / 2, 1);
    shared.merge(monte_carlo(model, seed, 1 + n / 2, n - n / 2, 2));
    compare("replications shared out as two ranks against one by one", drawn, shared, failures);
}

} // namespace

std::vector<std::string> check_case(const testing::SimulationCase& c,
                                    const CaseCheckOptions& options) {
    std::vector<std::string> failures;
    try {
        c.scenario.verify();
        check_planned_case(c, options, failures);
    } catch (const std::exception& error) {
        failures.push_back(fmt::format("threw: {}", error.what()));
    }
    return failures;
}

} // namespace specflow::simtest
