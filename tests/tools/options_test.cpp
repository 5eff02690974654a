// Arrangement options side by side: `specflow options` on the East of England example (no host;
// a host recharging by value, by plan; with a risk pool) runs every option on the same random
// numbers, prints and stores one table and refuses options it cannot compare; and a pool's
// Monte Carlo summary shows the members' outturns after the pool beside those before.

#include "cli_support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using cli_support::scratch;
using cli_support::slurp;
using cli_support::specflow;

const fs::path k_options = fs::path(SPECFLOW_SOURCE_DIR) / "scenarios/east-of-england-options";

std::string eoe_options() {
    return "england-2024-25 " + (k_options / "host-value.toml").string() + " " +
           (k_options / "host-plan.toml").string() + " " + (k_options / "host-pool.toml").string();
}

// summary_icb_year.csv's rows: (code, measure) → [mean, p5, p50, p95]. ICB names may be quoted
// with commas, so the numbers are read from the end of the line.
std::map<std::pair<std::string, std::string>, std::vector<double>>
icb_summary(const fs::path& csv) {
    std::map<std::pair<std::string, std::string>, std::vector<double>> rows;
    std::istringstream in(slurp(csv));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        std::vector<std::string> tail;
        auto end = line.size();
        for (int k = 0; k < 7; ++k) {
            const auto comma = line.rfind(',', end - 1);
            tail.insert(tail.begin(), line.substr(comma + 1, end - comma - 1));
            end = comma;
        }
        const auto code = line.substr(0, line.find(','));
        // tail: measure, mean, p5, p10, p50, p90, p95
        rows[{code, tail[0]}] = {std::stod(tail[1]), std::stod(tail[2]), std::stod(tail[4]),
                                 std::stod(tail[6])};
    }
    return rows;
}

} // namespace

TEST_CASE("options: four East of England options in one command, stored as runs of one set") {
    const auto dir = scratch();
    const auto db = (dir / "store.db").string();
    const auto result = specflow("options " + eoe_options() + " --replications 40 --db " + db +
                                     " --out " + (dir / "out").string(),
                                 dir);
    INFO(result.err);
    REQUIRE(result.status == 0);
    for (const char* text : {"4 options on the same random numbers (seed 20240401)", "host-value",
                             "host-plan", "host-pool",
                             "Cambridgeshire and "
                             "Peterborough (QUE)",
                             "P(overspend > £0)", "Providers' income in 2024/25"}) {
        CHECK_MESSAGE(result.out.find(text) != std::string::npos, text);
    }
    CHECK(fs::exists(dir / "out" / "options.csv"));

    SQLite::Database store(db);
    CHECK(store.execAndGet("SELECT COUNT(*) FROM runs WHERE kind = 'option'").getInt() == 4);
    CHECK(store.execAndGet("SELECT COUNT(DISTINCT set_id) FROM options_summary").getInt() == 1);
    CHECK(store.execAndGet("SELECT MIN(set_id) FROM options_summary").getInt() == 1);
    // Common random numbers: the host and its basis change who pays, never what the providers
    // are paid, so their income figures are the same in every option.
    CHECK(store
              .execAndGet("SELECT COUNT(DISTINCT value) FROM options_summary WHERE kind = "
                          "'provider' AND code = 'RGT' AND measure = 'income_p5'")
              .getInt() == 1);
    // ... and so every figure of every provider the arrangements name (RGT, RGM and RJ1: income
    // mean, P5 and P95 in each of the four options): none differs.
    CHECK(
        store.execAndGet("SELECT COUNT(*) FROM options_summary WHERE kind = 'provider'").getInt() ==
        3 * 3 * 4);
    CHECK(store
              .execAndGet("SELECT COUNT(*) FROM (SELECT code, measure FROM options_summary WHERE "
                          "kind = 'provider' GROUP BY code, measure HAVING COUNT(DISTINCT value) "
                          "> 1)")
              .getInt() == 0);
    // The pool's transfers net to zero: their means over the six members sum to nothing.
    CHECK(std::fabs(store
                        .execAndGet("SELECT SUM(value) FROM options_summary WHERE option_name = "
                                    "'host-pool' AND measure = 'pool_transfer_mean'")
                        .getDouble()) < 1.0);
    // Without a host, Cambridgeshire and Peterborough recharges nobody; as host it is due back
    // the others' shares (negative recharges).
    CHECK(store
              .execAndGet("SELECT value FROM options_summary WHERE option_name = "
                          "'england-2024-25' AND code = 'QUE' AND measure = 'recharges_mean'")
              .getDouble() == 0.0);
    CHECK(store
              .execAndGet("SELECT value FROM options_summary WHERE option_name = 'host-value' "
                          "AND code = 'QUE' AND measure = 'recharges_mean'")
              .getDouble() < -50'000'000'000.0); // more than £500m a year
    // Two options compare like runs.
    CHECK(specflow("compare 2 3 --db " + db + " --out " + (dir / "c.csv").string(), dir).status ==
          0);

    // host-pool is host-value with a risk pool: the pool pays no provider and moves no ICB's
    // variance before it, only the members' outturns after it, and compare shows those.
    const auto pooled =
        specflow("compare 2 4 --db " + db + " --out " + (dir / "pool.csv").string(), dir);
    REQUIRE(pooled.status == 0);
    CHECK(pooled.out.find("All differences are zero") == std::string::npos);
    CHECK(pooled.out.find(" outturn ") != std::string::npos);
    std::istringstream csv(slurp(dir / "pool.csv"));
    std::string line;
    int outturns_moved = 0;
    int others_moved = 0;
    while (std::getline(csv, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        const bool zero = line.ends_with(",0.00") || line.ends_with(",0.000000");
        if (line.find(",outturn_") != std::string::npos) {
            outturns_moved += zero ? 0 : 1;
        } else if (line.rfind("kind,", 0) != 0) {
            others_moved += zero ? 0 : 1;
        }
    }
    CHECK(outturns_moved > 0);
    CHECK(others_moved == 0);
}

TEST_CASE("options: an option over other ICBs or years is refused in one line, nothing stored") {
    const auto dir = scratch();
    const auto result = specflow(
        "options england-2024-25 england-2026-27 --replications 5 --db store.db --out out", dir);
    CHECK(result.status == 2);
    CHECK(result.err.find("option england-2026-27") != std::string::npos);
    CHECK(result.err.find("has different financial years from the base england-2024-25") !=
          std::string::npos);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(dir / "store.db"));
    CHECK_FALSE(fs::exists(dir / "out"));
}

TEST_CASE("midlands-risk-pool: after the pool the members' outturns spread less in all, and the "
          "widest narrows most") {
    const auto dir = scratch();
    REQUIRE(
        specflow("run midlands-risk-pool --replications 200 --db store.db --out out", dir).status ==
        0);
    const auto rows = icb_summary(dir / "out" / "summary_icb_year.csv");
    double before = 0.0;
    double after = 0.0;
    double widest_before = 0.0;
    double widest_after = 0.0;
    double transfers = 0.0;
    int members = 0;
    for (const auto& [key, values] : rows) {
        if (key.second != "outturn_after_pool") {
            continue;
        }
        ++members;
        const auto& variance = rows.at({key.first, "variance"});
        const double width_before = variance[3] - variance[1];
        const double width_after = values[3] - values[1];
        before += width_before;
        after += width_after;
        if (width_before > widest_before) {
            widest_before = width_before;
            widest_after = width_after;
        }
        transfers += rows.at({key.first, "pool_transfer"})[0];
    }
    CHECK(members == 11);
    // With 200 replications: the eleven P5–P95 widths sum to £136.9m before the pool and
    // £112.6m after; Birmingham and Solihull's, the widest (£29.7m), falls to £16.7m. Members
    // with little risk of their own take a share of the others' (Coventry and Warwickshire's
    // width rises from £0.9m to £5.2m): the price of the cover.
    CHECK(after < 0.9 * before);
    CHECK(widest_after < 0.7 * widest_before);
    CHECK(std::fabs(transfers) < 1.0);
}
