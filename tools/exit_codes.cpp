#include "tools/exit_codes.hpp"

#include "entities/rounding.hpp"
#include "reports/csv_output.hpp"
#include "reports/store.hpp"
#include "scenarios/scenario_error.hpp"
#include "sim/kernel/ledger.hpp"
#include "sim/rules/allocation/infeasible_policy.hpp"
#include "tools/option_error.hpp"

#include <algorithm>
#include <exception>
#include <fmt/format.h>
#include <string>

namespace specflow::tools {

namespace {

// Bad allocation parameters, at their place in the scenario file when known.
void report_infeasible(const sim::InfeasiblePolicy& error, std::FILE* err) {
    const auto& where = error.where();
    std::string place;
    if (!where.file.empty()) {
        place = where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                ": ";
    }
    const auto field = error.parameter() == "years" ? std::string("--years") : error.parameter();
    fmt::print(err, "error: {}field '{}': {}\n", place, field, error.what());
}

// A message of unknown origin on one line: line breaks become spaces.
std::string one_line(std::string text) {
    std::ranges::replace(text, '\n', ' ');
    std::ranges::replace(text, '\r', ' ');
    return text;
}

} // namespace

int exit_code_of(std::exception_ptr thrown, std::FILE* err) {
    try {
        std::rethrow_exception(thrown);
    } catch (const scenarios::ScenarioError& error) {
        fmt::print(err, "error: {}\n", error.what());
        return k_exit_bad_input;
    } catch (const sim::InfeasiblePolicy& error) {
        report_infeasible(error, err);
        return k_exit_bad_input;
    } catch (const entities::MoneyOverflow& error) {
        // The loader refuses any one amount too large to add up, with its place; this is a
        // total that outgrew pence over the years run (growth compounding, say).
        fmt::print(err,
                   "error: the scenario's amounts are too large to add up: {}; valid: amounts "
                   "and growth whose totals stay below £92,233,720,368,547,758 over the years "
                   "run\n",
                   error.what());
        return k_exit_bad_input;
    } catch (const OptionError& error) {
        fmt::print(err, "error: field '{}': {}\n", error.field(), error.what());
        return k_exit_bad_input;
    } catch (const reports::StoreError& error) {
        fmt::print(err, "error: {}\n", error.what());
        return k_exit_failure;
    } catch (const reports::OutputError& error) {
        fmt::print(err, "error: {}\n", error.what());
        return k_exit_failure;
    } catch (const sim::LedgerImbalance& error) {
        fmt::print(err, "internal error: the books do not balance: {}\n", error.what());
        return k_exit_internal;
    } catch (const std::exception& error) {
        // Anything else is a bug, a programmer's error (std::logic_error, std::invalid_argument)
        // above all: reported as one line and an exit status rather than an abort.
        fmt::print(err, "internal error: {}\n", one_line(error.what()));
        return k_exit_internal;
    } catch (...) {
        fmt::print(err, "internal error: an exception that is not a std::exception\n");
        return k_exit_internal;
    }
}

} // namespace specflow::tools
