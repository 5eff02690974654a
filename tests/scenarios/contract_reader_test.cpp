// contracts.csv.
#include "scenario_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::scenarios::load_scenario;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::relative_load_error;
using specflow::scenarios::test::ScenarioFiles;

} // namespace

TEST_CASE("contract terms must fit the contract's kind") {
    ScenarioFiles rate_on_block;
    rate_on_block.replace("contracts.csv", "C2,QUE,RGT,block,1320000,*,,",
                          "C2,QUE,RGT,block,1320000,*,75,");
    check_error(rate_on_block, {"contracts.csv:3:7: field 'api_rate_above_pct': '75' given for "
                                "a block contract; valid: empty"});

    ScenarioFiles value_on_activity;
    value_on_activity.replace("contracts.csv", "activity,,", "activity,100,");
    check_error(value_on_activity, {"contracts.csv:4:5: field 'annual_value_pounds': '100' given "
                                    "for an activity contract; valid: 0 or empty"});

    ScenarioFiles zero_on_activity;
    zero_on_activity.replace("contracts.csv", "activity,,", "activity,0.00,");
    CHECK(load_scenario(zero_on_activity.write()).contracts[2].annual_value.is_zero());

    ScenarioFiles rate_too_high;
    rate_too_high.replace("contracts.csv", "RTX;CHM,75,", "RTX;CHM,75,100.01");
    check_error(rate_too_high, {"contracts.csv:2:8: field 'api_rate_below_pct': '100.01' is "
                                "above 100"});

    ScenarioFiles block_without_value;
    block_without_value.replace("contracts.csv", "block,1320000", "block,");
    check_error(block_without_value, {"contracts.csv:3:5: field 'annual_value_pounds': an empty "
                                      "field is not an amount in pounds"});
}

TEST_CASE("drugs is not a kind a contracts table can name") {
    // ContractKind::drugs is NHS England's pass-through of drugs.csv, not a commissioner's
    // contract.
    ScenarioFiles drugs;
    drugs.replace("contracts.csv", "C2,QUE,RGT,block", "C2,QUE,RGT,drugs");
    CHECK(relative_load_error(drugs) == "contracts.csv:3:4: field 'kind': 'drugs' is not a valid "
                                        "value; valid: block, api, activity, lva");
}
