#include "tools/store_run.hpp"

#include "reports/granular.hpp"
#include "reports/reconfiguration_report.hpp"
#include "scenarios/scenario_loader.hpp"
#include "sim/runners/flow_plans.hpp"

#include <chrono>
#include <ctime>

namespace specflow::tools {

namespace {

reports::RunRecord record_of(const Context& context, const FinishedRun& run) {
    const auto& scenario = run.prepared.scenario;
    reports::RunRecord record;
    record.command = context.command_line;
    record.scenario_name = scenario.name;
    record.scenario_title = scenario.title;
    record.scenario_question = scenario.question;
    const auto path = scenario_path(run.options.scenario);
    record.scenario_text = reports::scenario_text(scenarios::scenario_files(path));
    record.scenario_hash = reports::sha256_hex(record.scenario_text);
    record.seed = scenario.seed;
    record.replications = run.options.monte_carlo.replications;
    record.replication = run.options.monte_carlo.replications > 0 ? 0 : run.options.replication;
    record.years = run.options.scenario.years;
    record.program_version = SPECFLOW_VERSION;
    record.started_at = run.started_at;
    record.finished_at = now_utc();
    record.kind = run.kind;
    record.provider_code = run.provider_code;
    return record;
}

} // namespace

std::string now_utc() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::vector<sim::YearAllocation> allocations_of(const sim::RunModel& model) {
    std::vector<sim::YearAllocation> years;
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        if (model.plan(y).allocation) {
            years.push_back(*model.plan(y).allocation);
        }
    }
    return years;
}

std::int64_t store_run(reports::RunStore& store, const Context& context, const FinishedRun& run) {
    return store_runs(store, context, std::span(&run, 1)).front();
}

std::vector<std::int64_t> store_runs(reports::RunStore& store, const Context& context,
                                     std::span<const FinishedRun> runs) {
    // What each run keeps beside its results, alive until the save.
    struct Kept {
        reports::RunRecord record;
        std::vector<sim::YearAllocation> allocations;
        std::vector<sim::FlowPlan> flows;
        std::vector<reports::ReconfigurationRow> reconfigurations;
        std::vector<reports::GranularRow> granular;
    };
    std::vector<Kept> kept;
    kept.reserve(runs.size());
    std::vector<reports::RunToSave> saves;
    for (const auto& run : runs) {
        const auto& model = run.prepared.model;
        auto& k = kept.emplace_back(
            Kept{record_of(context, run), allocations_of(model), sim::flow_plans(model),
                 reports::reconfiguration_rows(model), reports::granular_rows(model)});
        auto results = run.results;
        results.reconfigurations = &k.reconfigurations;
        results.allocations = k.allocations.empty() ? nullptr : &k.allocations;
        results.flows = &k.flows;
        results.granular = &k.granular;
        saves.push_back({&k.record, &model.plan(0).scenario, results});
    }
    return store.save_all(saves);
}

} // namespace specflow::tools
