// The specflow command line, run as a user runs it: help, determinism, and a clear one-line
// error with exit status 2 and no output for each kind of bad input.

#include "tests/tools/cli_support.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using cli_support::k_england;
using cli_support::k_england_now;
using cli_support::k_mini;
using cli_support::scratch;
using cli_support::slurp;
using cli_support::specflow;

// A copy of a scenario's folder with one file's text changed: `from` replaced by `to`.
fs::path broken_copy(const fs::path& source, const fs::path& dir, const std::string& file,
                     const std::string& from, const std::string& to) {
    const auto copy = dir / "scenario";
    fs::copy(source, copy);
    auto text = slurp(copy / file);
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "the test's text to replace is not in " << file);
    text.replace(at, from.size(), to);
    std::ofstream(copy / file, std::ios::binary | std::ios::trunc) << text;
    return copy / "scenario.toml";
}

fs::path broken_mini(const fs::path& dir, const std::string& file, const std::string& from,
                     const std::string& to) {
    return broken_copy(k_mini, dir, file, from, to);
}

fs::path broken_england(const fs::path& dir, const std::string& from, const std::string& to) {
    return broken_copy(k_england.parent_path(), dir, "scenario.toml", from, to);
}

// Bad input: status 2, exactly one line on stderr that names all of `must_name`, and no output.
void expect_refused(const fs::path& dir, const fs::path& toml,
                    std::initializer_list<std::string> must_name,
                    const std::string& command = "run") {
    const auto out_dir = dir / "out";
    const auto result = specflow(command + " " + toml.string() + " --out " + out_dir.string(), dir);
    CHECK(result.status == 2);
    CHECK(result.err.rfind("error: ", 0) == 0);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    for (const auto& word : must_name) {
        CHECK_MESSAGE(result.err.find(word) != std::string::npos,
                      "stderr lacks '" << word << "': " << result.err);
    }
    CHECK_FALSE(fs::exists(out_dir));
    CHECK(result.out.empty());
}

// Bad input to a run that stores its results: as expect_refused, and no store is made either.
void expect_refused_unstored(const fs::path& dir, const fs::path& toml,
                             std::initializer_list<std::string> must_name) {
    const auto db = dir / "store.db";
    expect_refused(dir, toml, must_name, "run --db " + db.string());
    CHECK_FALSE(fs::exists(db));
}

} // namespace

TEST_CASE("help explains every option") {
    const auto dir = scratch();
    const auto top = specflow("--help", dir);
    CHECK(top.status == 0);
    CHECK(top.out.find("run") != std::string::npos);
    const auto run = specflow("run --help", dir);
    CHECK(run.status == 0);
    for (const char* option : {"--seed", "--out", "--replication", "scenario"}) {
        CHECK_MESSAGE(run.out.find(option) != std::string::npos, option);
    }
    CHECK(specflow("run --no-such-option", dir).status == 2);
}

TEST_CASE("the default run is England 2026/27, the same seed gives byte-identical CSV and "
          "another seed differs") {
    const auto dir = scratch();
    const auto first = specflow("run --seed 11 --out " + (dir / "a").string(), dir);
    REQUIRE(first.status == 0);
    CHECK(first.out.find("england-2026-27") != std::string::npos);
    CHECK(first.out.find("Ledger: balanced at all 12 month closes") != std::string::npos);
    REQUIRE(
        specflow("run " + k_england_now.string() + " --seed 11 --out " + (dir / "b").string(), dir)
            .status == 0);
    REQUIRE(specflow("run --seed 12 --out " + (dir / "c").string(), dir).status == 0);
    for (const char* file : {"provider_month.csv", "income_by_source.csv", "icb_month.csv"}) {
        CAPTURE(file);
        const auto a = slurp(dir / "a" / file);
        CHECK(a.size() > 1000);
        CHECK(a == slurp(dir / "b" / file));
    }
    CHECK(slurp(dir / "a/provider_month.csv") != slurp(dir / "c/provider_month.csv"));
}

TEST_CASE("bad input: a missing column") {
    const auto dir = scratch();
    const auto toml = broken_mini(
        dir, "service_lines.csv",
        "category,unit_price_pounds\nRTX,Adult renal transplant,delegable,17000\n"
        "CHM,Chemotherapy delivery,delegable,450.50\nHSS,Highly specialised "
        "services,retained,40000",
        "category\nRTX,Adult renal transplant,delegable\n"
        "CHM,Chemotherapy delivery,delegable\nHSS,Highly specialised services,retained");
    expect_refused(dir, toml, {"service_lines.csv", ":1", "unit_price_pounds"});
}

TEST_CASE("bad input: an unknown ICB code in flows") {
    const auto dir = scratch();
    const auto toml = broken_mini(dir, "flows.csv", "QMJ,RAL,HSS", "QXX,RAL,HSS");
    expect_refused(dir, toml, {"flows.csv", ":7", "icb_code", "QXX"});
}

TEST_CASE("bad input: a negative price") {
    const auto dir = scratch();
    const auto toml =
        broken_mini(dir, "service_lines.csv", "delegable,450.50", "delegable,-450.50");
    expect_refused(dir, toml, {"service_lines.csv", ":3", "unit_price_pounds"});
}

TEST_CASE("bad input: a non-numeric value") {
    const auto dir = scratch();
    const auto toml = broken_mini(dir, "flows.csv", "QUE,RGT,CHM,1800", "QUE,RGT,CHM,lots");
    expect_refused(dir, toml, {"flows.csv", ":5", "expected_cases_per_year", "lots"});
}

TEST_CASE("bad input: a duplicated id") {
    const auto dir = scratch();
    const auto toml = broken_mini(dir, "providers.csv", "RAL,Royal Free", "RGT,Royal Free");
    expect_refused(dir, toml, {"providers.csv", ":3", "provider_code", "RGT"});
}

TEST_CASE("bad input: a missing file") {
    const auto dir = scratch();
    const auto toml =
        broken_mini(dir, "scenario.toml", "costs = \"costs.csv\"", "costs = \"cost.csv\"");
    expect_refused(dir, toml, {"cost.csv", "costs"});
}

TEST_CASE("bad input: a scenario file that does not exist") {
    const auto dir = scratch();
    expect_refused(dir, dir / "nowhere.toml", {"nowhere.toml"});
}

TEST_CASE("bad input: a demand trend of -150%") {
    const auto dir = scratch();
    const auto toml = broken_mini(
        dir, "service_lines.csv",
        "category,unit_price_pounds\nRTX,Adult renal transplant,delegable,17000\n"
        "CHM,Chemotherapy delivery,delegable,450.50\nHSS,Highly specialised "
        "services,retained,40000",
        "category,unit_price_pounds,demand_trend_pct\nRTX,Adult renal transplant,delegable,17000,"
        "2\nCHM,Chemotherapy delivery,delegable,450.50,0\nHSS,Highly specialised "
        "services,retained,40000,-150");
    expect_refused_unstored(
        dir, toml,
        {"service_lines.csv:4:5: field 'demand_trend_pct': '-150' is out of range", "valid:"});
}

TEST_CASE("bad input: a drug cost growing 150% a year") {
    const auto dir = scratch();
    const auto toml = broken_mini(dir, "scenario.toml", "contracts = \"contracts.csv\"\n",
                                  "contracts = \"contracts.csv\"\ndrugs = \"drugs.csv\"\n");
    std::ofstream(toml.parent_path() / "drugs.csv", std::ios::binary)
        << "provider_code,service_line_code,annual_cost_pounds,growth_pct\n"
           "RGT,CHM,1000,5\n"
           "RAL,HSS,25000,150\n";
    expect_refused_unstored(dir, toml,
                            {"drugs.csv:3:4: field 'growth_pct': '150' is out of range", "valid:"});
}

// The 2024/25 entry of the England scenario starts at line 40: growth 4%, floor 2.5% (line 43),
// cap 7%.
TEST_CASE("bad input: a reserve of 150%") {
    const auto dir = scratch();
    const auto toml = broken_england(dir, "floor_growth_pct = 2.5\n",
                                     "floor_growth_pct = 2.5\nreserve_pct = 150\n");
    expect_refused_unstored(dir, toml,
                            {"scenario.toml:47:15: field 'allocation.years[1].reserve_pct': out "
                             "of range; valid: a percentage from 0 to 100"});
}
TEST_CASE("infeasible policy: the floor alone exceeds the budget") {
    const auto dir = scratch();
    const auto toml = broken_england(dir, "floor_growth_pct = 2.5", "floor_growth_pct = 6");
    for (const char* command : {"run", "allocate --years 5", "run --years 3"}) {
        CAPTURE(command);
        fs::remove_all(dir / "out");
        expect_refused(dir, toml,
                       {"scenario.toml:", "floor_growth_pct", "2024/25", "at most 4.00%"}, command);
    }
}

TEST_CASE("infeasible policy: a cap too low to spend the budget") {
    const auto dir = scratch();
    const auto toml = broken_england(dir, "cap_growth_pct = 7", "cap_growth_pct = 3");
    expect_refused(dir, toml, {"scenario.toml:", "cap_growth_pct", "at least 4.00%"}, "allocate");
}

TEST_CASE("infeasible policy: a floor above the cap") {
    const auto dir = scratch();
    const auto toml = broken_england(dir, "floor_growth_pct = 2.5", "floor_growth_pct = 7.5");
    expect_refused(dir, toml, {"scenario.toml:", "floor_growth_pct", "above the cap growth 7.00%"},
                   "allocate");
}

TEST_CASE("infeasible policy: a negative budget") {
    const auto dir = scratch();
    const auto toml = broken_england(dir, "growth_pct = 4\n", "budget_pounds = -5\n");
    expect_refused(dir, toml, {"scenario.toml:", "budget_pounds", "negative"}, "allocate");
}

TEST_CASE("more years than the scenario defines are refused") {
    const auto dir = scratch();
    expect_refused(dir, k_england, {"--years", "valid: --years 1 to 5"}, "run --years 6");
    expect_refused(dir, k_mini / "scenario.toml", {"--years", "one financial year"},
                   "run --years 2");
    // The default scenario starts in 2026/27: the message names the one with five years.
    const auto bare = specflow("run --years 5", dir);
    CHECK(bare.status == 2);
    CHECK(bare.err.find("the default scenario england-2026-27 defines 3 financial year(s), from "
                        "2026/27; valid: --years 1 to 3") != std::string::npos);
    CHECK(bare.err.find("e.g. specflow run england-2024-25 --years 5") != std::string::npos);
}

TEST_CASE("specflow allocate prints the five-year table and writes allocations.csv") {
    const auto dir = scratch();
    const auto result =
        specflow("allocate england-2024-25 --years 5 --out " + (dir / "out").string(), dir);
    REQUIRE(result.status == 0);
    for (const char* text :
         {"Allocations 2024/25", "Allocations 2028/29", "East of England (region)",
          "Bedfordshire, Luton and Milton Keynes", "England", "lowest DfT"}) {
        CHECK_MESSAGE(result.out.find(text) != std::string::npos, text);
    }
    const auto csv = slurp(dir / "out/allocations.csv");
    // 2 years × (42 ICBs + 7 regions + England) + 3 × (36 + 7 + 1) from April 2026 = 232 lines
    // and the header.
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 233);
    CHECK(csv.find("\"Bedfordshire, Luton and Milton Keynes\"") != std::string::npos);
}

TEST_CASE("a 5-year England run balances at all 60 month closes") {
    const auto dir = scratch();
    const auto result =
        specflow("run england-2024-25 --years 5 --out " + (dir / "out").string(), dir);
    REQUIRE(result.status == 0);
    CHECK(result.out.find("Ledger: balanced at all 60 month closes") != std::string::npos);
    CHECK(fs::exists(dir / "out/allocations.csv"));
}

namespace {

// A scenario on top of England with `extra` TOML appended, written to a scratch folder.
fs::path england_plus(const fs::path& dir, const std::string& extra) {
    const auto toml = dir / "scenario.toml";
    std::ofstream(toml) << "[scenario]\nextends = \"" << k_england.string()
                        << "\"\nname = \"broken\"\ntitle = \"broken\"\n\n"
                        << extra;
    return toml;
}

} // namespace

TEST_CASE("every example scenario runs from the command line") {
    const auto dir = scratch();
    for (const char* name : {"east-of-england-hub", "midlands-risk-pool", "repatriation",
                             "lva-transplant-spike", "spinal-pathway"}) {
        CAPTURE(name);
        const auto toml = fs::path(SPECFLOW_SOURCE_DIR) / "scenarios" / name / "scenario.toml";
        const auto result =
            specflow("run " + toml.string() + " --years 2 --out " + (dir / name).string() +
                         " --db " + (dir / "store.db").string(),
                     dir);
        CHECK(result.status == 0);
        CHECK(result.out.find("Ledger: balanced at all 24 month closes") != std::string::npos);
    }
    CHECK(fs::exists(dir / "east-of-england-hub/recharges.csv"));
    CHECK(fs::exists(dir / "midlands-risk-pool/risk_pools.csv"));
}

TEST_CASE("bad arrangements and shocks are refused with their place in the file") {
    const auto dir = scratch();
    // A pool member that does not exist (line 8 of the written file).
    expect_refused(dir,
                   england_plus(dir, "[[risk_pool]]\ncode = \"p\"\nmembers = [\"QHG\", "
                                     "\"QZZ\"]\nsettlement = \"quarterly\"\n"),
                   {"scenario.toml:8", "risk_pool[1].members", "QZZ"});
    // A host that is not a participant.
    fs::remove_all(dir / "out");
    expect_refused(
        dir,
        england_plus(
            dir, "[[lead_icb]]\ncode = \"h\"\nhost = \"QHG\"\nparticipants = [\"QUE\", \"QM7\"]\n"
                 "providers = [\"RGT\"]\nservice_lines = [\"*\"]\nbasis = \"plan\"\nsettlement = "
                 "\"monthly\"\n"),
        {"scenario.toml:", "lead_icb[1].host", "QHG"});
    // A shock that starts after the run ends (the England scenario runs 2024/25 unless --years),
    // refused at its start (line 8, the header on line 6).
    fs::remove_all(dir / "out");
    expect_refused(dir,
                   england_plus(dir, "[[shocks]]\nkind = \"price_change\"\nstart = \"2026/27 "
                                     "M03\"\nservice_line = \"VASC\"\nchange_pct = 5\n"),
                   {"scenario.toml:8:9", "start", "2026/27 M03", "outside the run",
                    "2024/25 M01 to 2025/26 M12"},
                   "run --years 2");
    // Two shocks that contradict: two delegation changes for one ICB in one year.
    fs::remove_all(dir / "out");
    expect_refused(dir,
                   england_plus(dir, "[[shocks]]\nkind = \"delegation_change\"\nstart = \"2024/25 "
                                     "M01\"\nicb = \"QKK\"\nstatus = \"delegated\"\n\n"
                                     "[[shocks]]\nkind = \"delegation_change\"\nstart = \"2024/25 "
                                     "M01\"\nicb = \"QKK\"\nstatus = \"retained\"\n"),
                   {"scenario.toml:", "shocks[2]", "shocks[1]"});
}

TEST_CASE("Monte Carlo summaries are byte-identical for 1 and 2 threads") {
    const auto dir = scratch();
    for (const char* threads : {"1", "2"}) {
        const auto result = specflow(
            std::string("run --years 2 --replications 300 --threshold 1000000 --threads ") +
                threads + " --out " + (dir / threads).string(),
            dir);
        REQUIRE(result.status == 0);
        CHECK(result.out.find("P(> £1,000,000.00)") != std::string::npos);
    }
    for (const char* file :
         {"summary_provider_year.csv", "summary_icb_year.csv", "fan_provider_month.csv"}) {
        CAPTURE(file);
        const auto one = slurp(dir / "1" / file);
        CHECK(one.size() > 1000);
        CHECK(one == slurp(dir / "2" / file));
    }
    // The central HCDD budget's variance: a header and one row per FY.
    const auto national = slurp(dir / "1" / "summary_national_year.csv");
    CHECK(national.find("HCDD (high-cost drugs and devices)") != std::string::npos);
    CHECK(national == slurp(dir / "2" / "summary_national_year.csv"));
}

TEST_CASE(
    "specflow stress on a named trust prints the distribution, the probability and the tornado") {
    const auto dir = scratch();
    const auto result =
        specflow("stress --provider \"The Christie NHS Foundation Trust\" --threshold 500000 "
                 "--replications 2000 --threads 2",
                 dir);
    REQUIRE(result.status == 0);
    for (const char* text :
         {"Stress test: The Christie NHS Foundation Trust (RBV), 2,000 replications", "income",
          "pressure", "P90", "Probability that the pressure exceeds £0.5m:",
          "What drives the variance of The Christie NHS Foundation Trust income in 2026/27",
          "What drives the variance of The Christie NHS Foundation Trust pressure in 2026/27",
          // Its own blood and marrow transplant activity leads: most of its income is the
          // drugs NHS England passes through with those cases.
          " 1. this trust's own: Blood and marrow transplantation",
          // Its income other than drugs moves with its radiotherapy, paid by API contracts.
          "What drives the variance of The Christie NHS Foundation Trust income excl. drugs in "
          "2026/27",
          " 1. this trust's own: Radiotherapy (per course)",
          "All inputs together: ", "Radiotherapy", "£"}) {
        CHECK_MESSAGE(result.out.find(text) != std::string::npos, text);
    }
    const auto unknown = specflow("stress --provider \"No Such Trust\" --replications 10", dir);
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find("No Such Trust") != std::string::npos);
    CHECK(unknown.err.find("RBV The Christie NHS Foundation Trust") != std::string::npos);
    // A unique part of a name, in any case, names the trust; an ambiguous one lists the fits.
    const auto christie = specflow("stress --provider christie --replications 20", dir);
    CHECK(christie.status == 0);
    CHECK(christie.out.find("Stress test: The Christie NHS Foundation Trust (RBV), 20 "
                            "replications") != std::string::npos);
    CHECK(
        christie.out.find("Where The Christie NHS Foundation Trust income comes from in 2026/27") !=
        std::string::npos);
    const auto ambiguous = specflow("stress --provider \"great\" --replications 20", dir);
    CHECK(ambiguous.status == 2);
    CHECK(ambiguous.err.find("'great' fits") != std::string::npos);
    CHECK(ambiguous.err.find("Great Ormond Street") != std::string::npos);
    CHECK(ambiguous.err.find("valid: one of them, by its code or more of its name") !=
          std::string::npos);
}

TEST_CASE(
    "runs are stored: runs lists them, export writes a table, compare shows the differences") {
    const auto dir = scratch();
    const auto db = (dir / "store.db").string();
    const auto repatriation =
        (fs::path(SPECFLOW_SOURCE_DIR) / "scenarios/repatriation/scenario.toml").string();
    REQUIRE(specflow("run england-2024-25 --replication 0 --db " + db + " --out " +
                         (dir / "a").string(),
                     dir)
                .status == 0);
    REQUIRE(specflow("run " + repatriation + " --replication 0 --db " + db + " --out " +
                         (dir / "b").string(),
                     dir)
                .status == 0);
    const auto runs = specflow("runs --db " + db, dir);
    CHECK(runs.status == 0);
    CHECK(runs.out.find("england-2024-25") != std::string::npos);
    CHECK(runs.out.find("repatriation") != std::string::npos);

    const auto exported = specflow("export 1 provider_month --db " + db, dir);
    CHECK(exported.status == 0);
    CHECK(std::count(exported.out.begin(), exported.out.end(), '\n') == 1 + 68 * 12);
    const auto json = specflow("export 2 icb_month --format json --db " + db, dir);
    CHECK(json.out.find("\"icb_name\": \"Bedfordshire, Luton and Milton Keynes\"") !=
          std::string::npos);

    const auto same =
        specflow("compare 1 1 --db " + db + " --out " + (dir / "same.csv").string(), dir);
    CHECK(same.status == 0);
    CHECK(same.out.find("All differences are zero.") != std::string::npos);
    const auto diff =
        specflow("compare 1 2 --db " + db + " --out " + (dir / "diff.csv").string(), dir);
    CHECK(diff.status == 0);
    // Southampton's income falls and Oxford's rises: the cases' contract value by the same amount
    // (examples_test.cpp checks that), and their drugs at each trust's own cost per case.
    const auto southampton =
        diff.out.find("University Hospital Southampton NHS Foundation Trust 2024/25  income");
    const auto oxford =
        diff.out.find("Oxford University Hospitals NHS Foundation Trust     2024/25  income");
    REQUIRE(southampton != std::string::npos);
    REQUIRE(oxford != std::string::npos);
    CHECK(diff.out.find("-£488,156.12", southampton) < diff.out.find('\n', southampton));
    CHECK(diff.out.find("£488,096.28", oxford) < diff.out.find('\n', oxford));
    CHECK(specflow("export 9 provider_month --db " + db, dir).status == 2);
    // A single replication stores no distributions: exporting them is refused with the tables
    // the run has, not answered with a header alone.
    const auto no_rows = specflow("export 1 provider_summary --db " + db, dir);
    CHECK(no_rows.status == 2);
    CHECK(no_rows.out.empty());
    CHECK(no_rows.err.find("run 1 has no rows in provider_summary; valid: a table it has rows "
                           "in: provider_month, income_by_source, icb_month") != std::string::npos);
    // Runs over other years (or with other ICBs) are refused rather than read as zeros.
    REQUIRE(
        specflow("run --replication 0 --db " + db + " --out " + (dir / "c").string(), dir).status ==
        0);
    const auto other = specflow("compare 1 3 --db " + db, dir);
    CHECK(other.status == 2);
    CHECK(other.err.find("error: field 'runs': runs 1 and 3 cover different financial years: "
                         "2024/25 against 2026/27; valid: two runs over the same financial years "
                         "with the same providers and ICBs") != std::string::npos);

    // The report of the repatriation run asks the scenario's question.
    const auto report =
        specflow("report 2 --db " + db + " --out " + (dir / "panel.html").string(), dir);
    CHECK(report.status == 0);
    const auto html = slurp(dir / "panel.html");
    CHECK(
        html.find(
            "What happens to a distant specialist trust, and to the trust nearer home, when an ICB "
            "brings activity back?") != std::string::npos);
    CHECK(html.find("<script src") == std::string::npos);
    // The waterfall pays the HCDD budget out as providers' drugs; it is not held centrally.
    // (Bug fixed: with drugs passed through, "not paid out to providers" went negative.)
    CHECK(html.find("High-cost drugs (HCDD)") != std::string::npos);
    CHECK(html.find("held centrally") == std::string::npos);
}

TEST_CASE("--threshold is an exact amount of pounds, and anything else is refused with its field") {
    const auto dir = scratch();
    const auto mini = k_mini / "scenario.toml";
    const auto pence =
        specflow("run " + mini.string() + " --replications 20 --threshold 1000.5 --db " +
                     (dir / "store.db").string() + " --out " + (dir / "ok").string(),
                 dir);
    REQUIRE(pence.status == 0);
    CHECK(pence.out.find("P(> £1,000.50)") != std::string::npos);
    for (const char* amount : {"1e6", "12.345", "£500", "1,000", "lots"}) {
        CAPTURE(amount);
        fs::remove_all(dir / "out");
        expect_refused(dir, mini,
                       {"field '--threshold'", std::string("'") + amount + "'", "valid:"},
                       std::string("run --replications 20 --threshold ") + amount);
    }
    const auto stress = specflow("stress --provider RBV --replications 10 --threshold 0.001", dir);
    CHECK(stress.status == 2);
    CHECK(stress.err.rfind("error: field '--threshold': '0.001' is not an amount in pounds", 0) ==
          0);
    CHECK(std::count(stress.err.begin(), stress.err.end(), '\n') == 1);
    CHECK(stress.out.empty());
}

TEST_CASE("report: an ICB's distance-from-target line keeps to the years it exists in") {
    // Regression: the series of an ICB formed in April 2026 was drawn from the first slot, so
    // Central East's 2026/27 DfT showed against the baseline.
    const auto dir = scratch();
    const auto db = (dir / "store.db").string();
    REQUIRE(specflow("run england-2024-25 --years 3 --replication 0 --db " + db + " --out " +
                         (dir / "out").string(),
                     dir)
                .status == 0);
    REQUIRE(
        specflow("report 1 --db " + db + " --out " + (dir / "panel.html").string(), dir).status ==
        0);
    const auto html = slurp(dir / "panel.html");
    // Slots: baseline, 2024/25, 2025/26, 2026/27. Central East starts with its carried
    // baseline's DfT in 2025/26; Frimley ends after 2025/26.
    CHECK(html.find("\"dft_pct\":[null,null,-2.5270277304029753,-1.9189565304026268],"
                    "\"icb_name\":\"Central East\"") != std::string::npos);
    CHECK(html.find("],\"icb_name\":\"Frimley\"") != std::string::npos);
    CHECK(html.find("-5.945130527022635,null],\"icb_name\":\"Frimley\"") != std::string::npos);
    CHECK(html.find("A line that stops ends with an ICB a reconfiguration ended") !=
          std::string::npos);
}
