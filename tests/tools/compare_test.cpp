// compare refuses two runs it cannot set side by side — other financial years, other providers
// or ICBs — in one line, with exit status 2 and nothing written; a Monte Carlo run against a
// single one is compared on the measures both have.
#include "cli_support.hpp"

#include <doctest/doctest.h>
#include <string>

namespace {

namespace fs = std::filesystem;
using cli_support::k_mini;
using cli_support::scratch;
using cli_support::slurp;
using cli_support::specflow;

// The mini scenario with provider AQHG's code changed to AQHX everywhere: the same money under
// another provider.
fs::path mini_renamed(const fs::path& dir) {
    const auto copy = dir / "renamed";
    fs::copy(k_mini, copy);
    for (const char* table : {"providers.csv", "costs.csv", "flows.csv", "contracts.csv"}) {
        std::string text = slurp(copy / table);
        for (auto at = text.find("AQHG"); at != std::string::npos; at = text.find("AQHG", at)) {
            text.replace(at, 4, "AQHX");
        }
        std::ofstream(copy / table, std::ios::binary) << text;
    }
    return copy / "scenario.toml";
}

} // namespace

TEST_CASE("compare refuses runs with other providers or other years, and writes nothing") {
    const auto dir = scratch();
    const auto db = (dir / "store.db").string();
    const auto store = " --replication 0 --db " + db + " --out ";
    const auto mini = (k_mini / "scenario.toml").string();
    REQUIRE(specflow("run " + mini + store + (dir / "a").string(), dir).status == 0);
    REQUIRE(
        specflow("run " + mini_renamed(dir).string() + store + (dir / "b").string(), dir).status ==
        0);
    REQUIRE(specflow("run england-2024-25 --years 2" + store + (dir / "c").string(), dir).status ==
            0);
    REQUIRE(specflow("run england-2024-25 --years 3" + store + (dir / "d").string(), dir).status ==
            0);

    const auto csv = dir / "compare.csv";
    const auto providers = specflow("compare 1 2 --db " + db + " --out " + csv.string(), dir);
    CHECK(providers.status == 2);
    CHECK(providers.out.empty());
    CHECK(providers.err ==
          "error: field 'runs': runs 1 and 2 have different providers: run 1 has AQHG in "
          "2024/25, which run 2 has not; valid: two runs over the same financial years with the "
          "same providers and ICBs\n");
    const auto reversed = specflow("compare 2 1 --db " + db + " --out " + csv.string(), dir);
    CHECK(reversed.err.find("runs 2 and 1 have different providers: run 2 has AQHX in 2024/25, "
                            "which run 1 has not") != std::string::npos);

    const auto years = specflow("compare 3 4 --db " + db + " --out " + csv.string(), dir);
    CHECK(years.status == 2);
    CHECK(years.err == "error: field 'runs': runs 3 and 4 cover different financial years: "
                       "2024/25 to 2025/26 against 2024/25 to 2026/27; valid: two runs over the "
                       "same financial years with the same providers and ICBs\n");
    CHECK(!fs::exists(csv));
}

TEST_CASE("a Monte Carlo run against a single run: its means, on the measures both have") {
    const auto dir = scratch();
    const auto db = (dir / "store.db").string();
    const auto mini = (k_mini / "scenario.toml").string();
    REQUIRE(
        specflow("run " + mini + " --replication 0 --db " + db + " --out " + (dir / "a").string(),
                 dir)
            .status == 0);
    REQUIRE(specflow("run " + mini + " --replications 50 --threads 2 --db " + db + " --out " +
                         (dir / "b").string(),
                     dir)
                .status == 0);
    const auto csv = dir / "compare.csv";
    for (const char* runs : {"1 2", "2 1"}) {
        const auto compared = specflow(
            std::string("compare ") + runs + " --db " + db + " --out " + csv.string(), dir);
        CHECK(compared.status == 0);
        CHECK(compared.out.find("(a Monte Carlo run by its means)") != std::string::npos);
        // A Monte Carlo run stores no ICB spend: none is compared (it read as £0.0m before).
        const auto text = slurp(csv);
        CHECK(text.find(",variance,") != std::string::npos);
        CHECK(text.find(",spend,") == std::string::npos);
        CHECK(compared.out.find(" spend ") == std::string::npos);
    }
}
