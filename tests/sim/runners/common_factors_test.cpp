// CommonFactors: each factor a flow is multiplied by is the lognormal of its own normal, drawn
// from its own counter; the providers × lines no flow is of are not drawn (nothing reads them).
#include "sim/kernel/count_sampler.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/runners/common_factors.hpp"
#include "sim/runners/run_model.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>
#include <vector>

namespace {

using namespace specflow::testing;
using specflow::entities::ContractKind;
using specflow::entities::Money;
namespace sim = specflow::sim;
namespace counts = specflow::sim::counts;

// The normal CommonFactors draws for a factor: the ziggurat from draw 0 of (item, year, kind).
double normal_of(const sim::RandomStream& stream, sim::StreamKind kind, std::uint32_t item,
                 std::uint32_t year) {
    sim::UniformSequence uniform(stream, item, year, kind);
    std::uint32_t draw = 0;
    return counts::standard_normal(uniform, draw);
}

} // namespace

TEST_CASE(
    "CommonFactors: a flow's factors are drawn from their own counters, and a provider's line "
    "with no flow keeps 1, and a line's national factor of cv 0 is 1") {
    ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto a = b.icb("A", region, pounds(50'000'000));
    const auto p = b.provider("P", a);
    const auto q = b.provider("Q", a);
    const auto transplant = b.line("Transplant", pounds(17'000));
    const auto chemo = b.line("Chemotherapy", pounds(450));
    b.scenario().service_lines[transplant.index()].variation = {
        .monthly_cv_bp = 2'000, .national_cv_bp = 500, .provider_cv_bp = 1'000, .trend_sd_bp = 0};
    b.scenario().service_lines[chemo.index()].variation = {
        .monthly_cv_bp = 500, .national_cv_bp = 0, .provider_cv_bp = 600, .trend_sd_bp = 0};
    for (const auto provider : {p, q}) {
        b.cost(provider, transplant, pounds(1'000'000), pounds(9'000));
        b.cost(provider, chemo, pounds(100'000), pounds(300));
    }
    const auto at_p = b.contract(payer_icb(a), p, ContractKind::activity, Money{});
    const auto at_q = b.contract(payer_icb(a), q, ContractKind::activity, Money{});
    b.flow(a, p, transplant, 600'000, at_p);
    b.flow(a, p, chemo, 3'600'000, at_p);
    b.flow(a, p, chemo, 6'000, at_p);     // the same provider × line again
    b.flow(a, q, chemo, 1'200'000, at_q); // Q does no transplants
    const sim::RunModel model(sim::plan_years(b.scenario(), 1), sim::Sampling::poisson);
    const sim::Model& year = model.year(0);

    // Provider × lines + line, ascending, each once: P's two lines and Q's chemotherapy.
    const std::vector<std::uint32_t> expected_items{
        static_cast<std::uint32_t>(p.index() * 2 + transplant.index()),
        static_cast<std::uint32_t>(p.index() * 2 + chemo.index()),
        static_cast<std::uint32_t>(q.index() * 2 + chemo.index())};
    const auto items = year.provider_lines_with_flows();
    CHECK(std::vector<std::uint32_t>(items.begin(), items.end()) == expected_items);

    const sim::RandomStream stream({.seed = 11, .replication = 4});
    const sim::CommonFactors factors(year, stream, 0);
    const auto provider_factor = [&](specflow::entities::ProviderId provider,
                                     specflow::entities::ServiceLineId line, double cv) {
        const auto item = static_cast<std::uint32_t>(provider.index() * 2 + line.index());
        return counts::lognormal_factor(cv, normal_of(stream, sim::k_provider_factor, item, 0));
    };
    CHECK(factors.national(transplant.index()) ==
          counts::lognormal_factor(0.05,
                                   normal_of(stream, sim::k_national_factor,
                                             static_cast<std::uint32_t>(transplant.index()), 0)));
    CHECK(factors.national(chemo.index()) == 1.0);
    CHECK(factors.provider(p.index(), transplant.index()) == provider_factor(p, transplant, 0.1));
    CHECK(factors.provider(p.index(), chemo.index()) == provider_factor(p, chemo, 0.06));
    CHECK(factors.provider(q.index(), chemo.index()) == provider_factor(q, chemo, 0.06));
    CHECK(factors.provider(q.index(), chemo.index()) != 1.0);
    CHECK(factors.provider(q.index(), transplant.index()) == 1.0); // no flow: not drawn
    // Each flow's factor is the product of its line's and its provider's.
    CHECK(factors.of_flow(0) == factors.national(transplant.index()) * 1.0 *
                                    factors.provider(p.index(), transplant.index()));
    CHECK(factors.of_flow(3) ==
          factors.national(chemo.index()) * 1.0 * factors.provider(q.index(), chemo.index()));
}
