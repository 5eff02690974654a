// Codes in the CSV tables: references to them, and duplicates.
#include "scenario_files.hpp"

#include <doctest/doctest.h>

namespace {

using specflow::scenarios::test::check_error;
using specflow::scenarios::test::ScenarioFiles;

} // namespace

TEST_CASE("references to codes that do not exist") {
    ScenarioFiles flow_icb;
    flow_icb.replace("flows.csv", "QUE,RGT,RTX,30", "QXX,RGT,RTX,30");
    check_error(flow_icb, {"flows.csv:4:1: field 'icb_code': unknown ICB code 'QXX'",
                           "valid: a code from icbs.csv's icb_code column (QHG, QUE, QMJ)"});

    ScenarioFiles region;
    region.replace("icbs.csv", "Y56,1762827", "Y99,1762827");
    check_error(region, {"icbs.csv:4:3: field 'region_code': unknown region code 'Y99'"});

    ScenarioFiles payer;
    payer.replace("contracts.csv", "C2,QUE", "C2,QXX");
    check_error(payer,
                {"contracts.csv:3:2: field 'payer': unknown payer 'QXX'", "valid: NHSE, or"});

    ScenarioFiles line_list;
    line_list.replace("contracts.csv", "RTX;CHM", "RTX; CHX");
    check_error(line_list, {"contracts.csv:2:6: field 'service_lines': unknown service line "
                            "code 'CHX' in the list"});
}

TEST_CASE("duplicated codes name both lines") {
    ScenarioFiles icb;
    icb.append("icbs.csv", "QHG,Again,Y56,1,1,0,joint,no,0\n");
    check_error(icb,
                {"icbs.csv:5:1: field 'icb_code': duplicate icb_code 'QHG' (first on line 2)"});

    ScenarioFiles contract;
    contract.replace("contracts.csv", "C4,NHSE", "C2,NHSE");
    check_error(contract,
                {"contracts.csv:5:1: field 'contract_code': duplicate contract_code 'C2' (first "
                 "on line 3)"});

    ScenarioFiles cost;
    cost.append("costs.csv", "RGT,CHM,1,1\n");
    check_error(cost, {"costs.csv:6:2: field 'service_line_code': duplicate costs for provider "
                       "RGT and service line CHM (first on line 3)"});

    ScenarioFiles flow;
    flow.append("flows.csv", "QUE,RGT,RTX,1\n");
    check_error(flow, {"flows.csv:7:3: field 'service_line_code': duplicate flow (QUE, RGT, RTX) "
                       "(first on line 4)"});
}
