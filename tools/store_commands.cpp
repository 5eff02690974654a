// The results store's subcommands: runs lists the stored runs, export writes one table of a run
// or a workbook of them all, report writes a run's HTML report and compare shows how two runs
// differ.

#include "reports/column_kind.hpp"
#include "reports/compare.hpp"
#include "reports/csv_output.hpp"
#include "reports/csv_writer.hpp"
#include "reports/html_report.hpp"
#include "reports/provider_report.hpp"
#include "reports/report_builder.hpp"
#include "reports/run_workbook.hpp"
#include "reports/store.hpp"
#include "tools/command.hpp"
#include "tools/command_paths.hpp"
#include "tools/exit_codes.hpp"
#include "tools/option_error.hpp"
#include "tools/provider_named.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>

namespace specflow::tools {

namespace {

namespace fs = std::filesystem;

// Throws OptionError unless the store holds the run.
void require_run(reports::RunStore& store, std::int64_t run, const std::string& db) {
    if (!store.run(run)) {
        throw OptionError("RUN", fmt::format("no run {} in {}; valid: a run id that `specflow "
                                             "runs` lists",
                                             run, db));
    }
}

} // namespace

void add_runs_options(CLI::App& command, Options& all) {
    command.add_option("--db", all.store.db, "The results store")->capture_default_str();
}

int runs_command(const Options& all, const Context& /*context*/) {
    const auto& options = all.store;
    check_path(options.db, "--db");
    if (!fs::exists(options.db)) {
        fmt::print("No runs yet: {} does not exist.\n", options.db);
        return k_exit_ok;
    }
    const auto opened = open_store(options.db, reports::StoreAccess::read);
    auto& store = *opened;
    fmt::print("{:>5}  {:<12}  {:<20}  {:<24}  {:>10}  {:>12}  {:>5}  {:<9}  {}\n", "run", "kind",
               "finished (UTC)", "scenario", "seed", "replications", "years", "status",
               "scenario hash");
    for (const auto& run : store.runs()) {
        const auto& record = run.record;
        fmt::print(
            "{:>5}  {:<12}  {:<20}  {:<24}  {:>10}  {:>12}  {:>5}  {:<9}  {}\n", run.id,
            record.provider_code.empty() ? record.kind : record.kind + " " + record.provider_code,
            record.finished_at, record.scenario_name, record.seed,
            record.replications == 0 ? fmt::format("(#{})", record.replication)
                                     : fmt::format("{}", fmt::group_digits(record.replications)),
            record.years, run.status, record.scenario_hash.substr(0, 12));
    }
    return k_exit_ok;
}

void add_export_options(CLI::App& command, Options& all) {
    auto& options = all.store;
    command.add_option("run", options.run, "Run id (see `specflow runs`)")->required();
    command.add_option("table", options.table, "Result table (csv and json; xlsx writes them all)")
        ->check(CLI::IsMember(reports::RunStore::tables()));
    command
        .add_option("--format", options.format,
                    "csv or json: one table; xlsx: a workbook of every table of the run, money "
                    "in pounds with a £ format, with a first sheet about the run and its "
                    "assumptions (needs --out)")
        ->capture_default_str()
        ->check(CLI::IsMember({"csv", "json", "xlsx"}));
    command.add_option("--out", options.out, "File to write (default: csv and json to stdout)");
    command.add_flag("--pence", options.pence,
                     "csv and json: money as the store's whole pence (default: pounds with two "
                     "decimals, 1234.56, as `specflow run`'s CSV files)");
    command.add_option("--db", options.db, "The results store")->capture_default_str();
}

namespace {

// A cell as JSON: text as a string; a number as a number (ids, counts and money in pence whole
// numbers, money in pounds a number with its two decimals, 1234.56, shares and probabilities
// reals); an empty (NULL) number as null.
nlohmann::json json_cell(reports::ColumnKind kind, reports::MoneyUnit unit,
                         const std::string& text) {
    using reports::ColumnKind;
    if (kind == ColumnKind::text) {
        return text;
    }
    if (text.empty()) {
        return nullptr;
    }
    const char* end = text.data() + text.size();
    const bool money = kind == ColumnKind::pence || kind == ColumnKind::pounds;
    std::int64_t whole = 0;
    if (const auto [at, error] = std::from_chars(text.data(), end, whole);
        (kind == ColumnKind::integer || (money && unit == reports::MoneyUnit::pence)) &&
        error == std::errc{} && at == end) {
        return whole;
    }
    double real = 0;
    if (const auto [at, error] = std::from_chars(text.data(), end, real);
        error == std::errc{} && at == end && std::isfinite(real)) {
        return real;
    }
    return text; // not a number after all: kept as stored rather than lost
}

// One table of a run as CSV or JSON text, money in pounds or pence.
std::string table_text(reports::RunStore& store, const StoreOptions& options) {
    const auto unit = options.pence ? reports::MoneyUnit::pence : reports::MoneyUnit::pounds;
    const auto rows =
        reports::rows_in_unit(options.table, store.table(options.run, options.table), unit);
    if (options.format == "json") {
        nlohmann::json records = nlohmann::json::array();
        for (std::size_t r = 1; r < rows.size(); ++r) {
            nlohmann::json record;
            for (std::size_t c = 0; c < rows[0].size(); ++c) {
                record[rows[0][c]] = json_cell(
                    reports::cell_kind(options.table, rows[0], rows[r], c), unit, rows[r][c]);
            }
            records.push_back(std::move(record));
        }
        // A name stored before names had to be UTF-8 is shown with U+FFFD, not refused.
        return records.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    reports::CsvWriter csv;
    for (const auto& row : rows) {
        csv.row(row);
    }
    return csv.text();
}

// The workbook of a run: every table, so no TABLE; a binary file, so not on stdout.
int workbook_command(reports::RunStore& store, const StoreOptions& options) {
    if (options.out.empty()) {
        throw OptionError("--out", "an xlsx workbook is a binary file, not written to the "
                                   "terminal; valid: --out FILE.xlsx");
    }
    if (!options.table.empty()) {
        throw OptionError("table", fmt::format("a workbook holds every table of the run; valid: "
                                               "no table with --format xlsx, or --format csv or "
                                               "json for {} alone",
                                               options.table));
    }
    if (options.pence) {
        throw OptionError("--pence", "a workbook shows money in pounds with a £ format; valid: "
                                     "--pence with --format csv or json");
    }
    const auto sheets = reports::write_run_workbook(store, options.run, options.out);
    fmt::print("Wrote run {} to {}: {} sheets ({})\n", options.run, options.out, sheets.size(),
               fmt::join(sheets, ", "));
    return k_exit_ok;
}

} // namespace

int export_command(const Options& all, const Context& /*context*/) {
    const auto& options = all.store;
    const auto opened = open_store(options.db, reports::StoreAccess::read);
    auto& store = *opened;
    require_run(store, options.run, options.db);
    if (options.format == "xlsx") {
        return workbook_command(store, options);
    }
    if (options.table.empty()) {
        throw OptionError("table", fmt::format("--format {} writes one table; valid: one of {}",
                                               options.format,
                                               fmt::join(reports::RunStore::tables(), ", ")));
    }
    const auto text = table_text(store, options);
    // A table the run has no rows in is one the command did not write (a single replication's
    // run has no distributions, a run without lead-ICB hosts no settlements): a header alone
    // would read as an answer, so say which tables the run has instead.
    if (const auto has = store.tables_of(options.run);
        std::find(has.begin(), has.end(), options.table) == has.end() &&
        std::find(reports::RunStore::tables().begin(), reports::RunStore::tables().end(),
                  options.table) != reports::RunStore::tables().end()) {
        throw OptionError("table", fmt::format("run {} has no rows in {}; valid: a table it has "
                                               "rows in: {}",
                                               options.run, options.table, fmt::join(has, ", ")));
    }
    if (options.out.empty()) {
        fmt::print("{}", text);
        return k_exit_ok;
    }
    const fs::path out(options.out);
    reports::write_text_files(out.parent_path().empty() ? "." : out.parent_path(),
                              {{out.filename().string(), text}});
    return k_exit_ok;
}

void add_report_options(CLI::App& command, Options& all) {
    auto& options = all.store;
    command.add_option("run", options.run, "Run id (see `specflow runs`)")->required();
    command.add_option("--out", options.out,
                       "HTML file (default specflow-run-RUN.html, or specflow-run-RUN-CODE.html "
                       "with --provider)");
    command.add_option("--provider", options.provider,
                       "One trust's page: its code, or its name or a unique part of it in any "
                       "case, e.g. RBV or christie");
    command.add_option("--db", options.db, "The results store")->capture_default_str();
}

namespace {

// One trust's page of a stored run.
int provider_report_command(reports::RunStore& store, const StoreOptions& options) {
    const auto stored = store.run(options.run);
    std::vector<entities::Provider> providers;
    for (const auto& [code, name] : reports::run_providers(store, options.run)) {
        providers.push_back({.id = {}, .code = code, .name = name, .home_icb = {}});
    }
    // Examples when the name fits none: a stress run's own provider, else the ten largest.
    std::vector<const entities::Provider*> examples;
    for (const auto& p : providers) {
        if (stored->record.provider_code.empty() ? examples.size() < 10
                                                 : p.code == stored->record.provider_code) {
            examples.push_back(&p);
        }
    }
    const auto& provider = providers[provider_named(providers, fmt::format("run {}", options.run),
                                                    options.provider, "--provider", examples)];
    const auto out =
        options.out.empty()
            ? fs::path(fmt::format("specflow-run-{}-{}.html", options.run, provider.code))
            : fs::path(options.out);
    const auto html = reports::provider_html_report(
        reports::provider_report_data(store, options.run, provider.code));
    reports::write_text_files(out.parent_path().empty() ? "." : out.parent_path(),
                              {{out.filename().string(), html}});
    fmt::print("Wrote the page of {} from run {} to {} ({} KB; self-contained, works offline)\n",
               provider.name, options.run, out.string(), html.size() / 1024);
    return k_exit_ok;
}

} // namespace

int report_command(const Options& all, const Context& /*context*/) {
    const auto& options = all.store;
    const auto opened = open_store(options.db, reports::StoreAccess::read);
    auto& store = *opened;
    require_run(store, options.run, options.db);
    if (!options.provider.empty()) {
        return provider_report_command(store, options);
    }
    const auto out = options.out.empty()
                         ? fs::path(fmt::format("specflow-run-{}.html", options.run))
                         : fs::path(options.out);
    const auto html = reports::html_report(reports::report_data(store, options.run));
    reports::write_text_files(out.parent_path().empty() ? "." : out.parent_path(),
                              {{out.filename().string(), html}});
    fmt::print("Wrote the report of run {} to {} ({} KB; self-contained, works offline)\n",
               options.run, out.string(), html.size() / 1024);
    return k_exit_ok;
}

void add_compare_options(CLI::App& command, Options& all) {
    auto& options = all.store;
    command.add_option("runs", options.runs, "RUN_A RUN_B")->required()->expected(2);
    command.add_option("--db", options.db, "The results store")->capture_default_str();
    command.add_option("--out", options.out,
                       "CSV file for every difference (default specflow-out/compare.csv)");
}

int compare_command(const Options& all, const Context& /*context*/) {
    const auto& options = all.store;
    const auto opened = open_store(options.db, reports::StoreAccess::read);
    auto& store = *opened;
    for (const auto run : options.runs) {
        require_run(store, run, options.db);
    }
    const auto out =
        options.out.empty() ? fs::path("specflow-out") / "compare.csv" : fs::path(options.out);
    if (const auto why = reports::incomparable(store, options.runs.at(0), options.runs.at(1))) {
        throw OptionError("runs", *why + "; valid: two runs over the same financial years with "
                                         "the same providers and ICBs");
    }
    fmt::print("{}", reports::compare_runs(store, options.runs.at(0), options.runs.at(1), out));
    fmt::print("Wrote every difference to {}\n", out.string());
    return k_exit_ok;
}

} // namespace specflow::tools
