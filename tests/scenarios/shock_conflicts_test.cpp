// [[shocks]] entries that contradict each other.
#include "arrangement_files.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <string>

namespace {

using specflow::scenarios::load_scenario;
using specflow::scenarios::test::appended;
using specflow::scenarios::test::at;
using specflow::scenarios::test::check_error;
using specflow::scenarios::test::k_appended_line;
using specflow::scenarios::test::relative_load_error;
using specflow::scenarios::test::ScenarioFiles;

} // namespace

TEST_CASE("delegation changes of one ICB in one financial year may not disagree") {
    // QHG is in region Y61, which shocks[6] sets to retained from 2025/26.
    const std::string joint = R"(
[[shocks]]
kind = "delegation_change"
start = "2025/26 M01"
icb = "QHG"
status = "joint"
)";
    check_error(appended(joint),
                {at(k_appended_line + 5), "field 'shocks[10].status': sets ICB QHG to joint from "
                                          "2025/26, but shocks[6] (line 77) sets it to retained "
                                          "from the same financial year"});
    // The same status again, or another year, or an ICB of another region, is no contradiction.
    ScenarioFiles same = appended(joint);
    same.replace("scenario.toml", "status = \"joint\"", "status = \"retained\"");
    CHECK(load_scenario(same.write()).shocks.size() == 10);
    ScenarioFiles later = appended(joint);
    later.replace("scenario.toml", "start = \"2025/26 M01\"\nicb", "start = \"2026/27 M01\"\nicb");
    CHECK(load_scenario(later.write()).shocks.size() == 10);
    ScenarioFiles other = appended(joint);
    other.replace("scenario.toml", "icb = \"QHG\"\nstatus", "icb = \"QMJ\"\nstatus");
    CHECK(load_scenario(other.write()).shocks.size() == 10);
}

TEST_CASE("payment basis changes of one line for overlapping contracts may not disagree") {
    // shocks[8] moves RTX paid by QHG to RGT onto activity from 2025/26; this one, for every
    // payer of RGT, overlaps it.
    const std::string block = R"(
[[shocks]]
kind = "payment_basis_change"
start = "2025/26 M01"
service_line = "RTX"
to_kind = "block"
provider = "RGT"
)";
    check_error(appended(block),
                {at(k_appended_line + 5), "field 'shocks[10].to_kind': moves service line RTX to "
                                          "block from 2025/26, but shocks[8] (line 91) moves it "
                                          "to activity"});
    ScenarioFiles apart = appended(block);
    apart.replace("scenario.toml", "to_kind = \"block\"\nprovider = \"RGT\"",
                  "to_kind = \"block\"\nprovider = \"RAL\"");
    CHECK(load_scenario(apart.write()).shocks.size() == 10);
    ScenarioFiles other_payer = appended(block);
    other_payer.replace("scenario.toml", "to_kind = \"block\"\nprovider = \"RGT\"",
                        "to_kind = \"block\"\nprovider = \"RGT\"\npayer = \"QUE\"");
    CHECK(load_scenario(other_payer.write()).shocks.size() == 10);
}

TEST_CASE("repatriations of one flow may not move more than all of it at once") {
    // shocks[1] moves 12.5% of QHG's CHM from RGT from 2024/25 M07 to 2025/26 M06; this one
    // moves 87.51% from 2025/26 M01: 100.01% in 2025/26 M01 .. M06.
    const std::string more = R"(
[[shocks]]
kind = "repatriation"
start = "2025/26 M01"
icb = "QHG"
service_line = "CHM"
from_provider = "RGT"
to_provider = "AQHG"
share_pct = 87.51
)";
    check_error(appended(more),
                {at(k_appended_line + 8), "field 'shocks[10].share_pct': with shocks[1] (line "
                                          "39), repatriations of ICB QHG's CHM activity from RGT "
                                          "add up to 100.01% in 2025/26 M01; valid: shares that "
                                          "add up to at most 100 in any month"});
    // Exactly all of it is allowed, and so is more once the first has ended.
    ScenarioFiles all = appended(more);
    all.replace("scenario.toml", "share_pct = 87.51", "share_pct = 87.5");
    CHECK(load_scenario(all.write()).shocks.size() == 10);
    ScenarioFiles after = appended(more);
    after.replace("scenario.toml", "start = \"2025/26 M01\"\nicb", "start = \"2025/26 M07\"\nicb");
    CHECK(load_scenario(after.write()).shocks.size() == 10);
    // An earlier-starting shock later in the file is caught where the first one starts.
    ScenarioFiles earlier = appended(more);
    earlier.replace("scenario.toml", "start = \"2025/26 M01\"\nicb",
                    "start = \"2024/25 M01\"\nicb");
    check_error(earlier, {at(k_appended_line + 8), "add up to 100.01% in 2024/25 M07"});
}

TEST_CASE("two disputes of one participant of an arrangement may not be open at once") {
    // shocks[7] has QUE withhold 40% of its recharges under eoe-hub from 2024/25 M04 until it is
    // settled in 2024/25 M12: it is open M04 .. M12. This one opens in M10.
    const std::string second = R"(
[[shocks]]
kind = "dispute"
start = "2024/25 M10"
arrangement = "eoe-hub"
participant = "QUE"
withheld_pct = 10
settled = "2025/26 M03"
)";
    CHECK(relative_load_error(appended(second)) ==
          "scenario.toml:110:9: field 'shocks[10].start': is open for ICB QUE under 'eoe-hub' in "
          "2024/25 M10, and so is shocks[7] (line 83); valid: one dispute at a time for a "
          "participant of an arrangement (a dispute is open from its start until the month it is "
          "settled, when all that the participant has withheld is paid to the host)");
    // A dispute later in the file that starts earlier is caught where the other one starts.
    ScenarioFiles earlier = appended(second);
    earlier.replace("scenario.toml", "start = \"2024/25 M10\"\narrangement",
                    "start = \"2024/25 M01\"\narrangement");
    check_error(earlier, {at(k_appended_line + 3) + "9:", "'shocks[10].start': is open for ICB QUE",
                          "in 2024/25 M04, and so is shocks[7] (line 83)"});
    // Opening in the first one's settlement month is refused: that month's ruling would pay the
    // host what the second withheld. So is opening after the first's end but before its ruling
    // (its withheld sums still wait for the ruling), and a dispute settled in the month it opens.
    ScenarioFiles at_settlement = appended(second);
    at_settlement.replace("scenario.toml", "start = \"2024/25 M10\"\narrangement",
                          "start = \"2024/25 M12\"\narrangement");
    check_error(at_settlement,
                {"'shocks[10].start': is open", "in 2024/25 M12, and so is shocks[7]"});
    ScenarioFiles after_end = appended(second);
    after_end.replace("scenario.toml", "start = \"2024/25 M04\"\narrangement",
                      "start = \"2024/25 M04\"\nend = \"2024/25 M09\"\narrangement");
    check_error(after_end, {"'shocks[10].start': is open", "in 2024/25 M10, and so is shocks[7]"});
    ScenarioFiles empty = appended(second);
    empty.replace("scenario.toml", "settled = \"2025/26 M03\"", "settled = \"2024/25 M10\"");
    check_error(empty, {"'shocks[10].start': is open", "in 2024/25 M10, and so is shocks[7]"});
    // From the month after the first one's ruling, the second is alone.
    ScenarioFiles after_ruling = appended(second);
    after_ruling.replace("scenario.toml", "start = \"2024/25 M10\"\narrangement",
                         "start = \"2025/26 M01\"\narrangement");
    CHECK(load_scenario(after_ruling.write()).shocks.size() == 10);
}
