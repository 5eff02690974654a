// A provider's income by commissioner and contract kind in one FY.
#include "reports/exposure.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::entities::ContractKind;
using specflow::entities::FinancialMonth;
using specflow::entities::FinancialYear;
using specflow::entities::Money;
using specflow::testing::payer_icb;
using specflow::testing::payer_nhse;

} // namespace

TEST_CASE("exposure: a provider's income in a FY by commissioner and kind, largest first") {
    specflow::testing::ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto icb = b.icb("North ICB", region, Money{});
    const auto provider = b.provider("Trust", icb);
    const auto other = b.provider("Other", icb);
    const FinancialYear year(2026);
    const FinancialMonth m1{year, 1};
    const FinancialMonth m2{year, 2};
    const FinancialMonth next{FinancialYear(2027), 1};
    // Block £1.50 + £1.50 from the ICB, drugs £4.00 from NHS England, LVA £0.50 from the ICB;
    // another provider's income and another year's are left out.
    const std::vector<specflow::sim::IncomeBySource> incomes{
        {0, m1, provider, payer_icb(icb), ContractKind::block, Money::from_pence(150)},
        {0, m2, provider, payer_icb(icb), ContractKind::block, Money::from_pence(150)},
        {0, m1, provider, payer_nhse(), ContractKind::drugs, Money::from_pence(400)},
        {0, m1, provider, payer_icb(icb), ContractKind::lva, Money::from_pence(50)},
        {0, m1, other, payer_icb(icb), ContractKind::block, Money::from_pence(9'999)},
        {0, next, provider, payer_icb(icb), ContractKind::block, Money::from_pence(9'999)},
        {0, m2, provider, payer_icb(icb), ContractKind::api, Money{}},
    };
    const auto rows = specflow::reports::exposure(incomes, provider, year);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].payer.is_nhse());
    CHECK(rows[0].amount == Money::from_pence(400));
    CHECK(rows[1].kind == ContractKind::block);
    CHECK(rows[1].amount == Money::from_pence(300));
    CHECK(rows[2].kind == ContractKind::lva);
    // £7.50 in all: drugs 53.3%, block 40.0%, LVA 6.7%.
    const auto text = specflow::reports::exposure_text(b.scenario(), rows, provider, year);
    CHECK(text.find("53.3%") != std::string::npos);
    CHECK(text.find("40.0%") != std::string::npos);
    CHECK(text.find("6.7%") != std::string::npos);
    CHECK(text.find("North ICB") != std::string::npos);
}
