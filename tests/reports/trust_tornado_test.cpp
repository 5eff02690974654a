// A trust's tornado (reports/trust_tornado.hpp) on scenarios whose answer is known: block income
// does not move with activity, so every income input of a block-paid flow is exactly zero while
// its pressure inputs are not; with activity contracts income is linear in activity, so the
// attributed shares add up to the whole variance within three standard errors, and the
// factors' shares are the closed forms below.

#include "reports/trust_tornado.hpp"
#include "sim/runners/model.hpp"
#include "sim/runners/replication.hpp"
#include "sim/runners/year_plan.hpp"
#include "tests/support/scenario_builder.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <vector>

namespace {

using specflow::entities::ContractKind;
using specflow::entities::Money;
using specflow::reports::TornadoTotal;
using specflow::reports::TrustTornado;
using specflow::reports::VarianceAttribution;
using specflow::testing::payer_icb;
using specflow::testing::pounds;

// Feeds a TrustTornado the provider's first-FY income, drugs passed through, pressure and flows.
class TornadoSink : public specflow::sim::ObservationSink {
public:
    TornadoSink(TrustTornado& tornado, specflow::entities::ProviderId provider)
        : tornado_(tornado), provider_(provider) {}
    void on_provider_month(const specflow::sim::ProviderMonth& o) override {
        if (o.provider == provider_) {
            income_ += o.income;
            pressure_ += o.pressure;
        }
    }
    void on_income(const specflow::sim::IncomeBySource& o) override {
        if (o.provider == provider_ && o.kind == ContractKind::drugs) {
            drugs_ += o.amount;
        }
    }
    void on_icb_month(const specflow::sim::IcbMonth&) override {}
    void on_month_close(const specflow::sim::MonthClose&) override {}
    void on_flow_year(const specflow::sim::FlowYear& o) override { tornado_.on_flow_year(o); }
    void on_year_close(const specflow::sim::YearClose& o) override {
        tornado_.close(o.replication, income_, income_ - drugs_, pressure_);
        income_ = drugs_ = pressure_ = Money{};
    }

private:
    TrustTornado& tornado_;
    specflow::entities::ProviderId provider_;
    Money income_;
    Money drugs_;
    Money pressure_;
};

struct Run {
    specflow::entities::Scenario scenario;
    std::vector<std::size_t> flows;
};

// One ICB, one trust, two lines: A (£1,000 a case, 1,200 cases a year) and B (£5,000, 120),
// each paid by a contract of `kind_a` / `kind_b`, and varying with a 30% monthly cv, a 10%
// national and a 20% provider factor.
Run two_lines(ContractKind kind_a, ContractKind kind_b) {
    specflow::testing::ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto icb = b.icb("North ICB", region, pounds(100'000'000));
    const auto trust = b.provider("Trust", icb);
    const auto a = b.line("Line A", pounds(1'000));
    const auto l_b = b.line("Line B", pounds(5'000));
    for (auto& line : b.scenario().service_lines) {
        line.variation = {.monthly_cv_bp = 3'000, .national_cv_bp = 1'000, .provider_cv_bp = 2'000};
    }
    b.cost(trust, a, pounds(120'000), pounds(700));
    b.cost(trust, l_b, pounds(60'000), pounds(4'000));
    const auto ca = b.contract(payer_icb(icb), trust, kind_a,
                               kind_a == ContractKind::activity ? Money{} : pounds(1'200'000));
    const auto cb = b.contract(payer_icb(icb), trust, kind_b,
                               kind_b == ContractKind::activity ? Money{} : pounds(600'000));
    b.flow(icb, trust, a, 1'200'000, ca);
    b.flow(icb, trust, l_b, 120'000, cb);
    return {b.scenario(), {0, 1}};
}

TrustTornado run(const Run& r, std::uint32_t replications) {
    const specflow::sim::RunModel model(specflow::sim::plan_years(r.scenario, 1),
                                        specflow::sim::Sampling::poisson);
    TrustTornado tornado(r.scenario, specflow::entities::ProviderId(0), r.flows);
    TornadoSink sink(tornado, specflow::entities::ProviderId(0));
    for (std::uint32_t rep = 1; rep <= replications; ++rep) {
        specflow::sim::run_replication(model, {7, rep}, sink, {.watched_flows = r.flows});
    }
    return tornado;
}

} // namespace

TEST_CASE("tornado: block income is exactly zero for every input, and its pressure is not") {
    const auto tornado = run(two_lines(ContractKind::block, ContractKind::block), 400);
    REQUIRE(tornado.of(TornadoTotal::income).count() == 400);
    for (const auto& share : tornado.of(TornadoTotal::income).shares()) {
        CHECK(share.share == 0.0);
        CHECK(share.standard_error == 0.0);
    }
    CHECK(tornado.of(TornadoTotal::income).total_variance() == 0.0);
    CHECK(tornado.rows(TornadoTotal::income).empty());
    // Costs move with the cases, so pressure does: its largest input is line A's provider factor
    // (1,200 cases × £700 × 20%, about £168k, against line B's 120 × £4,000 × 20%, £96k).
    const auto pressure = tornado.rows(TornadoTotal::pressure);
    REQUIRE_FALSE(pressure.empty());
    CHECK(pressure[0].input == "this trust's own: Line A");
}

TEST_CASE("tornado: block-paid inputs are exactly zero beside activity-paid ones") {
    const auto tornado = run(two_lines(ContractKind::activity, ContractKind::block), 400);
    const auto shares = tornado.of(TornadoTotal::income).shares();
    const auto& labels = tornado.labels();
    REQUIRE(labels.size() == 8); // chance, national, provider and trend for each line
    for (std::size_t i = 0; i < labels.size(); ++i) {
        CAPTURE(labels[i]);
        if (labels[i].find("Line B") != std::string::npos) {
            CHECK(shares[i].share == 0.0);
            CHECK(shares[i].standard_error == 0.0);
        }
    }
    CHECK(tornado.rows(TornadoTotal::income).at(0).input.find("Line A") != std::string::npos);
}

TEST_CASE("tornado: with activity contracts the shares add up to the variance, as computed") {
    const auto tornado = run(two_lines(ContractKind::activity, ContractKind::activity), 4'000);
    const auto sum = tornado.of(TornadoTotal::income).sum();
    INFO("sum of shares ", sum.share, " ± ", sum.standard_error);
    CHECK(std::fabs(sum.share - 1.0) <= 3.0 * sum.standard_error);
    CHECK(sum.standard_error < 0.05);

    // Closed forms, income T = £1,000 × cases A + £5,000 × cases B, flat months:
    //   E0 = expected value: A £1.2m, B £0.6m. Factors N, P lognormal mean 1, cv 10%, 20%.
    //   Var(E[T | factors]) per line = E0² ((1 + .01)(1 + .04) − 1) = E0² × 0.0504:
    //   A 1.44e12 × 0.0504 = 7.258e10, B 3.6e11 × 0.0504 = 1.814e10 £².
    //   Chance given factors per line: price² × Σ_months (μ M + (μ M)² × 0.09), E[M] = 1,
    //   E[M²] = 1.0504: A £1,000² × (1,200 + 12 × 100² × 1.0504 × 0.09) = 1.2545e10 £²
    //   (μ = 100 a month); B £5,000² × (120 + 12 × 10² × 1.0504 × 0.09) = 5.836e9 £².
    //   Var(T) = 7.258e10 + 1.814e10 + 1.2545e10 + 5.836e9 = 1.0910e11 £².
    //   The provider factor of A alone: 1.44e12 × 0.04 = 5.76e10, a share of 0.528; A's
    //   national factor 1.44e12 × 0.01 = 1.44e10, 0.132.
    const double variance = tornado.of(TornadoTotal::income).total_variance() / 1e4; // pence² → £²
    CHECK(variance == doctest::Approx(1.0910e11).epsilon(0.05));
    const auto shares = tornado.of(TornadoTotal::income).shares();
    const auto& labels = tornado.labels();
    for (std::size_t i = 0; i < labels.size(); ++i) {
        CAPTURE(labels[i]);
        if (labels[i] == "this trust's own: Line A") {
            CHECK(std::fabs(shares[i].share - 0.528) <= 3.0 * shares[i].standard_error + 0.02);
        }
        if (labels[i] == "national demand: Line A") {
            CHECK(std::fabs(shares[i].share - 0.132) <= 3.0 * shares[i].standard_error + 0.02);
        }
        if (labels[i].find("demand trend") != std::string::npos) {
            CHECK(shares[i].share == 0.0); // the first FY: no trend yet
        }
    }
}

TEST_CASE("tornado: income other than drugs is exactly zero for a block line whose drugs move") {
    // Line A is paid by a block, and NHS England passes £2,400,000 a year of drugs through with
    // its cases: the drugs move A's income, so its inputs are in the income's tornado, but not
    // income other than drugs, where every input of A is exactly zero and line B's activity
    // contract is all there is to explain.
    auto r = two_lines(ContractKind::block, ContractKind::activity);
    r.scenario.drugs.push_back({specflow::entities::ProviderId(0),
                                specflow::entities::ServiceLineId(0), pounds(2'400'000)});
    const auto tornado = run(r, 400);
    CHECK(tornado.has_drugs());
    const auto& own = tornado.of(TornadoTotal::income_excl_drugs);
    REQUIRE(own.count() == 400);
    const auto own_shares = own.shares();
    const auto income_shares = tornado.of(TornadoTotal::income).shares();
    const auto& labels = tornado.labels();
    bool a_moves_income = false;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        CAPTURE(labels[i]);
        if (labels[i].find("Line A") != std::string::npos) {
            CHECK(own_shares[i].share == 0.0);
            CHECK(own_shares[i].standard_error == 0.0);
            a_moves_income = a_moves_income || income_shares[i].share != 0.0;
        }
    }
    CHECK(a_moves_income);
    const auto income_rows = tornado.rows(TornadoTotal::income);
    REQUIRE_FALSE(income_rows.empty());
    // A's own factor moves £2.4m × 20% = £480k of drugs; B's, 120 cases × £5,000 × 20% = £120k.
    CHECK(income_rows[0].input == "this trust's own: Line A");
    const auto own_rows = tornado.rows(TornadoTotal::income_excl_drugs);
    REQUIRE_FALSE(own_rows.empty());
    for (const auto& row : own_rows) {
        CHECK(row.input.find("Line B") != std::string::npos);
    }
    // Without drugs there is nothing to leave out.
    CHECK_FALSE(run(two_lines(ContractKind::block, ContractKind::activity), 10).has_drugs());
}
