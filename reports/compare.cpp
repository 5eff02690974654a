#include "reports/compare.hpp"

#include "reports/csv_output.hpp"
#include "reports/csv_writer.hpp"
#include "reports/format.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

namespace specflow::reports {

using entities::Money;

namespace {

// (entity code, FY) → (name, measures in pence).
using Figures = std::map<std::pair<std::string, std::string>,
                         std::pair<std::string, std::vector<std::int64_t>>>;

// A provider's income, cost, pressure and income excluding the high-cost drugs passed through
// at cost (left off for a Monte Carlo run stored before that measure).
Figures provider_figures(SQLite::Database& db, const StoredRun& run) {
    Figures figures;
    const bool monte_carlo = run.record.replications > 0;
    SQLite::Statement st(
        db, monte_carlo ? "SELECT provider_code, provider_name, fy, "
                          "SUM(CASE measure WHEN 'income' THEN mean END), "
                          "SUM(CASE measure WHEN 'cost' THEN mean END), "
                          "SUM(CASE measure WHEN 'pressure' THEN mean END), "
                          "SUM(CASE measure WHEN 'income_excl_drugs' THEN mean END) "
                          "FROM provider_summary WHERE run_id = ? GROUP BY provider_code, fy"
                        : "SELECT m.provider_code, m.provider_name, m.fy, SUM(m.income) / 100.0, "
                          "SUM(m.cost) / 100.0, SUM(m.pressure) / 100.0, (SUM(m.income) - "
                          "COALESCE((SELECT SUM(s.amount) FROM income_by_source s WHERE "
                          "s.run_id = m.run_id AND s.provider_code = m.provider_code AND s.fy = "
                          "m.fy AND s.contract_kind = 'drugs'), 0)) / 100.0 FROM provider_month m "
                          "WHERE m.run_id = ? GROUP BY m.provider_code, m.fy");
    st.bind(1, run.id);
    while (st.executeStep()) {
        std::vector<std::int64_t> values;
        for (int c = 3; c < 7 && !st.getColumn(c).isNull(); ++c) {
            values.push_back(std::llround(st.getColumn(c).getDouble() * 100.0));
        }
        figures[{st.getColumn(0).getString(), st.getColumn(2).getString()}] = {
            st.getColumn(1).getString(), values};
    }
    return figures;
}

// An ICB's variance (budget − spend, before its risk pool), its outturn after the pool's
// transfers and, for a single run, its spend. A Monte Carlo run stores an outturn only for an ICB
// whose pool moved money; for any other the outturn is the variance.
Figures icb_figures(SQLite::Database& db, const StoredRun& run) {
    Figures figures;
    const bool monte_carlo = run.record.replications > 0;
    SQLite::Statement st(
        db, monte_carlo
                ? "SELECT icb_code, icb_name, fy, SUM(CASE measure WHEN 'variance' THEN mean END), "
                  "COALESCE(SUM(CASE measure WHEN 'outturn_after_pool' THEN mean END), "
                  "SUM(CASE measure WHEN 'variance' THEN mean END)) FROM icb_summary WHERE "
                  "run_id = ? GROUP BY icb_code, fy"
                : "SELECT icb_code, icb_name, fy, SUM(variance) / 100.0, "
                  "SUM(variance + risk_pool) / 100.0, SUM(spend) / 100.0 "
                  "FROM icb_month WHERE run_id = ? GROUP BY icb_code, fy");
    st.bind(1, run.id);
    while (st.executeStep()) {
        std::vector<std::int64_t> values;
        for (int c = 3; c < (monte_carlo ? 5 : 6); ++c) {
            values.push_back(std::llround(st.getColumn(c).getDouble() * 100.0));
        }
        figures[{st.getColumn(0).getString(), st.getColumn(2).getString()}] = {
            st.getColumn(1).getString(), values};
    }
    return figures;
}

// Monte Carlo runs: (entity code, FY) → (name, [P5, P50, P95] per measure, in pence), from the
// stored distributions; the measures are income and pressure for providers, variance and outturn
// after the pool for ICBs (an ICB whose pool moved nothing stores no outturn: it is the variance).
Figures quantile_figures(SQLite::Database& db, const StoredRun& run, bool providers) {
    Figures figures;
    std::map<std::pair<std::string, std::string>, std::map<std::string, std::vector<std::int64_t>>>
        measures;
    SQLite::Statement st(
        db, providers ? "SELECT provider_code, provider_name, fy, measure, p5, p50, p95 "
                        "FROM provider_summary WHERE run_id = ? AND measure IN ('income', "
                        "'pressure', 'income_excl_drugs') ORDER BY rowid"
                      : "SELECT icb_code, icb_name, fy, measure, p5, p50, p95 FROM icb_summary "
                        "WHERE run_id = ? AND measure IN ('variance', 'outturn_after_pool') "
                        "ORDER BY rowid");
    st.bind(1, run.id);
    while (st.executeStep()) {
        const std::pair key{st.getColumn(0).getString(), st.getColumn(2).getString()};
        figures[key].first = st.getColumn(1).getString();
        auto& values = measures[key][st.getColumn(3).getString()];
        for (int c = 4; c < 7; ++c) {
            values.push_back(std::llround(st.getColumn(c).getDouble() * 100.0));
        }
    }
    // A provider's income excluding drugs is left off for runs stored before it; an ICB's
    // outturn is its variance when its pool moved nothing.
    const std::vector<std::string> order =
        providers ? std::vector<std::string>{"income", "pressure", "income_excl_drugs"}
                  : std::vector<std::string>{"variance", "outturn_after_pool"};
    for (auto& [key, named] : figures) {
        const auto& by_measure = measures[key];
        for (const auto& measure : order) {
            auto found = by_measure.find(measure);
            if (found == by_measure.end() && measure == "outturn_after_pool") {
                found = by_measure.find("variance");
            }
            if (found == by_measure.end()) {
                break; // the measures after it would take its place
            }
            named.second.insert(named.second.end(), found->second.begin(), found->second.end());
        }
    }
    return figures;
}

// P(pressure > threshold) per provider and FY of a Monte Carlo run, and the threshold the run
// used (in pence; none when the run stored no probability).
struct Probabilities {
    std::map<std::pair<std::string, std::string>, std::pair<std::string, double>> by_key;
    std::optional<std::int64_t> threshold_pence;
};

Probabilities probabilities(SQLite::Database& db, const StoredRun& run) {
    Probabilities result;
    SQLite::Statement st(db, "SELECT provider_code, provider_name, fy, probability_above, "
                             "threshold FROM provider_summary WHERE run_id = ? AND measure = "
                             "'pressure' AND probability_above IS NOT NULL ORDER BY rowid");
    st.bind(1, run.id);
    while (st.executeStep()) {
        result.by_key[{st.getColumn(0).getString(), st.getColumn(2).getString()}] = {
            st.getColumn(1).getString(), st.getColumn(3).getDouble()};
        result.threshold_pence = st.getColumn(4).getInt64();
    }
    return result;
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

// The measures both runs have: a Monte Carlo run stores no ICB spend, and reading it as zero
// against a single run's would invent a difference.
void collect(const Figures& a, const Figures& b, const std::string& kind,
             const std::vector<std::string>& measures, std::vector<Difference>& out) {
    for (const auto& [key, named] : a) {
        const auto other = b.find(key);
        if (other == b.end()) {
            continue; // incomparable() refuses runs whose keys differ
        }
        const auto& values_b = other->second.second;
        for (std::size_t m = 0;
             m < measures.size() && m < named.second.size() && m < values_b.size(); ++m) {
            out.push_back({kind, key.first, named.first, key.second, measures[m], named.second[m],
                           values_b[m]});
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
        return fmt::format("runs {} and {} cover different financial years: {} against {}", id_a,
                           id_b, years_of(providers_a), years_of(providers_b));
    }
    for (const auto& [kind, one, other] :
         {std::tuple{"providers", providers_a, providers_b},
          std::tuple{"ICBs", keys_of(icb_figures(db, *a)), keys_of(icb_figures(db, *b))}}) {
        if (one != other) {
            const auto only_a = first_missing(one, other);
            return fmt::format("runs {} and {} have different {}: {}", id_a, id_b, kind,
                               only_a.empty() ? fmt::format("run {} has {}, which run {} has not",
                                                            id_b, first_missing(other, one), id_a)
                                              : fmt::format("run {} has {}, which run {} has not",
                                                            id_a, only_a, id_b));
        }
    }
    return std::nullopt;
}

namespace {

// The quantile rows' measures, in the order quantile_figures keeps them.
const std::vector<std::string> k_provider_quantiles{"income_p5",
                                                    "income_p50",
                                                    "income_p95",
                                                    "pressure_p5",
                                                    "pressure_p50",
                                                    "pressure_p95",
                                                    "income_excl_drugs_p5",
                                                    "income_excl_drugs_p50",
                                                    "income_excl_drugs_p95"};
const std::vector<std::string> k_icb_quantiles{"variance_p5", "variance_p50", "variance_p95",
                                               "outturn_p5",  "outturn_p50",  "outturn_p95"};

struct ProbabilityDifference {
    std::string code;
    std::string name;
    std::string fy;
    double a = 0;
    double b = 0;
};

// Everything compared: money rows (means, or a single run's figures; for two Monte Carlo runs
// also P5, P50 and P95) and, for two Monte Carlo runs with the same threshold, P(pressure > X).
struct Comparison {
    std::vector<Difference> rows;
    std::vector<ProbabilityDifference> probabilities;
    bool distributions = false;
    std::optional<std::int64_t> threshold_pence;
    std::string probability_refused; // why P(pressure > X) is not compared, or empty
};

// "£1,234" (whole pounds), or with pence when there are any.
std::string pounds_text(std::int64_t pence) {
    auto text = format_pounds(Money::from_pence(pence));
    return text.ends_with(".00") ? text.substr(0, text.size() - 3) : text;
}

// Two runs' probabilities compare only at the same threshold: a change from P(pressure > £0) to
// P(pressure > £2m) is the thresholds' doing, not the scenarios', and a finance director would
// read it as a change of risk. So they are left out, and the text says why; the distributions
// (which do not depend on the threshold) are still compared.
void compare_probabilities(SQLite::Database& db, const StoredRun& a, const StoredRun& b,
                           Comparison& out) {
    const auto pa = probabilities(db, a);
    const auto pb = probabilities(db, b);
    if (pa.threshold_pence != pb.threshold_pence) {
        const auto used = [](const Probabilities& p) {
            return p.threshold_pence ? format_threshold(*p.threshold_pence) : std::string("none");
        };
        out.probability_refused = fmt::format(
            "P(pressure > threshold) is not compared: run {} used a threshold of {} and run {} "
            "of {}, so a change would be the thresholds' doing (run both with the same "
            "--threshold to compare it)",
            a.id, used(pa), b.id, used(pb));
        return;
    }
    out.threshold_pence = pa.threshold_pence;
    for (const auto& [key, named] : pa.by_key) {
        const auto other = pb.by_key.find(key);
        out.probabilities.push_back({key.first, named.first, key.second, named.second,
                                     other == pb.by_key.end() ? 0.0 : other->second.second});
    }
}

// Rows of `kind` that repeat another measure's in both runs are dropped: the `repeat` measure
// (its mean named `repeat_mean`, its quantiles `repeat`_p5 …) where it equals `of` (`of`,
// `of`_p5 …) for the same entity and FY.
void drop_repeats(std::vector<Difference>& rows, std::string_view kind, std::string_view of,
                  std::string_view repeat, std::string_view repeat_mean) {
    constexpr std::array<std::string_view, 4> k_suffixes{"", "_p5", "_p50", "_p95"};
    const auto suffix_of = [&](const std::string& measure, std::string_view base,
                               std::string_view mean) -> std::optional<std::string_view> {
        if (measure == mean) {
            return k_suffixes[0];
        }
        for (const auto suffix : k_suffixes) {
            if (!suffix.empty() && measure.size() == base.size() + suffix.size() &&
                measure.starts_with(base) && measure.ends_with(suffix)) {
                return suffix;
            }
        }
        return std::nullopt;
    };
    std::map<std::tuple<std::string, std::string, std::string_view>, const Difference*> originals;
    for (const auto& row : rows) {
        if (const auto suffix = suffix_of(row.measure, of, of); row.kind == kind && suffix) {
            originals[{row.code, row.fy, *suffix}] = &row;
        }
    }
    std::vector<Difference> kept;
    for (const auto& row : rows) {
        const auto suffix = suffix_of(row.measure, repeat, repeat_mean);
        if (row.kind == kind && suffix) {
            const auto same = originals.find({row.code, row.fy, *suffix});
            if (same != originals.end() && same->second->a == row.a && same->second->b == row.b) {
                continue;
            }
        }
        kept.push_back(row);
    }
    rows = std::move(kept);
}

Comparison comparison(SQLite::Database& db, const StoredRun& a, const StoredRun& b) {
    Comparison out;
    collect(provider_figures(db, a), provider_figures(db, b), "provider",
            {"income", "cost", "pressure", "income_excl_drugs"}, out.rows);
    collect(icb_figures(db, a), icb_figures(db, b), "ICB",
            {"variance", "outturn_after_pool", "spend"}, out.rows);
    out.distributions = a.record.replications > 0 && b.record.replications > 0;
    if (out.distributions) {
        collect(quantile_figures(db, a, true), quantile_figures(db, b, true), "provider",
                k_provider_quantiles, out.rows);
        collect(quantile_figures(db, a, false), quantile_figures(db, b, false), "ICB",
                k_icb_quantiles, out.rows);
        compare_probabilities(db, a, b, out);
    }
    // An ICB's outturn after the pool is its variance when neither run's pool moved money for it;
    // a provider's income excluding drugs is its income when it has no drugs.
    drop_repeats(out.rows, "ICB", "variance", "outturn", "outturn_after_pool");
    drop_repeats(out.rows, "provider", "income", "income_excl_drugs", "income_excl_drugs");
    return out;
}

void write_csv(const Comparison& c, const std::filesystem::path& csv_path) {
    CsvWriter csv;
    csv.row({"kind", "code", "name", "fy", "measure", "run_a", "run_b", "difference"});
    for (const auto& row : c.rows) {
        csv.row({row.kind, row.code, row.name, row.fy, row.measure,
                 Money::from_pence(row.a).to_pounds_string(),
                 Money::from_pence(row.b).to_pounds_string(),
                 Money::from_pence(row.b - row.a).to_pounds_string()});
    }
    for (const auto& row : c.probabilities) {
        csv.row({"provider", row.code, row.name, row.fy, "pressure_probability_above",
                 fmt::format("{:.6f}", row.a), fmt::format("{:.6f}", row.b),
                 fmt::format("{:.6f}", row.b - row.a)});
    }
    write_text_files(csv_path.parent_path().empty() ? "." : csv_path.parent_path(),
                     {{csv_path.filename().string(), csv.text()}});
}

// "+£1,234" / "-£1,234": a change in whole pounds (percentiles are estimates within a bin, so
// pence would be false precision); "" when there is none to show.
std::string change_text(const std::optional<std::int64_t>& pence) {
    if (!pence) {
        return "";
    }
    const auto pounds = (*pence >= 0 ? *pence + 50 : *pence - 50) / 100;
    const auto text = pounds_text(pounds * 100);
    return pounds > 0 ? "+" + text : text;
}

// One line of the distributions table: an entity, FY and measure, with the change (run B − run
// A) in its mean, P5, P50, P95 and, for pressure, in P(pressure > threshold).
struct DistributionLine {
    std::string name;
    std::string fy;
    std::string measure;
    std::array<std::optional<std::int64_t>, 4> change; // mean, P5, P50, P95
    std::optional<double> probability_change;
    [[nodiscard]] std::int64_t largest() const {
        std::int64_t largest = 0;
        for (const auto& c : change) {
            largest = std::max<std::int64_t>(largest, c ? std::llabs(*c) : 0);
        }
        return largest;
    }
};

std::vector<DistributionLine> distribution_lines(const Comparison& c) {
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::size_t> at;
    std::vector<DistributionLine> lines;
    const auto line = [&](const std::string& kind, const std::string& code, const std::string& name,
                          const std::string& fy, const std::string& measure) -> DistributionLine& {
        const auto [it, added] = at.try_emplace({kind, code, fy, measure}, lines.size());
        if (added) {
            lines.push_back({name, fy, measure, {}, std::nullopt});
        }
        return lines[it->second];
    };
    for (const auto& row : c.rows) {
        // "income_excl_drugs_p50": the measure, then which figure of it (none: the mean).
        std::string base = row.measure;
        std::size_t column = 0;
        for (const auto& [suffix, figure] : {std::pair{"_p5", 1}, {"_p50", 2}, {"_p95", 3}}) {
            if (base.ends_with(suffix)) {
                base.resize(base.size() - std::string_view(suffix).size());
                column = static_cast<std::size_t>(figure);
            }
        }
        if (base == "cost" || base == "spend") {
            continue; // the table is about income, pressure and ICB variance
        }
        base = base == "outturn_after_pool"  ? "outturn"
               : base == "income_excl_drugs" ? "income excl. drugs"
                                             : base;
        line(row.kind, row.code, row.name, row.fy, base).change[column] = row.b - row.a;
    }
    for (const auto& row : c.probabilities) {
        line("provider", row.code, row.name, row.fy, "pressure").probability_change = row.b - row.a;
    }
    std::erase_if(lines, [](const DistributionLine& l) {
        return l.largest() == 0 && (!l.probability_change || *l.probability_change == 0.0);
    });
    std::stable_sort(lines.begin(), lines.end(),
                     [](const auto& x, const auto& y) { return x.largest() > y.largest(); });
    return lines;
}

constexpr std::size_t k_lines_shown = 20;

std::string distributions_text(const Comparison& c) {
    const auto lines = distribution_lines(c);
    if (lines.empty()) {
        return "All differences are zero.\n";
    }
    const auto shown = std::min(lines.size(), k_lines_shown);
    std::size_t width = 15;
    std::size_t measure_width = 9;
    for (std::size_t i = 0; i < shown; ++i) {
        width = std::max(width, lines[i].name.size());
        measure_width = std::max(measure_width, lines[i].measure.size());
    }
    const auto probability_header =
        c.threshold_pence ? fmt::format("P(pressure > {})", format_threshold(*c.threshold_pence))
                          : std::string();
    std::string text = fmt::format(
        "Changes in the distributions, run B − run A: {} lines differ{} (in £; a "
        "probability in percentage points). P5 is a bad year for income and a good one for "
        "pressure; an ICB's variance is budget − spend (+ = underspend), its outturn the same "
        "after its "
        "risk pool's transfers.\n",
        fmt::group_digits(lines.size()),
        shown < lines.size() ? fmt::format("; the {} largest", shown) : std::string());
    text += fmt::format("  {:<{}} {:<8} {:<{}} {:>14} {:>14} {:>14} {:>14} {:>22}\n",
                        "provider or ICB", width, "FY", "measure", measure_width, "mean", "P5",
                        "P50", "P95", probability_header);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& l = lines[i];
        text += fmt::format(
            "  {:<{}} {:<8} {:<{}} {:>14} {:>14} {:>14} {:>14} {:>22}\n", l.name, width, l.fy,
            l.measure, measure_width, change_text(l.change[0]), change_text(l.change[1]),
            change_text(l.change[2]), change_text(l.change[3]),
            l.probability_change ? fmt::format("{:+.1f} pts", 100.0 * *l.probability_change) : "");
    }
    return text;
}

std::string means_text(const Comparison& c) {
    std::vector<const Difference*> nonzero;
    for (const auto& row : c.rows) {
        if (row.a != row.b) {
            nonzero.push_back(&row);
        }
    }
    if (nonzero.empty()) {
        return "All differences are zero.\n";
    }
    std::stable_sort(nonzero.begin(), nonzero.end(), [](auto* x, auto* y) {
        return std::llabs(x->b - x->a) > std::llabs(y->b - y->a);
    });
    const auto shown = std::min(nonzero.size(), k_lines_shown);
    std::size_t width = 8;
    std::size_t measure_width = 9;
    for (std::size_t i = 0; i < shown; ++i) {
        width = std::max(width, nonzero[i]->name.size());
        measure_width = std::max(measure_width, nonzero[i]->measure.size());
    }
    std::string text = fmt::format(
        "{} differences{} (run B − run A):\n", fmt::group_digits(nonzero.size()),
        shown < nonzero.size() ? fmt::format("; the {} largest", shown) : std::string());
    text += fmt::format("  {:<{}} {:<8} {:<{}} {:>12} {:>12} {:>18}\n", "provider or ICB", width,
                        "FY", "measure", measure_width, "run A", "run B", "difference");
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& row = *nonzero[i];
        text += fmt::format("  {:<{}} {:<8} {:<{}} {:>12} {:>12} {:>18}\n", row.name, width, row.fy,
                            row.measure, measure_width, format_millions(Money::from_pence(row.a)),
                            format_millions(Money::from_pence(row.b)),
                            format_pounds(Money::from_pence(row.b - row.a)));
    }
    return text;
}

std::string run_text(const StoredRun& run) {
    return fmt::format(
        "run {} ({}, seed {}{})", run.id, run.record.scenario_name, run.record.seed,
        run.record.replications
            ? fmt::format(", {} replications", fmt::group_digits(run.record.replications))
            : "");
}

} // namespace

std::string compare_runs(RunStore& store, std::int64_t id_a, std::int64_t id_b,
                         const std::filesystem::path& csv_path) {
    const auto a = store.existing_run(id_a);
    const auto b = store.existing_run(id_b);
    const auto c = comparison(store.database(), a, b);
    write_csv(c, csv_path);

    std::string text = fmt::format("Comparing {} with {}{}\n", run_text(a), run_text(b),
                                   c.distributions ? ": their distributions"
                                   : a.record.replications > 0 || b.record.replications > 0
                                       ? " (a Monte Carlo run by its means)"
                                       : "");
    if (a.record.seed != b.record.seed) {
        text += "Note: the seeds differ, so the runs do not share their random numbers and part of "
                "each difference is chance.\n";
    }
    if (!c.probability_refused.empty()) {
        text += "Note: " + c.probability_refused + ".\n";
    }
    return text + (c.distributions ? distributions_text(c) : means_text(c));
}

} // namespace specflow::reports
