// specflow: the command line. Parses options, loads and validates the scenario, runs the
// engine and hands its observations to the writers. The only place errors are caught.

#include "reports/allocation_report.hpp"
#include "reports/csv_output.hpp"
#include "reports/monte_carlo_report.hpp"
#include "reports/monte_carlo_summary.hpp"
#include "reports/compare.hpp"
#include "reports/csv_writer.hpp"
#include "reports/html_report.hpp"
#include "reports/report_builder.hpp"
#include "reports/store.hpp"
#include "reports/stress.hpp"
#include "reports/run_tables.hpp"
#include "reports/terminal_summary.hpp"
#include "scenarios/builtin.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sim/kernel/ledger.hpp"
#include "sim/rules/allocation/infeasible_policy.hpp"
#include "sim/runners/flow_plans.hpp"
#include "sim/runners/monte_carlo.hpp"
#include "sim/runners/replication.hpp"
#include "tools/distributed.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <functional>
#include <thread>

#include <unistd.h>
#include <cstdio>
#include <optional>
#include <string>

namespace {

namespace fs = std::filesystem;

constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1;
constexpr int k_exit_bad_input = 2;
constexpr int k_exit_internal = 3;

// This process's place in an MPI job (rank 0 of 1 without one).
specflow::tools::World g_world;
// The command line as typed, for the record of a stored run.
std::string g_command;

std::string now_utc() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

fs::path scenario_path(const std::string& scenario) {
    return scenario.empty() ? specflow::scenarios::builtin_scenario_path(specflow::scenarios::k_default_scenario)
                            : fs::path(scenario);
}


struct RunOptions {
    std::string scenario;
    std::optional<std::uint32_t> seed;
    std::uint32_t replication = 1;
    std::uint32_t replications = 0; // Monte Carlo when > 0
    std::uint32_t threads = std::max(1U, std::thread::hardware_concurrency());
    std::optional<double> threshold_pounds = 0.0;
    int years = 1;
    std::string out = "specflow-out";
    std::string db = "specflow.db";
};

struct AllocateOptions {
    std::string scenario;
    int years = 1;
    std::string out = "specflow-out";
};

specflow::reports::RunRecord record_of(const specflow::entities::Scenario& scenario, const RunOptions& options,
                                       const std::string& started) {
    specflow::reports::RunRecord record;
    record.command = g_command;
    record.scenario_name = scenario.name;
    record.scenario_title = scenario.title;
    record.scenario_question = scenario.question;
    const auto path = scenario_path(options.scenario);
    record.scenario_text = specflow::reports::scenario_text(specflow::scenarios::scenario_files(path));
    record.scenario_hash = specflow::reports::sha256_hex(record.scenario_text);
    record.seed = scenario.seed;
    record.replications = options.replications;
    record.replication = options.replications > 0 ? 0 : options.replication;
    record.years = options.years;
    record.program_version = SPECFLOW_VERSION;
    record.started_at = started;
    record.finished_at = now_utc();
    return record;
}

specflow::entities::Scenario load(const std::string& scenario) {
    auto loaded = specflow::scenarios::load_scenario(scenario_path(scenario));
    (void)loaded.national_budget(); // refuses budgets too large to add up, before any run
    return loaded;
}

std::vector<specflow::sim::YearAllocation> allocations_of(const specflow::sim::RunModel& model) {
    std::vector<specflow::sim::YearAllocation> years;
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        if (model.plan(y).allocation) {
            years.push_back(*model.plan(y).allocation);
        }
    }
    return years;
}

// A progress bar on stderr, only when it is a terminal.
std::function<void(std::uint32_t)> progress_bar(std::uint32_t total, std::string what) {
    if (isatty(STDERR_FILENO) == 0) {
        return {};
    }
    const auto started = std::chrono::steady_clock::now();
    return [total, what = std::move(what), started](std::uint32_t done) {
        constexpr int k_width = 30;
        const int filled = total == 0 ? k_width : static_cast<int>(k_width * static_cast<double>(done) / total);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        fmt::print(stderr, "\r[{:=<{}}{:<{}}] {}/{} {} {:.1f} s{}", "", filled, "", k_width - filled,
                   fmt::group_digits(done), fmt::group_digits(total), what, seconds, done == total ? "\n" : "");
    };
}

std::optional<specflow::entities::Money> threshold_of(const std::optional<double>& pounds) {
    if (!pounds) {
        return std::nullopt;
    }
    return specflow::entities::Money::from_pence(std::llround(*pounds * 100.0));
}

// Replications 1..R: a pilot of the first 100 sets the summaries' ranges, then every
// replication is summarised on the thread pool into a Sink made by make(shape, layout,
// threshold), and the workers' sinks are merged.
//
// In an MPI job every process runs the same pilot, then its own contiguous share of the
// replications; the root adds the others' summaries to its own (integer sums, so the result is
// the one a single process would get, bit for bit).
template <typename Sink, typename Make>
Sink summarise(const specflow::sim::RunModel& model, const specflow::entities::Scenario& scenario,
               const RunOptions& options, const specflow::sim::ReplicationOptions& replication, Make make,
               const specflow::tools::World& world = {}) {
    const specflow::reports::SummaryShape shape{scenario.providers.size(), scenario.icbs.size(),
                                                model.year_count(), scenario.first_year};
    const auto pilot_count = std::min<std::uint32_t>(options.replications, 100);
    const auto pilots = specflow::sim::run_monte_carlo(
        model, scenario.seed, {.replications = pilot_count, .threads = options.threads},
        [&] { return std::make_unique<specflow::reports::PilotSink>(shape); });
    auto& pilot = static_cast<specflow::reports::PilotSink&>(*pilots[0]);
    for (std::size_t i = 1; i < pilots.size(); ++i) {
        pilot.merge(static_cast<const specflow::reports::PilotSink&>(*pilots[i]));
    }
    const auto layout = specflow::reports::layout_from(pilot);
    const auto threshold = threshold_of(options.threshold_pounds);
    const auto share = specflow::tools::share_of(world, options.replications);
    auto sinks = specflow::sim::run_monte_carlo(
        model, scenario.seed,
        {.first_replication = share.first,
         .replications = share.count,
         .threads = options.threads,
         .replication = replication,
         .on_progress = world.root() ? progress_bar(share.count, "replications") : nullptr},
        [&] { return make(shape, layout, threshold); });
    auto summary = std::move(static_cast<Sink&>(*sinks[0]));
    for (std::size_t i = 1; i < sinks.size(); ++i) {
        summary.merge(static_cast<const Sink&>(*sinks[i]));
    }
    if (world.size > 1) {
        const auto words = specflow::tools::reduce_to_root(world, summary.to_words(), &Sink::reduce_words);
        if (world.root()) {
            summary.load_words(words);
        }
    }
    return summary;
}

int monte_carlo_command(const RunOptions& options, specflow::entities::Scenario scenario) {
    const auto started = std::chrono::steady_clock::now();
    const auto started_at = now_utc();
    const specflow::sim::RunModel model(specflow::sim::plan_years(scenario, options.years),
                                        specflow::sim::Sampling::poisson);
    const auto summary = summarise<specflow::reports::SummarySink>(
        model, scenario, options, {},
        [](auto shape, const auto& layout, auto threshold) {
            return std::make_unique<specflow::reports::SummarySink>(shape, layout, threshold);
        },
        g_world);
    if (!g_world.root()) {
        return k_exit_ok; // the root writes and reports
    }
    specflow::reports::write_monte_carlo_csv(scenario, summary, options.out);
    const auto allocations = allocations_of(model);
    const auto flows = specflow::sim::flow_plans(model);
    specflow::reports::RunStore store(options.db);
    const auto run_id = store.save(record_of(scenario, options, started_at), model.plan(0).scenario,
                                   {.summary = &summary,
                                    .allocations = allocations.empty() ? nullptr : &allocations,
                                    .flows = &flows});
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print("specflow run: {} ({}), seed {}, {} replications on {} thread{}{}, {} financial year{}\n",
               scenario.name, scenario.title, scenario.seed, fmt::group_digits(options.replications),
               options.threads, options.threads == 1 ? "" : "s",
               g_world.size > 1 ? fmt::format(" in each of {} processes", g_world.size) : "",
               options.years, options.years == 1 ? "" : "s");
    fmt::print("{}", specflow::reports::monte_carlo_text(scenario, summary));
    fmt::print("\nWrote summary_provider_year.csv, summary_icb_year.csv, fan_provider_month.csv to {} "
               "in {:.1f} s; stored as run {} in {}\n",
               options.out, seconds, run_id, options.db);
    return k_exit_ok;
}

struct StoreOptions {
    std::string db = "specflow.db";
    std::vector<std::int64_t> runs; // compare: two runs
    std::int64_t run = 0;           // export: one run
    std::string table;
    std::string format = "csv";
    std::string out;
};

int runs_command(const StoreOptions& options) {
    if (!fs::exists(options.db)) {
        fmt::print("No runs yet: {} does not exist.\n", options.db);
        return k_exit_ok;
    }
    specflow::reports::RunStore store(options.db);
    fmt::print("{:>5}  {:<20}  {:<24}  {:>10}  {:>12}  {:>5}  {:<9}  {}\n", "run", "finished (UTC)", "scenario",
               "seed", "replications", "years", "status", "scenario hash");
    for (const auto& run : store.runs()) {
        fmt::print("{:>5}  {:<20}  {:<24}  {:>10}  {:>12}  {:>5}  {:<9}  {}\n", run.id, run.record.finished_at,
                   run.record.scenario_name, run.record.seed,
                   run.record.replications == 0 ? fmt::format("(#{})", run.record.replication)
                                                : fmt::format("{}", fmt::group_digits(run.record.replications)),
                   run.record.years, run.status, run.record.scenario_hash.substr(0, 12));
    }
    return k_exit_ok;
}

int export_command(const StoreOptions& options) {
    specflow::reports::RunStore store(options.db);
    const auto run = options.run;
    if (!store.run(run)) {
        fmt::print(stderr, "error: field 'RUN': no run {} in {}; valid: a run id that `specflow runs` lists\n", run,
                   options.db);
        return k_exit_bad_input;
    }
    const auto rows = store.table(run, options.table);
    if (options.format == "json") {
        nlohmann::json records = nlohmann::json::array();
        for (std::size_t r = 1; r < rows.size(); ++r) {
            nlohmann::json record;
            for (std::size_t c = 0; c < rows[0].size(); ++c) {
                record[rows[0][c]] = rows[r][c];
            }
            records.push_back(std::move(record));
        }
        fmt::print("{}\n", records.dump(1));
        return k_exit_ok;
    }
    specflow::reports::CsvWriter csv;
    for (const auto& row : rows) {
        csv.row(row);
    }
    fmt::print("{}", csv.text());
    return k_exit_ok;
}

int report_command(const StoreOptions& options) {
    specflow::reports::RunStore store(options.db);
    if (!store.run(options.run)) {
        fmt::print(stderr, "error: field 'RUN': no run {} in {}; valid: a run id that `specflow runs` lists\n",
                   options.run, options.db);
        return k_exit_bad_input;
    }
    const auto out = options.out.empty() ? fs::path(fmt::format("specflow-run-{}.html", options.run))
                                         : fs::path(options.out);
    const auto html = specflow::reports::html_report(specflow::reports::report_data(store, options.run));
    specflow::reports::write_text_files(out.parent_path().empty() ? "." : out.parent_path(),
                                        {{out.filename().string(), html}});
    fmt::print("Wrote the report of run {} to {} ({} KB; self-contained, works offline)\n", options.run,
               out.string(), html.size() / 1024);
    return k_exit_ok;
}

int compare_command(const StoreOptions& options) {
    specflow::reports::RunStore store(options.db);
    const auto out = options.out.empty() ? fs::path("specflow-out") / "compare.csv" : fs::path(options.out);
    fmt::print("{}", specflow::reports::compare_runs(store, options.runs.at(0), options.runs.at(1), out));
    fmt::print("Wrote every difference to {}\n", out.string());
    return k_exit_ok;
}

void add_store_commands(CLI::App& app, StoreOptions& options) {
    auto* runs = app.add_subcommand("runs", "List the runs kept in the results store");
    runs->add_option("--db", options.db, "The results store")->capture_default_str();
    auto* exported = app.add_subcommand("export", "Write one result table of a stored run as CSV or JSON to stdout");
    exported->add_option("run", options.run, "Run id (see `specflow runs`)")->required();
    exported->add_option("table", options.table, "Result table")
        ->required()
        ->check(CLI::IsMember(specflow::reports::RunStore::tables()));
    exported->add_option("--format", options.format, "csv or json")->capture_default_str()->check(CLI::IsMember({"csv", "json"}));
    exported->add_option("--db", options.db, "The results store")->capture_default_str();
    auto* report = app.add_subcommand(
        "report", "Write one self-contained HTML report of a stored run for a panel: assumptions, DfT "
                  "trajectories, a waterfall from allocation to provider income, fan charts, a flow heat "
                  "map, income at risk, ICB over/underspend and the run's metadata");
    report->add_option("run", options.run, "Run id (see `specflow runs`)")->required();
    report->add_option("--out", options.out, "HTML file (default specflow-run-RUN.html)");
    report->add_option("--db", options.db, "The results store")->capture_default_str();
    auto* compare = app.add_subcommand(
        "compare", "Differences between two stored runs per provider and ICB (same seed: common random numbers)");
    compare->add_option("runs", options.runs, "RUN_A RUN_B")->required()->expected(2);
    compare->add_option("--db", options.db, "The results store")->capture_default_str();
    compare->add_option("--out", options.out, "CSV file for every difference (default specflow-out/compare.csv)");
}

struct StressOptions {
    RunOptions run;
    std::string provider;
};

// A provider by code or by full name (any case).
std::optional<specflow::entities::ProviderId> find_provider(const specflow::entities::Scenario& s,
                                                            const std::string& wanted) {
    const auto lower = [](std::string text) {
        std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
        return text;
    };
    for (const auto& provider : s.providers) {
        if (lower(provider.code) == lower(wanted) || lower(provider.name) == lower(wanted)) {
            return provider.id;
        }
    }
    return std::nullopt;
}

int stress_command(const StressOptions& options) {
    if (!g_world.root()) {
        return k_exit_ok; // stress runs in one process (with threads): the root's
    }
    auto scenario = load(options.run.scenario);
    if (options.run.seed) {
        scenario.seed = *options.run.seed;
    }
    const auto provider = find_provider(scenario, options.provider);
    if (!provider) {
        std::string known;
        for (const auto& p : scenario.providers) {
            if (p.kind == specflow::entities::ProviderKind::specialist) {
                known += (known.empty() ? "" : "; ") + p.code + " " + p.name;
            }
        }
        fmt::print(stderr, "error: field '--provider': no provider '{}' in {}; valid: a provider code "
                           "or full name from providers.csv, e.g. {}\n",
                   options.provider, scenario.name, known);
        return k_exit_bad_input;
    }
    const specflow::sim::RunModel model(specflow::sim::plan_years(scenario, options.run.years),
                                        specflow::sim::Sampling::poisson);
    std::vector<std::size_t> watched;
    const auto& flows = model.plan(0).scenario.flows;
    for (std::size_t f = 0; f < flows.size(); ++f) {
        if (flows[f].provider == *provider) {
            watched.push_back(f);
        }
    }
    const auto stress = summarise<specflow::reports::StressSink>(
        model, scenario, options.run, {.watched_flows = watched},
        [&](auto shape, const auto& layout, auto threshold) {
            return std::make_unique<specflow::reports::StressSink>(shape, layout, threshold, *provider, watched);
        });
    fmt::print("{}", specflow::reports::stress_text(model.plan(0).scenario, stress, *provider,
                                                    options.run.replications));
    return k_exit_ok;
}

int run_command(const RunOptions& options) {
    if (options.replications == 0 && !g_world.root()) {
        return k_exit_ok; // one replication needs one process: the root's
    }
    if (options.replications > 0) {
        auto scenario = load(options.scenario);
        if (options.seed) {
            scenario.seed = *options.seed;
        }
        return monte_carlo_command(options, std::move(scenario));
    }
    const auto started = std::chrono::steady_clock::now();
    const auto started_at = now_utc();
    auto scenario = load(options.scenario);
    if (options.seed) {
        scenario.seed = *options.seed;
    }
    const auto sampling = options.replication == 0 ? specflow::sim::Sampling::expected_only
                                                   : specflow::sim::Sampling::poisson;
    const specflow::sim::RunModel model(specflow::sim::plan_years(scenario, options.years), sampling);
    specflow::reports::RunTables tables;
    specflow::sim::run_replication(model, {scenario.seed, options.replication}, tables);
    const auto allocations = allocations_of(model);
    specflow::reports::write_csv_outputs(scenario, tables, options.out);
    if (!allocations.empty()) {
        specflow::reports::write_allocations_csv(scenario, allocations, options.out);
    }
    const auto flows = specflow::sim::flow_plans(model);
    specflow::reports::RunStore store(options.db);
    const auto run_id = store.save(record_of(scenario, options, started_at), model.plan(0).scenario,
                                   {.tables = &tables,
                                    .allocations = allocations.empty() ? nullptr : &allocations,
                                    .flows = &flows});
    const auto elapsed = std::chrono::steady_clock::now() - started;

    fmt::print("specflow run: {} ({}), seed {}, {}, {} financial year{}\n\n", scenario.name,
               scenario.title, scenario.seed,
               options.replication == 0
                   ? std::string("replication 0 (expected values)")
                   : fmt::format("replication {} (Poisson activity)", options.replication),
               options.years, options.years == 1 ? "" : "s");
    fmt::print("{}", specflow::reports::terminal_summary(scenario, tables));
    if (!allocations.empty()) {
        fmt::print("\nDistance from target after convergence, across ICBs\n{}",
                   specflow::reports::dft_spread_table(allocations));
    }
    fmt::print("\nWrote provider_month.csv, income_by_source.csv, icb_month.csv{} to {} in {} ms; "
               "stored as run {} in {}\n",
               allocations.empty() ? "" : ", allocations.csv", options.out,
               std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), run_id, options.db);
    return k_exit_ok;
}

int allocate_command(const AllocateOptions& options) {
    if (!g_world.root()) {
        return k_exit_ok;
    }
    const auto scenario = load(options.scenario);
    const auto years = specflow::sim::plan_allocations(scenario, options.years);
    specflow::reports::write_allocations_csv(scenario, years, options.out);
    fmt::print("specflow allocate: {} ({}), {} policy\n", scenario.name, scenario.title,
               specflow::entities::to_string(scenario.allocation.policy));
    fmt::print("{}", specflow::reports::allocation_tables(scenario, years));
    fmt::print("\nWrote allocations.csv to {}\n", options.out);
    return k_exit_ok;
}

void add_run_command(CLI::App& app, RunOptions& options) {
    auto* run = app.add_subcommand(
        "run", "Run a scenario month by month and write provider, income and ICB tables as CSV");
    run->add_option("scenario", options.scenario,
                    "Scenario TOML file (default: the built-in england-2024-25)");
    run->add_option("--seed", options.seed,
                    "Random seed, 0..4294967295 (default: the scenario's seed)");
    run->add_option("--replication", options.replication,
                    "Which replication to run: 0 is the expected-value run (planned activity), "
                    "1 and above draw Poisson activity")
        ->capture_default_str();
    run->add_option("--replications", options.replications,
                    "Monte Carlo: run replications 1..R and write distributions (mean, P5, P10, "
                    "P50, P90, P95) per provider, ICB and year instead of one replication's tables");
    run->add_option("--threads", options.threads,
                    "Threads for --replications (results are identical for any number)")
        ->capture_default_str()
        ->check(CLI::Range(1U, 256U));
    run->add_option("--threshold", options.threshold_pounds,
                    "With --replications: report P(pressure > this many pounds) per provider and "
                    "year (default 0: the probability of a loss)");
    run->add_option("--years", options.years,
                    "Financial years to run, from the scenario's first; more than one needs an "
                    "[allocation] section with that many years")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    run->add_option("--db", options.db, "The results store (SQLite) the run is kept in")->capture_default_str();
    run->add_option("--out", options.out,
                    "Directory for the CSV files (and allocations.csv when the scenario has "
                    "allocations)")
        ->capture_default_str();
}

void add_stress_command(CLI::App& app, StressOptions& options) {
    auto* stress = app.add_subcommand(
        "stress", "How much of a provider's income is at risk: its income and pressure "
                  "distributions, the probability of a pressure above a threshold, and which "
                  "commissioners and service lines drive the variance of its income");
    stress->add_option("scenario", options.run.scenario,
                       "Scenario TOML file (default: the built-in england-2024-25)");
    stress->add_option("--provider", options.provider, "Provider code or full name, e.g. RBV or "
                                                       "\"The Christie NHS Foundation Trust\"")
        ->required();
    stress->add_option("--threshold", options.run.threshold_pounds,
                       "Report P(pressure > this many pounds) (default 0: the probability of a loss)")
        ->capture_default_str();
    stress->add_option("--replications", options.run.replications, "Replications")->capture_default_str();
    stress->add_option("--threads", options.run.threads, "Threads (results are identical for any number)")
        ->capture_default_str()
        ->check(CLI::Range(1U, 256U));
    stress->add_option("--years", options.run.years, "Financial years, from the scenario's first")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    stress->add_option("--seed", options.run.seed, "Random seed, 0..4294967295 (default: the scenario's seed)");
}

void add_allocate_command(CLI::App& app, AllocateOptions& options) {
    auto* allocate = app.add_subcommand(
        "allocate", "Work out needs-based allocations per ICB and financial year: targets, "
                    "convergence, HCDD and delegation; print them and write allocations.csv");
    allocate->add_option("scenario", options.scenario,
                         "Scenario TOML file (default: the built-in england-2024-25)");
    allocate->add_option("--years", options.years, "Financial years, from the scenario's first")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    allocate->add_option("--out", options.out, "Directory for allocations.csv")->capture_default_str();
}

// Bad allocation parameters, at their place in the scenario file when known.
void report_infeasible(const specflow::sim::InfeasiblePolicy& error) {
    const auto& where = error.where();
    std::string place;
    if (!where.file.empty()) {
        place = where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": ";
    }
    const auto field = error.parameter() == "years" ? std::string("--years") : error.parameter();
    fmt::print(stderr, "error: {}field '{}': {}\n", place, field, error.what());
}

} // namespace

int main(int argc, char** argv) {
    g_world = specflow::tools::start_world(argc, argv);
    g_command = "specflow";
    for (int i = 1; i < argc; ++i) {
        g_command += std::string(" ") + argv[i];
    }
    CLI::App app{"specflow: follows the money for NHS specialised services from ICBs to "
                 "providers, month by month"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("specflow ") + SPECFLOW_VERSION);
    RunOptions run_options;
    AllocateOptions allocate_options;
    add_run_command(app, run_options);
    add_allocate_command(app, allocate_options);
    StoreOptions store_options;
    add_store_commands(app, store_options);
    StressOptions stress_options;
    stress_options.run.replications = 10'000;
    add_stress_command(app, stress_options);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? k_exit_ok : k_exit_bad_input;
    }
    try {
        if (app.got_subcommand("run")) {
            return run_command(run_options);
        }
        if (app.got_subcommand("allocate")) {
            return allocate_command(allocate_options);
        }
        if (app.got_subcommand("stress")) {
            return stress_command(stress_options);
        }
        if (!g_world.root()) {
            return k_exit_ok;
        }
        if (app.got_subcommand("runs")) {
            return runs_command(store_options);
        }
        if (app.got_subcommand("export")) {
            return export_command(store_options);
        }
        if (app.got_subcommand("report")) {
            return report_command(store_options);
        }
        if (app.got_subcommand("compare")) {
            return compare_command(store_options);
        }
    } catch (const specflow::scenarios::ScenarioError& error) {
        fmt::print(stderr, "error: {}\n", error.what());
        return k_exit_bad_input;
    } catch (const specflow::sim::InfeasiblePolicy& error) {
        report_infeasible(error);
        return k_exit_bad_input;
    } catch (const specflow::entities::MoneyOverflow& error) {
        fmt::print(stderr, "error: the scenario's amounts are too large to add up: {}\n",
                   error.what());
        return k_exit_bad_input;
    } catch (const specflow::reports::StoreError& error) {
        fmt::print(stderr, "error: {}\n", error.what());
        return k_exit_failure;
    } catch (const specflow::reports::OutputError& error) {
        fmt::print(stderr, "error: {}\n", error.what());
        return k_exit_failure;
    } catch (const specflow::sim::LedgerImbalance& error) {
        fmt::print(stderr, "internal error: the books do not balance: {}\n", error.what());
        return k_exit_internal;
    }
    return k_exit_ok;
}
