// Tests of the terminal's England totals (terminal_summary.hpp): the chain from the budgets to
// provider income closes on the page, whatever an ICB pays besides its contracts.

#include "reports/terminal_summary.hpp"
#include "tests/support/scenario_builder.hpp"

#include <doctest/doctest.h>
#include <string>

namespace {

using specflow::entities::FinancialMonth;
using specflow::entities::FinancialYear;
using specflow::entities::Money;

Money millions(std::int64_t m) {
    return Money::from_pounds(m * 1'000'000);
}

// The row's text after its label, e.g. "£118.5m".
std::string row(const std::string& text, const std::string& label) {
    const auto at = text.find("  " + label + " ");
    REQUIRE_MESSAGE(at != std::string::npos, label);
    const auto end = text.find('\n', at);
    auto value = text.substr(at + 2 + label.size(), end - at - 2 - label.size());
    return value.substr(value.find_first_not_of(' '));
}

} // namespace

TEST_CASE("England totals: provider income is the budget less what is held back, local pathways "
          "and the hubs' own costs") {
    // One ICB: budget £100m, its payments £90m, of which £0.5m is its lead-ICB hub's own cost
    // (paid to no provider), and £3m to a local pathway (not in its payments). NHS England:
    // direct £20m paid in full; HCDD £10m, £9m reimbursed. Providers are paid £89.5m + £20m +
    // £9m = £118.5m; held back: the ICB £100m − £90m − £3m = £7m, HCDD £1m, £8m in all; and
    // £130m − £8m − £3m − £0.5m = £118.5m. The terminal showed the £3m as "of which" of an
    // underspend it exceeded, and left the hub's cost out, so that its rows did not add up.
    specflow::testing::ScenarioBuilder b;
    const auto region = b.region("Region");
    const auto icb = b.icb("ICB", region, millions(100));
    const auto provider = b.provider("Provider", icb);
    const FinancialMonth march{FinancialYear(2024), 12};
    specflow::reports::RunTables tables;
    tables.on_icb_month({.month = march,
                         .icb = icb,
                         .budget = millions(100),
                         .spend = millions(90),
                         .variance = millions(10),
                         .local_investment = millions(3),
                         .forecast = std::nullopt,
                         .hosting = Money::from_pounds(500'000)});
    tables.on_national_month({.month = march,
                              .direct_budget = millions(20),
                              .direct_spend = millions(20),
                              .hcdd_budget = millions(10),
                              .hcdd_spend = millions(9)});
    tables.on_provider_month({.month = march,
                              .provider = provider,
                              .income = Money::from_pounds(118'500'000),
                              .cost = millions(118),
                              .forecast = std::nullopt});
    const auto text = specflow::reports::terminal_summary(b.scenario(), tables);
    CHECK(row(text, "paid by ICBs (net of recharges)") == "£90.0m");
    CHECK(row(text, "  of which lead-ICB hubs' own costs") == "£0.5m");
    CHECK(row(text, "paid by ICBs to local pathways") == "£3.0m");
    CHECK(row(text, "held back (+) or overspent (−)") == "£8.0m");
    CHECK(row(text, "  by ICBs (+ = underspend)") == "£7.0m");
    CHECK(row(text, "  by HCDD") == "£1.0m");
    CHECK(row(text, "provider income") == "£118.5m");
}
