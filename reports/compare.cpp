#include "reports/compare.hpp"

#include "reports/csv_output.hpp"
#include "reports/csv_writer.hpp"
#include "reports/format.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>
#include <tuple>

namespace specflow::reports {

using entities::Money;

namespace {

// (entity code, FY) → (name, measures in pence).
using Figures = std::map<std::pair<std::string, std::string>,
                         std::pair<std::string, std::vector<std::int64_t>>>;

Figures provider_figures(SQLite::Database& db, const StoredRun& run) {
    Figures figures;
    const bool monte_carlo = run.record.replications > 0;
    SQLite::Statement st(
        db, monte_carlo ? "SELECT provider_code, provider_name, fy, "
                          "SUM(CASE measure WHEN 'income' THEN mean END), "
                          "SUM(CASE measure WHEN 'cost' THEN mean END), "
                          "SUM(CASE measure WHEN 'pressure' THEN mean END) "
                          "FROM provider_summary WHERE run_id = ? GROUP BY provider_code, fy"
                        : "SELECT provider_code, provider_name, fy, SUM(income) / 100.0, "
                          "SUM(cost) / 100.0, SUM(pressure) / 100.0 FROM provider_month "
                          "WHERE run_id = ? GROUP BY provider_code, fy");
    st.bind(1, run.id);
    while (st.executeStep()) {
        std::vector<std::int64_t> values;
        for (int c = 3; c < 6; ++c) {
            values.push_back(std::llround(st.getColumn(c).getDouble() * 100.0));
        }
        figures[{st.getColumn(0).getString(), st.getColumn(2).getString()}] = {
            st.getColumn(1).getString(), values};
    }
    return figures;
}

Figures icb_figures(SQLite::Database& db, const StoredRun& run) {
    Figures figures;
    const bool monte_carlo = run.record.replications > 0;
    SQLite::Statement st(
        db, monte_carlo
                ? "SELECT icb_code, icb_name, fy, mean FROM icb_summary WHERE run_id = ?"
                : "SELECT icb_code, icb_name, fy, SUM(variance) / 100.0, SUM(spend) / 100.0 "
                  "FROM icb_month WHERE run_id = ? GROUP BY icb_code, fy");
    st.bind(1, run.id);
    while (st.executeStep()) {
        std::vector<std::int64_t> values{std::llround(st.getColumn(3).getDouble() * 100.0)};
        if (!monte_carlo) {
            values.push_back(std::llround(st.getColumn(4).getDouble() * 100.0));
        }
        figures[{st.getColumn(0).getString(), st.getColumn(2).getString()}] = {
            st.getColumn(1).getString(), values};
    }
    return figures;
}

struct Difference {
    std::string kind; // provider / ICB
    std::string code;
    std::string name;
    std::string fy;
    std::string measure;
    std::int64_t a = 0;
    std::int64_t b = 0;
};

void collect(const Figures& a, const Figures& b, const std::string& kind,
             const std::vector<std::string>& measures, std::vector<Difference>& out) {
    for (const auto& [key, named] : a) {
        const auto other = b.find(key);
        for (std::size_t m = 0; m < measures.size() && m < named.second.size(); ++m) {
            const auto value_b =
                other == b.end() || m >= other->second.second.size() ? 0 : other->second.second[m];
            out.push_back(
                {kind, key.first, named.first, key.second, measures[m], named.second[m], value_b});
        }
    }
}

// The (code, FY) keys of some figures, and the FYs among them.
std::set<std::pair<std::string, std::string>> keys_of(const Figures& figures) {
    std::set<std::pair<std::string, std::string>> keys;
    for (const auto& [key, named] : figures) {
        keys.insert(key);
    }
    return keys;
}

// "2024/25 to 2028/29", or the one FY.
std::string years_of(const std::set<std::pair<std::string, std::string>>& keys) {
    std::set<std::string> years;
    for (const auto& key : keys) {
        years.insert(key.second);
    }
    if (years.empty()) {
        return "no financial year";
    }
    return years.size() == 1 ? *years.begin() : *years.begin() + " to " + *years.rbegin();
}

// The first key of one set that the other lacks, as "QHG in 2026/27".
std::string first_missing(const std::set<std::pair<std::string, std::string>>& from,
                          const std::set<std::pair<std::string, std::string>>& in) {
    for (const auto& key : from) {
        if (!in.contains(key)) {
            return key.first + " in " + key.second;
        }
    }
    return {};
}

} // namespace

std::optional<std::string> incomparable(RunStore& store, std::int64_t id_a, std::int64_t id_b) {
    const auto a = store.run(id_a);
    const auto b = store.run(id_b);
    if (!a || !b) {
        return std::nullopt; // compare_runs says which run is missing
    }
    auto& db = store.database();
    const auto providers_a = keys_of(provider_figures(db, *a));
    const auto providers_b = keys_of(provider_figures(db, *b));
    if (years_of(providers_a) != years_of(providers_b)) {
        return fmt::format("run {} covers {} and run {} covers {}", id_a, years_of(providers_a),
                           id_b, years_of(providers_b));
    }
    for (const auto& [kind, one, other] :
         {std::tuple{"provider", providers_a, providers_b},
          std::tuple{"ICB", keys_of(icb_figures(db, *a)), keys_of(icb_figures(db, *b))}}) {
        if (one != other) {
            const auto only_a = first_missing(one, other);
            return only_a.empty() ? fmt::format("run {} has {} {}, which run {} has not", id_b,
                                                kind, first_missing(other, one), id_a)
                                  : fmt::format("run {} has {} {}, which run {} has not", id_a,
                                                kind, only_a, id_b);
        }
    }
    return std::nullopt;
}

std::string compare_runs(RunStore& store, std::int64_t id_a, std::int64_t id_b,
                         const std::filesystem::path& csv_path) {
    const auto a = store.run(id_a);
    const auto b = store.run(id_b);
    if (!a || !b) {
        throw StoreError(
            fmt::format("no run {} in the store; valid: a run id that `specflow runs` lists",
                        !a ? id_a : id_b));
    }
    auto& db = store.database();
    std::vector<Difference> rows;
    collect(provider_figures(db, *a), provider_figures(db, *b), "provider",
            {"income", "cost", "pressure"}, rows);
    collect(icb_figures(db, *a), icb_figures(db, *b), "ICB", {"variance", "spend"}, rows);

    CsvWriter csv;
    csv.row({"kind", "code", "name", "fy", "measure", "run_a", "run_b", "difference"});
    for (const auto& row : rows) {
        csv.row({row.kind, row.code, row.name, row.fy, row.measure,
                 Money::from_pence(row.a).to_pounds_string(),
                 Money::from_pence(row.b).to_pounds_string(),
                 Money::from_pence(row.b - row.a).to_pounds_string()});
    }
    write_text_files(csv_path.parent_path().empty() ? "." : csv_path.parent_path(),
                     {{csv_path.filename().string(), csv.text()}});

    std::string text = fmt::format(
        "Comparing run {} ({}, seed {}{}) with run {} ({}, seed {}{})\n", a->id,
        a->record.scenario_name, a->record.seed,
        a->record.replications ? fmt::format(", {} replications: means", a->record.replications)
                               : "",
        b->id, b->record.scenario_name, b->record.seed,
        b->record.replications ? fmt::format(", {} replications: means", b->record.replications)
                               : "");
    if (a->record.seed != b->record.seed) {
        text += "Note: the seeds differ, so the runs do not share their random numbers and part of "
                "each "
                "difference is chance.\n";
    }
    std::vector<const Difference*> nonzero;
    for (const auto& row : rows) {
        if (row.a != row.b) {
            nonzero.push_back(&row);
        }
    }
    if (nonzero.empty()) {
        return text + "All differences are zero.\n";
    }
    std::stable_sort(nonzero.begin(), nonzero.end(), [](auto* x, auto* y) {
        return std::llabs(x->b - x->a) > std::llabs(y->b - y->a);
    });
    std::size_t width = 8;
    for (std::size_t i = 0; i < std::min<std::size_t>(nonzero.size(), 20); ++i) {
        width = std::max(width, nonzero[i]->name.size());
    }
    text += fmt::format("{} differences; the 20 largest (run B − run A):\n",
                        fmt::group_digits(nonzero.size()));
    text += fmt::format("  {:<{}} {:<8} {:<9} {:>12} {:>12} {:>18}\n", "provider or ICB", width,
                        "FY", "measure", "run A", "run B", "difference");
    for (std::size_t i = 0; i < std::min<std::size_t>(nonzero.size(), 20); ++i) {
        const auto& row = *nonzero[i];
        text += fmt::format("  {:<{}} {:<8} {:<9} {:>12} {:>12} {:>18}\n", row.name, width, row.fy,
                            row.measure, format_millions(Money::from_pence(row.a)),
                            format_millions(Money::from_pence(row.b)),
                            format_pounds(Money::from_pence(row.b - row.a)));
    }
    return text;
}

} // namespace specflow::reports
