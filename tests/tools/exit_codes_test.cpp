// Every error a subcommand can throw, mapped to its exit status and one line on stderr; above
// all the programmer errors no user input should reach, which must exit 3 rather than abort.

#include "entities/rounding.hpp"
#include "reports/csv_output.hpp"
#include "reports/store.hpp"
#include "scenarios/scenario_error.hpp"
#include "sim/kernel/ledger.hpp"
#include "sim/rules/allocation/infeasible_policy.hpp"
#include "tools/exit_codes.hpp"
#include "tools/option_error.hpp"

#include <cstdio>
#include <doctest/doctest.h>
#include <exception>
#include <stdexcept>
#include <string>

namespace {

struct Mapped {
    int status = -1;
    std::string err; // what was written to stderr
};

template <typename Error>
Mapped mapped(Error error) {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    Mapped result;
    result.status = specflow::tools::exit_code_of(std::make_exception_ptr(error), file);
    std::rewind(file);
    char buffer[512];
    std::size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
        result.err.append(buffer, read);
    }
    std::fclose(file);
    return result;
}

} // namespace

TEST_CASE("exit codes: a programmer error exits 3 with one line, not an abort") {
    const auto logic = mapped(std::logic_error("Model: a flow has no cost row"));
    CHECK(logic.status == 3);
    CHECK(logic.err == "internal error: Model: a flow has no cost row\n");
    const auto argument = mapped(std::invalid_argument("split: parts must be positive"));
    CHECK(argument.status == 3);
    CHECK(argument.err == "internal error: split: parts must be positive\n");
    // Any other std::exception is a bug too, and its message is kept to one line.
    const auto other = mapped(std::runtime_error("first\nsecond"));
    CHECK(other.status == 3);
    CHECK(other.err == "internal error: first second\n");
    const auto not_std = mapped(42);
    CHECK(not_std.status == 3);
    CHECK(not_std.err == "internal error: an exception that is not a std::exception\n");
}

TEST_CASE("exit codes: the books failing to balance is an internal error") {
    const auto result = mapped(specflow::sim::LedgerImbalance("M03: debits 5 != credits 4"));
    CHECK(result.status == 3);
    CHECK(result.err == "internal error: the books do not balance: M03: debits 5 != credits 4\n");
}

TEST_CASE("exit codes: bad input exits 2 with one line naming the field") {
    const auto scenario =
        mapped(specflow::scenarios::ScenarioError({"flows.csv", 7, 1, "icb_code"}, "unknown"));
    CHECK(scenario.status == 2);
    CHECK(scenario.err.rfind("error: flows.csv:7:1: ", 0) == 0);
    const auto option = mapped(specflow::tools::OptionError("--provider", "no provider 'X'"));
    CHECK(option.status == 2);
    CHECK(option.err == "error: field '--provider': no provider 'X'\n");
    const auto policy = mapped(specflow::sim::InfeasiblePolicy(
        "floor_growth_pct", "too high", {.file = "scenario.toml", .line = 37, .column = 1}));
    CHECK(policy.status == 2);
    CHECK(policy.err == "error: scenario.toml:37:1: field 'floor_growth_pct': too high\n");
    const auto years = mapped(specflow::sim::InfeasiblePolicy("years", "valid: --years 1"));
    CHECK(years.err == "error: field '--years': valid: --years 1\n");
    const auto overflow = mapped(specflow::entities::MoneyOverflow("budget"));
    CHECK(overflow.status == 2);
    CHECK(overflow.err == "error: the scenario's amounts are too large to add up: budget; valid: "
                          "amounts and growth whose totals stay below £92,233,720,368,547,758 "
                          "over the years run\n");
}

TEST_CASE("exit codes: an output or the store that cannot be written exits 1") {
    const auto output = mapped(specflow::reports::OutputError("out/provider_month.csv: denied"));
    CHECK(output.status == 1);
    CHECK(output.err == "error: out/provider_month.csv: denied\n");
    const auto store = mapped(specflow::reports::StoreError("results store x.db: locked"));
    CHECK(store.status == 1);
    CHECK(store.err == "error: results store x.db: locked\n");
}
