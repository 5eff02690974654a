#include "reports/stress.hpp"

#include "reports/format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

namespace specflow::reports {

using entities::Money;

StressSink::StressSink(SummaryShape shape, const SummaryLayout& layout,
                       std::optional<Money> threshold, entities::ProviderId provider,
                       std::vector<std::size_t> watched_flows, std::vector<int> forecast_months)
    : SummarySink(shape, layout, threshold), provider_(provider),
      forecast_months_(std::move(forecast_months)), watched_(std::move(watched_flows)),
      values_(watched_.size(), 0), contributions_(watched_.size()) {
    forecast_months_.resize(shape.years, entities::k_months_per_year + 1); // none: never
    const auto p = provider.index();
    for (std::size_t y = 0; y < shape.years; ++y) {
        const auto income = layout.years.at(year_slot(Measure::income, p, y));
        const auto pressure = layout.years.at(year_slot(Measure::pressure, p, y));
        forecast_income_.emplace_back(income.first, income.second, layout.year_bins);
        forecast_pressure_.emplace_back(pressure.first, pressure.second, layout.year_bins);
    }
}

void StressSink::on_provider_month(const sim::ProviderMonth& o) {
    SummarySink::on_provider_month(o);
    if (o.provider != provider_) {
        return;
    }
    if (o.month.year == shape().first_year) {
        income_ += o.income;
    }
    const auto y =
        static_cast<std::size_t>(o.month.year.start_year() - shape().first_year.start_year());
    if (o.forecast && o.month.month == forecast_months_.at(y)) {
        forecast_income_[y].add(o.forecast->income.pence());
        forecast_pressure_[y].add(o.forecast->pressure.pence());
    }
}

const Distribution& StressSink::forecast(Measure measure, std::size_t year) const {
    return measure == Measure::income ? forecast_income_.at(year) : forecast_pressure_.at(year);
}

void StressSink::on_flow_year(const sim::FlowYear& o) {
    if (o.year != shape().first_year) {
        return;
    }
    const auto at = std::find(watched_.begin(), watched_.end(), o.flow);
    if (at != watched_.end()) {
        values_[static_cast<std::size_t>(at - watched_.begin())] = o.value.pence();
    }
}

void StressSink::on_year_close(const sim::YearClose& o) {
    SummarySink::on_year_close(o);
    if (o.year == shape().first_year) {
        contributions_.add(values_, income_.pence());
        std::fill(values_.begin(), values_.end(), 0);
        income_ = Money{};
    }
}

void StressSink::merge(const StressSink& other) {
    SummarySink::merge(other);
    contributions_.merge(other.contributions_);
    for (std::size_t y = 0; y < forecast_income_.size(); ++y) {
        forecast_income_[y].merge(other.forecast_income_[y]);
        forecast_pressure_[y].merge(other.forecast_pressure_[y]);
    }
}

std::vector<TornadoRow> tornado_rows(const entities::Scenario& s, const StressSink& stress) {
    const auto shares = stress.contributions().shares();
    std::vector<TornadoRow> rows;
    for (const auto i : stress.contributions().top(shares.size())) {
        const auto& flow = s.flows[stress.watched_flows()[i]];
        rows.push_back({.total = "income",
                        .input = s.icbs[flow.icb.index()].name + " × " +
                                 s.service_lines[flow.service_line.index()].name,
                        .variance_share = shares[i],
                        .standard_error = 0});
    }
    return rows;
}

namespace {

Money money(double pence) {
    return Money::from_pence(std::llround(pence));
}

std::string distribution_line(std::string_view label, const Distribution& d) {
    return fmt::format(
        "  {:<10}{:>12}{:>12}{:>12}{:>12}{:>12}{:>12}\n", label, format_millions(money(d.mean())),
        format_millions(money(d.quantile(0.05))), format_millions(money(d.quantile(0.10))),
        format_millions(money(d.quantile(0.50))), format_millions(money(d.quantile(0.90))),
        format_millions(money(d.quantile(0.95))));
}

} // namespace

std::string month_name(int month) {
    static constexpr std::array<const char*, entities::k_months_per_year> k_names{
        "April",   "May",      "June",     "July",    "August",   "September",
        "October", "November", "December", "January", "February", "March"};
    return month >= 1 && month <= entities::k_months_per_year
               ? k_names[static_cast<std::size_t>(month - 1)]
               : "";
}

std::string forecast_label(int month) {
    return fmt::format("forecast at M{} ({})", month, month_name(month));
}

namespace {

// The distribution of the forecast outturn the provider would report after the forecast month.
std::string forecast_lines(const StressSink& stress, std::size_t y) {
    const auto& income = stress.forecast(Measure::income, y);
    if (income.count() == 0) {
        return {};
    }
    std::string text = fmt::format("  {} of the year's outturn (actuals to date + plan):\n",
                                   forecast_label(stress.forecast_month(y)));
    text += distribution_line("income", income);
    text += distribution_line("pressure", stress.forecast(Measure::pressure, y));
    return text;
}

} // namespace

std::string stress_text(const entities::Scenario& s, const StressSink& stress,
                        entities::ProviderId provider, std::uint32_t replications) {
    const auto& shape = stress.shape();
    const auto p = provider.index();
    std::string text = fmt::format("Stress test: {} ({}), {} replications\n", s.providers[p].name,
                                   s.providers[p].code, fmt::group_digits(replications));
    for (std::size_t y = 0; y < shape.years; ++y) {
        const entities::FinancialYear year(shape.first_year.start_year() + static_cast<int>(y));
        text += fmt::format("\n{} (£m; pressure = cost − income, + = loss)\n", year.label());
        text += fmt::format("  {:<10}{:>12}{:>12}{:>12}{:>12}{:>12}{:>12}\n", "", "mean", "P5",
                            "P10", "P50", "P90", "P95");
        text += distribution_line("income", stress.year(stress.year_slot(Measure::income, p, y)));
        text += distribution_line("cost", stress.year(stress.year_slot(Measure::cost, p, y)));
        text +=
            distribution_line("pressure", stress.year(stress.year_slot(Measure::pressure, p, y)));
        if (const auto threshold = stress.threshold()) {
            text += fmt::format("  Probability that the pressure exceeds {}: {:.1f}%\n",
                                format_pounds(*threshold), 100.0 * stress.probability_above(p, y));
        }
        text += forecast_lines(stress, y);
    }
    const auto shares = stress.contributions().shares();
    text += fmt::format("\nWhat drives the variance of {} income in {} (share of the variance, by "
                        "commissioner and service line)\n",
                        s.providers[p].name, shape.first_year.label());
    const auto& flows = stress.watched_flows();
    std::size_t width = 10;
    for (const auto i : stress.contributions().top(10)) {
        const auto& flow = s.flows[flows[i]];
        width = std::max(width, s.icbs[flow.icb.index()].name.size() + 3 +
                                    s.service_lines[flow.service_line.index()].name.size());
    }
    int rank = 1;
    for (const auto i : stress.contributions().top(10)) {
        const auto& flow = s.flows[flows[i]];
        const auto& contract = s.contracts[flow.contract.index()];
        const auto name =
            s.icbs[flow.icb.index()].name + " — " + s.service_lines[flow.service_line.index()].name;
        const bool drugs = std::any_of(s.drugs.begin(), s.drugs.end(), [&](const auto& drug) {
            return drug.provider == flow.provider && drug.service_line == flow.service_line;
        });
        text += fmt::format("  {:>2}. {:<{}}{:>8.1f}%   {} contract{}\n", rank++, name, width,
                            100.0 * shares[i], entities::to_string(contract.kind),
                            drugs ? " + drugs" : "");
    }
    text +=
        "  (Block and LVA contracts pay the same whatever the activity: their flows move income "
        "in year only through the high-cost drugs NHS England passes through with the cases, "
        "marked + drugs.)\n";
    return text;
}

} // namespace specflow::reports
