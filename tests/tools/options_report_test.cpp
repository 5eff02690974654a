// `specflow report` of a run of `specflow options`: the options side by side, with the figures
// options_summary holds.

#include "entities/money.hpp"
#include "reports/format.hpp"
#include "tests/tools/cli_support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <cmath>
#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using cli_support::k_mini;
using cli_support::scratch;
using cli_support::slurp;

// The mini scenario's two delegated ICBs with a host for their Cambridge contracts, and then
// also a risk pool: the options beside the mini scenario itself, written next to it.
constexpr const char* k_hub_toml = R"toml([scenario]
extends = "scenario.toml"
name = "hub"
title = "Cambridgeshire and Peterborough hosts both ICBs' contracts with Cambridge"

[[lead_icb]]
code = "hub"
host = "QUE"
participants = ["QHG", "QUE"]
providers = ["RGT"]
service_lines = ["*"]
basis = "value"
settlement = "monthly"
)toml";

constexpr const char* k_hub_pool_toml = R"toml([scenario]
extends = "hub.toml"
name = "hub-pool"
title = "The host, and a risk pool of the two ICBs"

[[risk_pool]]
code = "pair"
members = ["QHG", "QUE"]
settlement = "quarterly"
)toml";

// An ICB's row of the section, as the report writes it from the stored figures (pence).
std::string icb_row(SQLite::Database& store, std::int64_t run, const std::string& code) {
    const auto figure = [&](const char* measure) {
        SQLite::Statement st(store, "SELECT value FROM options_summary WHERE run_id = ? AND "
                                    "kind = 'icb' AND code = ? AND measure = ?");
        st.bind(1, run);
        st.bind(2, code);
        st.bind(3, measure);
        REQUIRE_MESSAGE(st.executeStep(), measure << " of " << code << " is not stored");
        return st.getColumn(0).getDouble();
    };
    const auto millions = [](double pence) {
        return specflow::reports::format_millions(
            specflow::entities::Money::from_pence(std::llround(pence)));
    };
    const auto outturn = [&](const char* measure) {
        const auto text = millions(figure(measure));
        return fmt::format("<td class=\"num{}\">{}</td>", text.starts_with('-') ? " neg" : "",
                           text);
    };
    return outturn("outturn_p5") + outturn("outturn_p50") + outturn("outturn_p95") +
           fmt::format("<td class=\"num\">{:.1f}%</td><td class=\"num\">{}</td><td "
                       "class=\"num\">{}</td>",
                       100.0 * figure("probability_overspend_above"),
                       millions(figure("recharges_mean")), millions(figure("pool_transfer_mean")));
}

} // namespace

TEST_CASE("report of an option: the options side by side, as options_summary holds them") {
    const auto dir = scratch();
    fs::copy(k_mini, dir / "mini");
    std::ofstream(dir / "mini/hub.toml") << k_hub_toml;
    std::ofstream(dir / "mini/hub-pool.toml") << k_hub_pool_toml;
    const auto db = (dir / "store.db").string();
    const auto options =
        cli_support::specflow("options mini/scenario.toml mini/hub.toml mini/hub-pool.toml "
                              "--replications 20 --threshold 10000 --db " +
                                  db + " --out out",
                              dir);
    REQUIRE_MESSAGE(options.status == 0, options.err);
    REQUIRE(cli_support::specflow("report 2 --db " + db + " --out hub.html", dir).status == 0);
    const auto html = slurp(dir / "hub.html");

    CHECK(html.find("<h2>1. Options side by side</h2>") != std::string::npos);
    CHECK(html.find("<td class=\"num\">1</td><td>mini (the base)</td>") != std::string::npos);
    CHECK(html.find("<tr class=\"this\"><td class=\"num\">2</td><td>hub (this report)</td>") !=
          std::string::npos);
    CHECK(html.find("<td class=\"num\">3</td><td>hub-pool</td>") != std::string::npos);
    CHECK(html.find("<code>specflow compare 1 2</code>") != std::string::npos);
    CHECK(html.find("<th class=\"num\">P(overspend &gt; £10,000)</th>") != std::string::npos);
    CHECK(html.find("id=\"chart-options\"") != std::string::npos);

    // Each option's row of Bedfordshire, Luton and Milton Keynes, figure by figure.
    SQLite::Database store(db);
    CHECK(html.find("<tr><td>mini</td>" + icb_row(store, 1, "QHG") + "</tr>") != std::string::npos);
    CHECK(html.find("<tr class=\"this\"><td>hub</td>" + icb_row(store, 2, "QHG") + "</tr>") !=
          std::string::npos);
    CHECK(html.find("<tr><td>hub-pool</td>" + icb_row(store, 3, "QHG") + "</tr>") !=
          std::string::npos);
    // The host settles monthly and nobody withholds: no exposure to show.
    CHECK(html.find("No host carries cash for the others") != std::string::npos);

    // A run that is not an option has no such section.
    REQUIRE(cli_support::specflow(
                "run mini/scenario.toml --replications 20 --db " + db + " --out run", dir)
                .status == 0);
    REQUIRE(cli_support::specflow("report 4 --db " + db + " --out run.html", dir).status == 0);
    CHECK(slurp(dir / "run.html").find("Options side by side") == std::string::npos);
}
