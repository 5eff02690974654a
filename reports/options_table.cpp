#include "reports/options_table.hpp"

#include "reports/csv_writer.hpp"
#include "reports/format.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

namespace specflow::reports {

using entities::Money;

namespace {

// Who the options concern, as indices: any option's participants and pool members, hosts and
// arrangement providers, in the base scenario's order.
struct Concerned {
    std::set<std::size_t> icbs;
    std::set<std::size_t> hosts;
    std::set<std::size_t> providers;
};

Concerned concerned(std::span<const OptionInput> options) {
    Concerned out;
    for (const auto& option : options) {
        for (const auto& arrangement : option.scenario->lead_arrangements) {
            out.hosts.insert(arrangement.host.index());
            for (const auto icb : arrangement.participants) {
                out.icbs.insert(icb.index());
            }
            for (const auto provider : arrangement.providers) {
                out.providers.insert(provider.index());
            }
        }
        for (const auto& pool : option.scenario->risk_pools) {
            for (const auto icb : pool.members) {
                out.icbs.insert(icb.index());
            }
        }
    }
    return out;
}

Money pence_of(double pence) {
    return Money::from_pence(std::llround(pence));
}

} // namespace

std::vector<OptionSummary> option_summaries(std::span<const OptionInput> options) {
    const auto who = concerned(options);
    std::vector<OptionSummary> out;
    for (std::size_t o = 0; o < options.size(); ++o) {
        const auto& s = *options[o].scenario;
        const auto& summary = *options[o].summary;
        OptionSummary option{.position = o, .name = options[o].name, .figures = {}};
        const auto add = [&](const char* kind, const std::string& code, const std::string& name,
                             const std::string& fy, const char* measure, double value) {
            option.figures.push_back({kind, code, name, fy, measure, value});
        };
        for (std::size_t y = 0; y < summary.shape().years; ++y) {
            const entities::FinancialYear year(summary.shape().first_year.start_year() +
                                               static_cast<int>(y));
            const auto fy = year.label();
            for (const auto i : who.icbs) {
                const auto& icb = s.icbs[i];
                if (!icb.exists_in(year)) {
                    continue;
                }
                const auto& outturn = summary.year(summary.year_slot(Measure::icb_outturn, i, y));
                add("icb", icb.code, icb.name, fy, "outturn_p5", outturn.quantile(0.05));
                add("icb", icb.code, icb.name, fy, "outturn_p50", outturn.quantile(0.50));
                add("icb", icb.code, icb.name, fy, "outturn_p95", outturn.quantile(0.95));
                add("icb", icb.code, icb.name, fy, "probability_overspend_above",
                    summary.probability_overspend_above(i, y));
                add("icb", icb.code, icb.name, fy, "recharges_mean",
                    summary.year(summary.year_slot(Measure::icb_recharges, i, y)).mean());
                add("icb", icb.code, icb.name, fy, "pool_transfer_mean",
                    summary.year(summary.year_slot(Measure::icb_pool, i, y)).mean());
            }
            for (const auto i : who.hosts) {
                const auto& icb = s.icbs[i];
                if (!icb.exists_in(year)) {
                    continue;
                }
                const auto& exposure = summary.year(summary.year_slot(Measure::icb_exposure, i, y));
                add("host", icb.code, icb.name, fy, "exposure_p50", exposure.quantile(0.50));
                add("host", icb.code, icb.name, fy, "exposure_p95", exposure.quantile(0.95));
            }
            for (const auto p : who.providers) {
                const auto& provider = s.providers[p];
                const auto& income = summary.year(summary.year_slot(Measure::income, p, y));
                add("provider", provider.code, provider.name, fy, "income_mean", income.mean());
                add("provider", provider.code, provider.name, fy, "income_p5",
                    income.quantile(0.05));
                add("provider", provider.code, provider.name, fy, "income_p95",
                    income.quantile(0.95));
            }
        }
        out.push_back(std::move(option));
    }
    return out;
}

std::string options_text(std::span<const OptionSummary> options, Money threshold,
                         const std::string& fy) {
    // (kind, code) → option → measure → value, for the FY; the names by code.
    std::map<std::pair<std::string, std::string>,
             std::map<std::size_t, std::map<std::string, double>>>
        table;
    std::map<std::pair<std::string, std::string>, std::string> names;
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& option : options) {
        for (const auto& f : option.figures) {
            if (f.fy != fy) {
                continue;
            }
            const auto key = std::make_pair(f.kind, f.code);
            if (!names.contains(key)) {
                names[key] = f.name;
                order.push_back(key);
            }
            table[key][option.position][f.measure] = f.value;
        }
    }
    std::size_t width = 6;
    for (const auto& option : options) {
        width = std::max(width, option.name.size());
    }
    const auto millions = [](double pence) { return format_millions(pence_of(pence)); };
    const auto probability = fmt::format("P(overspend > {})", format_threshold(threshold));
    // The heading's width on the screen: "£" is one column in two bytes.
    const auto probability_width = std::max<std::size_t>(
        19, probability.size() - (probability.find("£") != std::string::npos));
    std::string text = fmt::format(
        "\nEach ICB's outturn after recharges and pool transfers, {} (+ = underspend), by option\n"
        "  {:<{}}  {:>10} {:>10} {:>10}  {:>{}}  {:>16}  {:>13}\n",
        fy, "option", width, "P5", "P50", "P95", probability, probability_width, "recharges (mean)",
        "pool (mean)");
    const auto rows = [&](const char* kind, auto&& line) {
        for (const auto& key : order) {
            if (key.first != kind) {
                continue;
            }
            text += fmt::format("{} ({})\n", names[key], key.second);
            for (const auto& option : options) {
                const auto& m = table[key][option.position];
                text += line(option.name, m);
            }
        }
    };
    rows("icb", [&](const std::string& name, const std::map<std::string, double>& m) {
        return fmt::format("  {:<{}}  {:>10} {:>10} {:>10}  {:>{}.1f}%  {:>16}  {:>13}\n", name,
                           width, millions(m.at("outturn_p5")), millions(m.at("outturn_p50")),
                           millions(m.at("outturn_p95")),
                           100.0 * m.at("probability_overspend_above"), probability_width - 1,
                           millions(m.at("recharges_mean")), millions(m.at("pool_transfer_mean")));
    });
    bool exposed = false;
    for (const auto& [key, by_option] : table) {
        for (const auto& [position, m] : by_option) {
            exposed = exposed || (key.first == "host" && m.at("exposure_p95") != 0.0);
        }
    }
    if (exposed) {
        text += fmt::format("\nA host's largest cash exposure at a month's end in {} (what it "
                            "carries for the others)\n  {:<{}}  {:>10} {:>10}\n",
                            fy, "option", width, "P50", "P95");
        rows("host", [&](const std::string& name, const std::map<std::string, double>& m) {
            return fmt::format("  {:<{}}  {:>10} {:>10}\n", name, width,
                               millions(m.at("exposure_p50")), millions(m.at("exposure_p95")));
        });
    } else if (std::any_of(order.begin(), order.end(),
                           [](const auto& key) { return key.first == "host"; })) {
        text += "\nNo host carries cash for the others at any month's end: every option settles "
                "its recharges monthly and no participant withholds any.\n";
    }
    text += fmt::format("\nProviders' income in {}: its stability under each option\n"
                        "  {:<{}}  {:>10} {:>10} {:>10} {:>13}\n",
                        fy, "option", width, "mean", "P5", "P95", "P5–P95 width");
    rows("provider", [&](const std::string& name, const std::map<std::string, double>& m) {
        return fmt::format("  {:<{}}  {:>10} {:>10} {:>10} {:>13}\n", name, width,
                           millions(m.at("income_mean")), millions(m.at("income_p5")),
                           millions(m.at("income_p95")),
                           millions(m.at("income_p95") - m.at("income_p5")));
    });
    return text;
}

std::string options_csv(std::span<const OptionSummary> options) {
    CsvWriter csv;
    csv.row({"position", "option", "kind", "code", "name", "fy", "measure", "value"});
    for (const auto& option : options) {
        for (const auto& f : option.figures) {
            const bool probability = f.measure == "probability_overspend_above";
            csv.row({std::to_string(option.position), option.name, f.kind, f.code, f.name, f.fy,
                     f.measure,
                     probability ? fmt::format("{:.6f}", f.value)
                                 : pence_of(f.value).to_pounds_string()});
        }
    }
    return csv.text();
}

} // namespace specflow::reports
