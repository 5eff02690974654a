// The specflow command line, run as a user runs it: help, determinism, and a clear one-line
// error with exit status 2 and no output for each kind of bad input.

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

const fs::path k_mini = fs::path(SPECFLOW_SOURCE_DIR) / "tests/tools/mini";
const fs::path k_england = fs::path(SPECFLOW_SOURCE_DIR) / "scenarios/england-2024-25/scenario.toml";

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A fresh empty directory for one test.
fs::path scratch() {
    static std::atomic<int> counter{0};
    const auto dir = fs::temp_directory_path() /
                     ("specflow-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

struct Result {
    int status = -1;
    std::string out;
    std::string err;
};

Result specflow(const std::string& arguments, const fs::path& dir) {
    const auto out = dir / "stdout.txt";
    const auto err = dir / "stderr.txt";
    const std::string command = std::string(SPECFLOW_BINARY) + " " + arguments + " >" +
                                out.string() + " 2>" + err.string();
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

// A copy of the mini scenario with one file's text changed: `from` replaced by `to`.
fs::path broken_mini(const fs::path& dir, const std::string& file, const std::string& from,
                     const std::string& to) {
    const auto copy = dir / "scenario";
    fs::copy(k_mini, copy);
    auto text = slurp(copy / file);
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "the test's text to replace is not in " << file);
    text.replace(at, from.size(), to);
    std::ofstream(copy / file, std::ios::binary | std::ios::trunc) << text;
    return copy / "scenario.toml";
}

// Bad input: status 2, exactly one line on stderr that names all of `must_name`, and no output.
void expect_refused(const fs::path& dir, const fs::path& toml,
                    std::initializer_list<std::string> must_name) {
    const auto out_dir = dir / "out";
    const auto result = specflow("run " + toml.string() + " --out " + out_dir.string(), dir);
    CHECK(result.status == 2);
    CHECK(result.err.rfind("error: ", 0) == 0);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    for (const auto& word : must_name) {
        CHECK_MESSAGE(result.err.find(word) != std::string::npos, "stderr lacks '" << word << "': " << result.err);
    }
    CHECK_FALSE(fs::exists(out_dir));
    CHECK(result.out.empty());
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

TEST_CASE("the default run is England, the same seed gives byte-identical CSV and another seed differs") {
    const auto dir = scratch();
    const auto first = specflow("run --seed 11 --out " + (dir / "a").string(), dir);
    REQUIRE(first.status == 0);
    CHECK(first.out.find("england-2024-25") != std::string::npos);
    CHECK(first.out.find("Ledger: balanced at all 12 month closes") != std::string::npos);
    REQUIRE(specflow("run " + k_england.string() + " --seed 11 --out " + (dir / "b").string(), dir).status == 0);
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
    const auto toml = broken_mini(dir, "service_lines.csv",
                                  "category,unit_price_pounds\nRTX,Adult renal transplant,delegable,17000\n"
                                  "CHM,Chemotherapy delivery,delegable,450.50\nHSS,Highly specialised services,retained,40000",
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
    const auto toml = broken_mini(dir, "service_lines.csv", "delegable,450.50", "delegable,-450.50");
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
    const auto toml = broken_mini(dir, "scenario.toml", "costs = \"costs.csv\"", "costs = \"cost.csv\"");
    expect_refused(dir, toml, {"cost.csv", "costs"});
}

TEST_CASE("bad input: a scenario file that does not exist") {
    const auto dir = scratch();
    expect_refused(dir, dir / "nowhere.toml", {"nowhere.toml"});
}
