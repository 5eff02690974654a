#include "reports/monte_carlo_report.hpp"

#include "reports/csv_writer.hpp"
#include "reports/format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <numeric>
#include <vector>

namespace specflow::reports {

using entities::Money;

namespace {

// A real number of pence as pounds with two decimals, rounded to the nearest penny.
std::string pounds_text(double pence) {
    return Money::from_pence(std::llround(pence)).to_pounds_string();
}

Money to_money(double pence) {
    return Money::from_pence(std::llround(pence));
}

entities::FinancialYear year_label(const SummarySink& summary, std::size_t y) {
    return entities::FinancialYear(summary.shape().first_year.start_year() + static_cast<int>(y));
}

std::string provider_year_csv(const entities::Scenario& s, const SummarySink& summary) {
    CsvWriter csv;
    csv.row({"provider_code", "provider_name", "fy", "measure", "mean", "p5", "p10", "p50", "p90",
             "p95", "probability_pressure_above_threshold", "threshold"});
    const auto threshold = summary.threshold();
    for (std::size_t p = 0; p < summary.shape().providers; ++p) {
        for (std::size_t y = 0; y < summary.shape().years; ++y) {
            for (const auto measure :
                 {Measure::income, Measure::cost, Measure::pressure, Measure::income_excl_drugs}) {
                const auto& d = summary.year(summary.year_slot(measure, p, y));
                const auto q = d.summary_quantiles();
                const bool pressure = measure == Measure::pressure && threshold;
                csv.row({s.providers[p].code, s.providers[p].name, year_label(summary, y).label(),
                         std::string(measure_name(measure)), pounds_text(d.mean()),
                         pounds_text(q[0]), pounds_text(q[1]), pounds_text(q[2]), pounds_text(q[3]),
                         pounds_text(q[4]),
                         pressure ? fmt::format("{:.4f}", summary.probability_above(p, y)) : "",
                         pressure ? threshold->to_pounds_string() : ""});
            }
        }
    }
    return csv.text();
}

std::string icb_year_csv(const entities::Scenario& s, const SummarySink& summary) {
    CsvWriter csv;
    csv.row({"icb_code", "icb_name", "fy", "measure", "mean", "p5", "p10", "p50", "p90", "p95"});
    for (std::size_t i = 0; i < summary.shape().icbs; ++i) {
        for (std::size_t y = 0; y < summary.shape().years; ++y) {
            if (!s.icbs[i].exists_in(year_label(summary, y))) {
                continue; // before it was formed, or after a reconfiguration ended it
            }
            for (const auto measure : k_icb_measure_list) {
                // Only the ICBs the measure concerns: pool members, participants, hosts.
                if (!summary.applies(measure, i, y)) {
                    continue;
                }
                const auto& d = summary.year(summary.year_slot(measure, i, y));
                const auto q = d.summary_quantiles();
                csv.row({s.icbs[i].code, s.icbs[i].name, year_label(summary, y).label(),
                         std::string(measure_name(measure)), pounds_text(d.mean()),
                         pounds_text(q[0]), pounds_text(q[1]), pounds_text(q[2]), pounds_text(q[3]),
                         pounds_text(q[4])});
            }
        }
    }
    return csv.text();
}

// England's measures per FY: the central HCDD budget's and NHS England direct commissioning's
// variance (their spend follows the activity, so each is a distribution), and what providers
// were paid by route.
std::string national_year_csv(const SummarySink& summary) {
    CsvWriter csv;
    csv.row({"budget", "fy", "measure", "mean", "p5", "p10", "p50", "p90", "p95"});
    for (std::size_t y = 0; y < summary.shape().years; ++y) {
        for (const auto measure : k_national_measure_list) {
            const auto& d = summary.year(summary.year_slot(measure, 0, y));
            const auto q = d.summary_quantiles();
            csv.row({std::string(national_budget_name(measure)), year_label(summary, y).label(),
                     std::string(measure_name(measure)), pounds_text(d.mean()), pounds_text(q[0]),
                     pounds_text(q[1]), pounds_text(q[2]), pounds_text(q[3]), pounds_text(q[4])});
        }
    }
    return csv.text();
}

std::string fan_csv(const entities::Scenario& s, const SummarySink& summary) {
    CsvWriter csv;
    csv.row({"provider_code", "provider_name", "fy", "month", "measure", "mean", "p5", "p10", "p50",
             "p90", "p95"});
    for (std::size_t p = 0; p < summary.shape().providers; ++p) {
        for (std::size_t y = 0; y < summary.shape().years; ++y) {
            for (int m = 1; m <= 12; ++m) {
                for (const auto measure : {Measure::income, Measure::pressure}) {
                    const auto& d = summary.month(summary.month_slot(measure, p, y, m));
                    const auto q = d.summary_quantiles();
                    csv.row({s.providers[p].code, s.providers[p].name,
                             year_label(summary, y).label(), std::to_string(m),
                             std::string(measure_name(measure)), pounds_text(d.mean()),
                             pounds_text(q[0]), pounds_text(q[1]), pounds_text(q[2]),
                             pounds_text(q[3]), pounds_text(q[4])});
                }
            }
        }
    }
    return csv.text();
}

} // namespace

std::vector<std::pair<std::string, std::string>>
monte_carlo_csv_files(const entities::Scenario& scenario, const SummarySink& summary) {
    return {{"summary_provider_year.csv", provider_year_csv(scenario, summary)},
            {"summary_icb_year.csv", icb_year_csv(scenario, summary)},
            {"summary_national_year.csv", national_year_csv(summary)},
            {"fan_provider_month.csv", fan_csv(scenario, summary)}};
}

std::string monte_carlo_text(const entities::Scenario& s, const SummarySink& summary) {
    std::string text;
    const auto& shape = summary.shape();
    const auto threshold = summary.threshold();
    std::size_t width = 8;
    for (const auto& provider : s.providers) {
        width = std::max(width, provider.name.size());
    }
    for (std::size_t y = 0; y < shape.years; ++y) {
        std::vector<std::size_t> order(shape.providers);
        std::iota(order.begin(), order.end(), std::size_t{0});
        // Each provider's P90 worked out once, not at every comparison of the sort.
        std::vector<double> p90(shape.providers);
        for (std::size_t p = 0; p < shape.providers; ++p) {
            p90[p] = summary.year(summary.year_slot(Measure::pressure, p, y)).quantile(0.90);
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](auto a, auto b) { return p90[a] > p90[b]; });
        order.resize(std::min<std::size_t>(order.size(), 10));
        text += fmt::format("\n{}: the ten providers with the highest P90 pressure (£m; pressure = "
                            "cost − income, + = loss)\n",
                            year_label(summary, y).label());
        text += fmt::format("  {:<{}}{:>11}{:>11}{:>11}{:>11}{:>11}{:>11}{}\n", "provider", width,
                            "income P10", "P50", "P90", "press. P10", "P50", "P90",
                            threshold ? fmt::format("  P(> {})", format_pounds(*threshold)) : "");
        for (const auto p : order) {
            const auto& income = summary.year(summary.year_slot(Measure::income, p, y));
            const auto& pressure = summary.year(summary.year_slot(Measure::pressure, p, y));
            text += fmt::format(
                "  {:<{}}{:>11}{:>11}{:>11}{:>11}{:>11}{:>11}{}\n", s.providers[p].name, width,
                format_millions(to_money(income.quantile(0.10))),
                format_millions(to_money(income.quantile(0.50))),
                format_millions(to_money(income.quantile(0.90))),
                format_millions(to_money(pressure.quantile(0.10))),
                format_millions(to_money(pressure.quantile(0.50))),
                format_millions(to_money(pressure.quantile(0.90))),
                threshold ? fmt::format("{:>9.1f}%", 100 * summary.probability_above(p, y)) : "");
        }
        const auto& hcdd = summary.year(summary.year_slot(Measure::hcdd_variance, 0, y));
        text += fmt::format(
            "  Central HCDD budget, variance (+ = underspend): P10 {}, P50 {}, P90 {}\n",
            format_millions(to_money(hcdd.quantile(0.10))),
            format_millions(to_money(hcdd.quantile(0.50))),
            format_millions(to_money(hcdd.quantile(0.90))));
    }
    return text;
}

} // namespace specflow::reports
