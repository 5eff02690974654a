// Golden tests of sim/rules/lva.hpp: the rolling LVA value and the year's terms (the LVA
// threshold both ways); the arithmetic in comments.

#include "sim/rules/lva.hpp"
#include "tests/sim/rules/payment_values.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::entities::Contract;
using specflow::entities::ContractKind;
using specflow::entities::Int128;
using specflow::entities::Money;
namespace rules = specflow::sim::rules;
using namespace specflow::sim::rules::testing;

// A contract paid by an ICB (the LVA threshold applies only to ICB–provider pairs).
Contract icb_contract(ContractKind kind, Money value) {
    auto contract = make_contract(kind, value);
    contract.payer.icb = specflow::entities::IcbId(0);
    return contract;
}

} // namespace

TEST_CASE("LVA value for year 4 is the mean of years 1 to 3, uplifted") {
    // Actual values £300,000, £360,000 and £420,000: mean £360,000; uplift 2.9% − 1.1% = 1.8%
    // gives £366,480. A fourth, older year does not count: only the last three do.
    const Money history[] = {Money::from_pounds(900'000), Money::from_pounds(300'000),
                             Money::from_pounds(360'000), Money::from_pounds(420'000)};
    CHECK(rules::lva_value(std::span(history).subspan(1), 180) == Money::from_pounds(366'480));
    CHECK(rules::lva_value(history, 180) == Money::from_pounds(366'480));
    // £100.00, £100.00, £100.01: mean 100.003.. → £100.00; no uplift.
    const Money pennies[] = {Money::from_pence(10'000), Money::from_pence(10'000),
                             Money::from_pence(10'001)};
    CHECK(rules::lva_value(pennies, 0) == Money::from_pence(10'000));
    // One year of history: that year, uplifted 10%: £1,000 → £1,100.
    const Money one[] = {Money::from_pounds(1'000)};
    CHECK(rules::lva_value(one, 1'000) == Money::from_pounds(1'100));
}

TEST_CASE("LVA year terms: a pair's first year keeps its planned terms") {
    const auto contract = icb_contract(ContractKind::block, Money::from_pounds(400'000));
    const auto terms = rules::year_terms({.contract = contract,
                                          .previous_kind = ContractKind::block,
                                          .history = {},
                                          .planned_value_milli_pence = 0,
                                          .uplift_bp = 180,
                                          .lva_threshold = Money::from_pounds(500'000)});
    // No history yet: nothing to average, so the block stays a block at £400,000 even though
    // it is under the £500,000 threshold.
    CHECK(terms == rules::YearTerms{ContractKind::block, Money::from_pounds(400'000)});
}

TEST_CASE("LVA year terms: a block under the threshold becomes LVA at the rolling average") {
    // History £300,000, £360,000, £420,000: mean £360,000, uplift 1.8% → £366,480. The block's
    // annual value £400,000 is tested against the £500,000 threshold: under, so LVA at £366,480.
    const auto contract = icb_contract(ContractKind::block, Money::from_pounds(400'000));
    const Money history[] = {Money::from_pounds(300'000), Money::from_pounds(360'000),
                             Money::from_pounds(420'000)};
    const auto terms = rules::year_terms({.contract = contract,
                                          .previous_kind = ContractKind::block,
                                          .history = history,
                                          .planned_value_milli_pence = 0,
                                          .uplift_bp = 180,
                                          .lva_threshold = Money::from_pounds(500'000)});
    CHECK(terms == rules::YearTerms{ContractKind::lva, Money::from_pounds(366'480)});
    // At £300,000 the threshold no longer takes it: it keeps its own terms.
    const auto kept = rules::year_terms({.contract = contract,
                                         .previous_kind = ContractKind::block,
                                         .history = history,
                                         .planned_value_milli_pence = 0,
                                         .uplift_bp = 180,
                                         .lva_threshold = Money::from_pounds(300'000)});
    CHECK(kept == rules::YearTerms{ContractKind::block, Money::from_pounds(400'000)});
}

TEST_CASE("LVA year terms: an LVA pair is tested on its rolling average and leaves as a block") {
    // Last year LVA; rolling average £366,480 (as above). Threshold £500,000: it stays LVA.
    // Threshold £366,480 (not under it): it grows out of LVA into a block at £366,480.
    const auto contract = icb_contract(ContractKind::lva, Money::from_pounds(240'000));
    const Money history[] = {Money::from_pounds(300'000), Money::from_pounds(360'000),
                             Money::from_pounds(420'000)};
    const auto stays = rules::year_terms({.contract = contract,
                                          .previous_kind = ContractKind::lva,
                                          .history = history,
                                          .planned_value_milli_pence = 0,
                                          .uplift_bp = 180,
                                          .lva_threshold = Money::from_pounds(500'000)});
    CHECK(stays == rules::YearTerms{ContractKind::lva, Money::from_pounds(366'480)});
    const auto leaves = rules::year_terms({.contract = contract,
                                           .previous_kind = ContractKind::lva,
                                           .history = history,
                                           .planned_value_milli_pence = 0,
                                           .uplift_bp = 180,
                                           .lva_threshold = Money::from_pounds(366'480)});
    CHECK(leaves == rules::YearTerms{ContractKind::block, Money::from_pounds(366'480)});
}

TEST_CASE("LVA year terms: an activity contract is tested on its planned value, and NHS England's "
          "never") {
    // Planned 120 cases at £1,000 = £120,000, under £500,000: LVA at the rolling average of its
    // one year of history, £200,000, uplifted 0%.
    const auto contract = icb_contract(ContractKind::activity, Money{});
    const Money history[] = {Money::from_pounds(200'000)};
    const auto planned = value_of(120, 0).actual_milli_pence;
    const auto terms = [&](const Contract& c, Money threshold) {
        return rules::year_terms({.contract = c,
                                  .previous_kind = ContractKind::activity,
                                  .history = history,
                                  .planned_value_milli_pence = planned,
                                  .uplift_bp = 0,
                                  .lva_threshold = threshold});
    };
    CHECK(terms(contract, Money::from_pounds(500'000)) ==
          rules::YearTerms{ContractKind::lva, Money::from_pounds(200'000)});
    // A threshold of £120,000 is not above the planned £120,000: it stays on activity.
    CHECK(terms(contract, Money::from_pounds(120'000)) ==
          rules::YearTerms{ContractKind::activity, Money{}});
    // NHS England's contracts are never revalued.
    const auto national = make_contract(ContractKind::activity, Money{});
    CHECK(terms(national, Money::from_pounds(500'000)) ==
          rules::YearTerms{ContractKind::activity, Money{}});
}
