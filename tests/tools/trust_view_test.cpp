// One trust's view from the command line: compare on two Monte Carlo runs' distributions, a
// stress run kept in the store, and the HTML page of one provider.

#include "tests/tools/cli_support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using cli_support::k_mini;
using cli_support::scratch;
using cli_support::slurp;
using cli_support::specflow;

// The mini scenario with QHG paying the local acute provider AQHG 20% less on its block from
// M01: £1,081,200 a year × 20% = £216,240 less income, the same activity and cost.
fs::path mini_with_payment_cut(const fs::path& dir) {
    const auto copy = dir / "cut";
    fs::copy(k_mini, copy);
    std::ofstream(copy / "scenario.toml", std::ios::app)
        << "\n[[shocks]]\nkind = \"payment_cut\"\nstart = \"2024/25 M01\"\npayer = \"QHG\"\n"
           "provider = \"AQHG\"\ncut_pct = 20\n";
    return copy / "scenario.toml";
}

// The £m figures of the stress text's row `label` ("  income    £283.6m  …", "  pressure  -£3.8m
// …"): mean, P5, P10, P50, P90 and P95, in £m as printed (to £0.1m). (Read word by word:
// <regex> trips g++ 12's -Wmaybe-uninitialized in the sanitizer build.)
std::vector<double> printed_row(const std::string& text, const std::string& label) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.starts_with("  " + label + "  ")) {
            continue;
        }
        std::vector<double> figures;
        std::istringstream words(line.substr(label.size() + 2));
        for (std::string word; words >> word;) {
            const bool negative = word.starts_with("-");
            const std::string pound = "£";
            const auto at = word.find(pound);
            if (at != (negative ? 1U : 0U) || !word.ends_with("m")) {
                figures.push_back(std::nan("")); // not a figure: the row's check fails
                continue;
            }
            auto digits = word.substr(at + pound.size(), word.size() - at - pound.size() - 1);
            std::erase(digits, ',');
            figures.push_back((negative ? -1.0 : 1.0) * std::stod(digits));
        }
        return figures;
    }
    return {};
}

// compare.csv's rows by (code, measure): (run_a, run_b, difference) as text. Names with commas
// are quoted, so the row is split by a CSV reader that honours quotes.
std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (const char c : line) {
        if (c == '\r') {
            continue; // RFC 4180 ends lines with CRLF
        }
        if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

std::map<std::pair<std::string, std::string>, std::vector<std::string>>
compare_rows(const fs::path& csv) {
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> rows;
    std::istringstream in(slurp(csv));
    std::string line;
    std::getline(in, line);
    CHECK(line == "kind,code,name,fy,measure,run_a,run_b,difference\r");
    while (std::getline(in, line)) {
        const auto f = csv_fields(line);
        REQUIRE(f.size() == 8);
        rows[{f[1], f[4]}] = {f[5], f[6], f[7]};
    }
    return rows;
}

} // namespace

TEST_CASE("compare of two Monte Carlo runs: the change in P5, P50, P95 and P(pressure > £X)") {
    const auto dir = scratch();
    const auto db = (dir / "store.db").string();
    const auto mini = (k_mini / "scenario.toml").string();
    const auto cut = mini_with_payment_cut(dir).string();
    const auto store = " --replications 200 --threads 2 --db " + db + " --out ";
    REQUIRE(specflow("run " + mini + store + (dir / "a").string(), dir).status == 0);
    REQUIRE(specflow("run " + cut + store + (dir / "b").string(), dir).status == 0);
    REQUIRE(
        specflow("run " + mini + store + (dir / "c").string() + " --threshold 1000", dir).status ==
        0);

    const auto csv = dir / "ab.csv";
    const auto ab = specflow("compare 1 2 --db " + db + " --out " + csv.string(), dir);
    REQUIRE(ab.status == 0);
    // Same seed, same draws: AQHG's income is a block, the same in every replication, so each
    // quantile falls by exactly the cut; its cost is unchanged, so every quantile of its
    // pressure rises by the cut, and QHG's variance (budget − spend) by as much.
    const auto rows = compare_rows(csv);
    for (const char* measure : {"income", "income_p5", "income_p50", "income_p95"}) {
        CAPTURE(measure);
        REQUIRE(rows.contains({"AQHG", measure}));
        CHECK(rows.at({"AQHG", measure}) ==
              std::vector<std::string>{"1081200.00", "864960.00", "-216240.00"});
    }
    // Quantiles are read from the summary's histograms, so a shifted one may land a penny off.
    for (const char* measure : {"pressure", "pressure_p5", "pressure_p50", "pressure_p95"}) {
        CAPTURE(measure);
        CHECK(std::stod(rows.at({"AQHG", measure})[2]) == doctest::Approx(216'240.0).epsilon(1e-7));
    }
    for (const char* measure : {"variance", "variance_p5", "variance_p50", "variance_p95"}) {
        CAPTURE(measure);
        CHECK(std::stod(rows.at({"QHG", measure})[2]) == doctest::Approx(216'240.0).epsilon(1e-7));
    }
    // The other providers and ICBs are untouched, to the penny.
    CHECK(rows.at({"RGT", "pressure_p50"})[2] == "0.00");
    CHECK(rows.at({"QUE", "variance_p95"})[2] == "0.00");
    // AQHG made a surplus of about £199,000 at the median (P95 pressure −£68,085.38): a loss in
    // 1.5% of replications. The cut moves every quantile by £216,240 (its P5 to −£82,864.94), so
    // a loss becomes likely: P(pressure > £0) goes from 1.5% to 59.5%.
    CHECK(rows.at({"AQHG", "pressure_p95"})[0] == "-68085.38");
    CHECK(rows.at({"AQHG", "pressure_p5"})[1] == "-82864.94");
    CHECK(rows.at({"AQHG", "pressure_probability_above"}) ==
          std::vector<std::string>{"0.015000", "0.595000", "0.580000"});
    for (const std::string text : {"their distributions", "3 lines differ", "P(pressure > £0)",
                                   "-£216,240", "+£216,240", "+58.0 pts",
                                   "Local acute provider, Bedfordshire, Luton and Milton Keynes "
                                   "2024/25  pressure"}) {
        CHECK_MESSAGE(ab.out.find(text) != std::string::npos, text);
    }
    // AQHG has no drugs: its income excluding drugs would repeat its income, so it is left out.
    CHECK_FALSE(rows.contains({"AQHG", "income_excl_drugs"}));
    CHECK_FALSE(rows.contains({"AQHG", "income_excl_drugs_p50"}));

    // Different thresholds: the probabilities are not compared (and the text says why), the
    // distributions still are.
    const auto other = dir / "ac.csv";
    const auto ac = specflow("compare 1 3 --db " + db + " --out " + other.string(), dir);
    REQUIRE(ac.status == 0);
    CHECK(ac.out.find("Note: P(pressure > threshold) is not compared: run 1 used a threshold of "
                      "£0 and run 3 of £1,000") != std::string::npos);
    CHECK(ac.out.find("All differences are zero.") != std::string::npos);
    CHECK(slurp(other).find("pressure_probability_above") == std::string::npos);
    CHECK(compare_rows(other).at({"AQHG", "pressure_p50"})[2] == "0.00");
}

TEST_CASE("compare: income excluding drugs, where a provider has drugs passed through") {
    // AQHG's chemotherapy (2,400 a year) brings £240,000 a year of drugs, passed through at cost
    // and moving with the cases. Its income excluding drugs is the £1,081,200 block in every
    // replication, so each of its figures falls by exactly the 20% cut, £216,240; its whole
    // income is the block plus the drugs, so it is a different row.
    const auto dir = scratch();
    const auto db = (dir / "store.db").string();
    const auto with_drugs = [&](const fs::path& scenario) {
        std::ofstream(scenario.parent_path() / "drugs.csv")
            << "provider_code,service_line_code,annual_cost_pounds,growth_pct\nAQHG,CHM,240000,0\n";
        std::ifstream in(scenario);
        std::stringstream text;
        text << in.rdbuf();
        auto toml = text.str();
        toml.replace(toml.find("[tables]\n"), 9, "[tables]\ndrugs = \"drugs.csv\"\n");
        std::ofstream(scenario) << toml;
        return scenario.string();
    };
    const auto plain = dir / "plain";
    fs::copy(k_mini, plain);
    const auto a = with_drugs(plain / "scenario.toml");
    const auto b = with_drugs(mini_with_payment_cut(dir));
    const auto store = " --replications 200 --threads 2 --db " + db + " --out ";
    REQUIRE(specflow("run " + a + store + (dir / "a").string(), dir).status == 0);
    REQUIRE(specflow("run " + b + store + (dir / "b").string(), dir).status == 0);
    const auto csv = dir / "ab.csv";
    const auto ab = specflow("compare 1 2 --db " + db + " --out " + csv.string(), dir);
    REQUIRE(ab.status == 0);
    const auto rows = compare_rows(csv);
    for (const char* measure : {"income_excl_drugs", "income_excl_drugs_p5",
                                "income_excl_drugs_p50", "income_excl_drugs_p95"}) {
        CAPTURE(measure);
        REQUIRE(rows.contains({"AQHG", measure}));
        CHECK(rows.at({"AQHG", measure}) ==
              std::vector<std::string>{"1081200.00", "864960.00", "-216240.00"});
    }
    REQUIRE(rows.contains({"AQHG", "income"}));
    CHECK(std::stod(rows.at({"AQHG", "income"})[0]) > 1'081'200.0 + 200'000.0);
    CHECK(ab.out.find("income excl. drugs") != std::string::npos);
}

TEST_CASE("stress keeps its run: listed as a stress of the provider, with exposure, forecast "
          "and tornado") {
    const auto dir = scratch();
    const auto db = (dir / "store.db").string();
    const auto stress =
        specflow("stress --provider christie --replications 100 --threads 2 --db " + db, dir);
    REQUIRE(stress.status == 0);
    CHECK(stress.out.find("forecast at M9 (December) of the year's outturn") != std::string::npos);
    CHECK(stress.out.find("Stored as stress run 1 in " + db) != std::string::npos);
    const auto runs = specflow("runs --db " + db, dir);
    CHECK(runs.out.find("stress RBV") != std::string::npos);

    // The exposure of the expected-value run adds up to the shares' 100% and matches the text's
    // first row (NHS England's drugs, £166.2m, 58.6% in 2026/27): in pounds, or the store's pence.
    const auto exposure = specflow("export 1 provider_exposure --db " + db, dir);
    REQUIRE(exposure.status == 0);
    CHECK(exposure.out.find("1,RBV,2026/27,NHSE,NHS England,drugs,166213339.17,0.58604") !=
          std::string::npos);
    const auto exposure_pence = specflow("export 1 provider_exposure --pence --db " + db, dir);
    CHECK(exposure_pence.out.find("1,RBV,2026/27,NHSE,NHS England,drugs,16621333917,0.58604") !=
          std::string::npos);
    CHECK(stress.out.find("NHS England                           drugs          £166.2m    "
                          "58.6%") != std::string::npos);
    const auto forecast = specflow("export 1 provider_forecast_summary --db " + db, dir);
    CHECK(std::count(forecast.out.begin(), forecast.out.end(), '\n') == 3); // header, 2 rows
    CHECK(forecast.out.find("RBV,The Christie NHS Foundation Trust,2026/27,9,income,") !=
          std::string::npos);
    const auto tornado = specflow("export 1 tornado --db " + db, dir);
    CHECK(tornado.out.find("1,RBV,2026/27,1,income,this trust's own: Blood and marrow "
                           "transplantation,") != std::string::npos);
    CHECK(tornado.out.find(",pressure,") != std::string::npos);
    // Its distributions are the Monte Carlo summary's: the provider's P(pressure > £0) is there.
    const auto summary = specflow("export 1 provider_summary --format json --db " + db, dir);
    CHECK(summary.out.find("\"threshold\": 0.0") != std::string::npos);
    // What the text printed is what the store keeps: each row's six figures to £0.1m, and the
    // probability that the pressure exceeds £0 to 0.1%.
    SQLite::Database store(db);
    for (const auto& [label, measure] : std::vector<std::pair<std::string, std::string>>{
             {"income", "income"},
             {"income excl. drugs", "income_excl_drugs"},
             {"cost", "cost"},
             {"pressure", "pressure"}}) {
        CAPTURE(label);
        const auto printed = printed_row(stress.out, label);
        REQUIRE(printed.size() == 6);
        SQLite::Statement stored(store, "SELECT mean, p5, p10, p50, p90, p95 FROM "
                                        "provider_summary WHERE run_id = 1 AND provider_code = "
                                        "'RBV' AND measure = ?");
        stored.bind(1, measure);
        REQUIRE(stored.executeStep());
        for (int i = 0; i < 6; ++i) {
            const double kept = stored.getColumn(i).getDouble() / 1e6;
            CAPTURE(kept);
            CHECK(std::fabs(printed[static_cast<std::size_t>(i)] - kept) <= 0.0500001);
        }
    }
    const double above =
        store
            .execAndGet("SELECT probability_above FROM provider_summary WHERE run_id = 1 AND "
                        "provider_code = 'RBV' AND measure = 'pressure'")
            .getDouble();
    CHECK(stress.out.find(fmt::format("Probability that the pressure exceeds £0: {:.1f}%",
                                      above * 100.0)) != std::string::npos);

    // An unknown provider is refused before anything is run or stored.
    const auto other = (dir / "other.db").string();
    const auto unknown =
        specflow("stress --provider \"No Such Trust\" --replications 10 --db " + other, dir);
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find("RBV The Christie NHS Foundation Trust") != std::string::npos);
    CHECK_FALSE(fs::exists(other));
}

TEST_CASE("report --provider: one trust's page from a stress run, a Monte Carlo run and a single "
          "replication, and an unknown or ambiguous name is refused with the candidates") {
    const auto dir = scratch();
    const auto db = (dir / "store.db").string();
    const auto mini = (k_mini / "scenario.toml").string();
    REQUIRE(specflow("stress " + mini + " --provider cambridge --replications 50 --db " + db, dir)
                .status == 0);
    const auto page = dir / "cambridge.html";
    const auto report =
        specflow("report 1 --provider rgt --db " + db + " --out " + page.string(), dir);
    REQUIRE(report.status == 0);
    CHECK(report.out.find("Wrote the page of Cambridge University Hospitals NHS Foundation Trust "
                          "from run 1") != std::string::npos);
    const auto html = slurp(page);
    // The plan pays Cambridge its block from Cambridgeshire and Peterborough, £1,320,000, and
    // its API fixed element from BLMK, £212,500 (activity at plan moves the variable element by
    // nothing): 1,320,000 / 1,532,500 = 86.1%, 212,500 / 1,532,500 = 13.9%.
    for (const char* text :
         {"<h1>Cambridge University Hospitals NHS Foundation Trust</h1>",
          "<tr><td>Cambridgeshire and Peterborough</td><td>block</td><td class=\"num\">£1.32m</td>"
          "<td class=\"num\">86.1%</td></tr>",
          "<tr><td>Bedfordshire, Luton and Milton Keynes</td><td>api</td><td "
          "class=\"num\">£0.21m</td><td class=\"num\">13.9%</td></tr>",
          "<th class=\"num\">£1.53m</th>", "Probability that the pressure exceeds £0",
          "Forecast outturn at M9 (December)", "forecast income",
          "What drives the variance of 2024/25 income",
          "These shares have no standard error (that needs 100 replications or more)",
          "Run 1, a stress run of scenario mini"}) {
        CHECK_MESSAGE(html.find(text) != std::string::npos, text);
    }
    CHECK(html.find("Not in this run") == std::string::npos);
    CHECK(html.find("<script src") == std::string::npos); // self-contained

    // A Monte Carlo run has the distributions and says what only stress keeps.
    REQUIRE(specflow("run " + mini + " --replications 50 --db " + db + " --out " +
                         (dir / "mc").string(),
                     dir)
                .status == 0);
    const auto mc = dir / "mc.html";
    REQUIRE(specflow("report 2 --provider RGT --db " + db + " --out " + mc.string(), dir).status ==
            0);
    const auto mc_html = slurp(mc);
    CHECK(mc_html.find("Income and pressure, year by year") != std::string::npos);
    CHECK(mc_html.find("Not in this run") != std::string::npos);
    CHECK(mc_html.find("The forecast outturn at M9 (December): this run did not keep it "
                       "(specflow stress mini --provider RGT).") != std::string::npos);
    CHECK(mc_html.find("Where the income comes from</h2>") == std::string::npos);

    // A single replication: its own income by source, and no distribution.
    REQUIRE(
        specflow("run " + mini + " --replication 0 --db " + db + " --out " + (dir / "one").string(),
                 dir)
            .status == 0);
    const auto one = dir / "one.html";
    REQUIRE(specflow("report 3 --provider RGT --db " + db + " --out " + one.string(), dir).status ==
            0);
    const auto one_html = slurp(one);
    CHECK(one_html.find("this run is a single replication") != std::string::npos);
    CHECK(one_html.find("<td class=\"num\">86.1%</td>") != std::string::npos);
    // Its year and its forecast at M9, which the run keeps in its provider-months (a bug said
    // "this run did not keep it").
    CHECK(one_html.find("Income, cost and pressure, year by year") != std::string::npos);
    CHECK(one_html.find("Forecast income at M9") != std::string::npos);
    CHECK(one_html.find("The forecast outturn at M9") == std::string::npos);

    const auto unknown = specflow("report 1 --provider \"No Such Trust\" --db " + db + " --out " +
                                      (dir / "none.html").string(),
                                  dir);
    CHECK(unknown.status == 2);
    CHECK(unknown.err ==
          "error: field '--provider': no provider 'No Such Trust' in run 1; valid: a provider's "
          "code, or its name or a part of it, e.g. RGT Cambridge University Hospitals NHS "
          "Foundation Trust\n");
    CHECK_FALSE(fs::exists(dir / "none.html"));
    const auto ambiguous = specflow("report 2 --provider \"foundation trust\" --db " + db, dir);
    CHECK(ambiguous.status == 2);
    CHECK(ambiguous.err.find("'foundation trust' fits 2 providers in run 2: ") !=
          std::string::npos);
}

TEST_CASE("stress --replications 0 is refused as bad input, not an internal error") {
    const auto dir = scratch();
    const auto result = specflow("stress " + (k_mini / "scenario.toml").string() +
                                     " --provider AQHG --replications 0 --db store.db",
                                 dir);
    CHECK(result.status == 2);
    CHECK(result.err.find("--replications") != std::string::npos);
    CHECK(result.err.find("internal error") == std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "store.db"));
}

TEST_CASE("--years 0 names the range of years, not a 309-digit number") {
    const auto dir = scratch();
    for (const char* command : {"run", "stress --provider AQHG", "allocate"}) {
        CAPTURE(command);
        const auto result = specflow(
            std::string(command) + " " + (k_mini / "scenario.toml").string() + " --years 0", dir);
        CHECK(result.status == 2);
        CHECK(result.err.rfind("error: field '--years': value 0 not in range 1 to 100", 0) == 0);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
        CHECK(result.err.size() < 200);
    }
}
