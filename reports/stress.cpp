#include "reports/stress.hpp"

#include "reports/format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

namespace specflow::reports {

using entities::Money;

StressSink::StressSink(SummaryShape shape, const SummaryLayout& layout,
                       std::optional<Money> threshold, const entities::Scenario& scenario,
                       entities::ProviderId provider, std::vector<std::size_t> watched_flows,
                       std::vector<int> forecast_months)
    : SummarySink(shape, layout, threshold), provider_(provider),
      forecast_months_(std::move(forecast_months)),
      tornado_(scenario, provider, std::move(watched_flows)) {
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
        pressure_ += o.pressure;
    }
    const auto y =
        static_cast<std::size_t>(o.month.year.start_year() - shape().first_year.start_year());
    if (o.forecast && o.month.month == forecast_months_.at(y)) {
        forecast_income_[y].add(o.forecast->income.pence());
        forecast_pressure_[y].add(o.forecast->pressure.pence());
    }
}

void StressSink::on_income(const sim::IncomeBySource& o) {
    SummarySink::on_income(o);
    if (o.provider == provider_ && o.kind == entities::ContractKind::drugs &&
        o.month.year == shape().first_year) {
        drugs_ += o.amount;
    }
}

const Distribution& StressSink::forecast(Measure measure, std::size_t year) const {
    return measure == Measure::income ? forecast_income_.at(year) : forecast_pressure_.at(year);
}

void StressSink::on_flow_year(const sim::FlowYear& o) {
    tornado_.on_flow_year(o);
}

void StressSink::on_year_close(const sim::YearClose& o) {
    SummarySink::on_year_close(o);
    if (o.year == shape().first_year) {
        tornado_.close(o.replication, income_, income_ - drugs_, pressure_);
        income_ = drugs_ = pressure_ = Money{};
    }
}

void StressSink::merge(const StressSink& other) {
    SummarySink::merge(other);
    tornado_.merge(other.tornado_);
    for (std::size_t y = 0; y < forecast_income_.size(); ++y) {
        forecast_income_[y].merge(other.forecast_income_[y]);
        forecast_pressure_[y].merge(other.forecast_pressure_[y]);
    }
}

std::vector<TornadoRow> tornado_rows(const StressSink& stress) {
    std::vector<TornadoRow> rows;
    for (const auto total : k_tornado_totals) {
        if (total == TornadoTotal::income_excl_drugs && !stress.tornado().has_drugs()) {
            continue;
        }
        for (const auto& row : stress.tornado().rows(total)) {
            rows.push_back({.total = std::string(tornado_total_name(total)),
                            .input = row.input,
                            .variance_share = row.share.share,
                            .standard_error = row.share.standard_error,
                            .direction = row.share.direction});
        }
    }
    return rows;
}

namespace {

Money money(double pence) {
    return Money::from_pence(std::llround(pence));
}

std::string distribution_line(std::string_view label, const Distribution& d) {
    return fmt::format(
        "  {:<20}{:>12}{:>12}{:>12}{:>12}{:>12}{:>12}\n", label, format_millions(money(d.mean())),
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

// The rows of one tornado, with what they mean and how sure they are.
std::string tornado_text(const std::string& provider, const std::string& year,
                         const TrustTornado& tornado, TornadoTotal total) {
    const bool pressure = total == TornadoTotal::pressure;
    const auto& attribution = tornado.of(total);
    const auto rows = tornado.rows(total);
    const auto sum = attribution.sum();
    std::string text = fmt::format(
        "\nWhat drives the variance of {} {} in {} (standard deviation £{:.1f}m)\n", provider,
        pressure                                   ? "pressure"
        : total == TornadoTotal::income_excl_drugs ? "income excl. drugs"
                                                   : "income",
        year, std::sqrt(attribution.total_variance()) / 100.0 / 1e6);
    std::size_t width = 10;
    for (const auto& row : rows) {
        width = std::max(width, row.input.size());
    }
    // Below VarianceAttribution's 100 replications the shares have no standard error: the
    // column says so rather than ±0.0%, and nothing is tested against noise.
    const bool known = attribution.standard_errors_known();
    const auto error = [&](const VarianceAttribution::Share& share) {
        return known ? fmt::format("{:.1f}%", 100.0 * share.standard_error) : std::string("n/a");
    };
    text += fmt::format("  {:<{}}{:>10}{:>9}{:>13}\n", "input", width + 4, "share", "± s.e.",
                        "± £m (1 sd)");
    int rank = 1;
    for (const auto& row : rows) {
        text += fmt::format("  {:>2}. {:<{}}{:>9.1f}%{:>9}{:>13.2f}{}\n", rank++, row.input, width,
                            100.0 * row.share.share, error(row.share), row.pounds / 1e6,
                            row.share.direction < 0 ? "  (moves against)" : "");
    }
    if (rows.empty()) {
        text += known ? "  (no input's share differs from zero by more than two standard errors)\n"
                      : "  (no input's share is above zero)\n";
    }
    text += fmt::format(
        "  All inputs together: {:.1f}%{} of the variance{}. {}{}\n", 100.0 * sum.share,
        known ? " ± " + error(sum) : std::string(),
        pressure ? "" : " (the rest: rules that are not linear in activity, such as API bands)",
        known ? "Shown: shares more than two standard errors above zero."
              : fmt::format("Shown: the largest shares above zero, none tested against noise: a "
                            "standard error needs {} replications or more.",
                            VarianceAttribution::k_batches * VarianceAttribution::k_batch_min),
        pressure ? ""
        : total == TornadoTotal::income_excl_drugs
            ? " Block and LVA contracts pay the same whatever the activity, so their flows count "
              "for nothing here; the drugs passed through with the cases are left out."
            : " Block and LVA contracts pay the same whatever the activity, so their "
              "flows count for nothing here unless NHS England passes drugs through with "
              "the cases.");
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
        text += fmt::format("  {:<20}{:>12}{:>12}{:>12}{:>12}{:>12}{:>12}\n", "", "mean", "P5",
                            "P10", "P50", "P90", "P95");
        const auto& income = stress.year(stress.year_slot(Measure::income, p, y));
        const auto& own = stress.year(stress.year_slot(Measure::income_excl_drugs, p, y));
        text += distribution_line("income", income);
        const bool drugs = own.mean() != income.mean();
        if (drugs) {
            // Drugs passed through at cost move income and cost alike: what is at risk is the rest.
            text += distribution_line("income excl. drugs", own);
        }
        text += distribution_line("cost", stress.year(stress.year_slot(Measure::cost, p, y)));
        text +=
            distribution_line("pressure", stress.year(stress.year_slot(Measure::pressure, p, y)));
        if (const auto threshold = stress.threshold()) {
            text +=
                fmt::format("  Probability that the pressure exceeds {}: {:.1f}%\n",
                            format_threshold(*threshold), 100.0 * stress.probability_above(p, y));
        }
        if (drugs) {
            text += fmt::format("  Income excl. drugs leaves out the {} (mean) of high-cost drugs "
                                "NHS England passes\n  through at cost: they move income and cost "
                                "alike, so the income at risk is the rest.\n",
                                format_millions(money(income.mean() - own.mean())));
        }
        text += forecast_lines(stress, y);
    }
    for (const auto total : k_tornado_totals) {
        // Without drugs, income other than drugs is the income, and so is its tornado.
        if (total != TornadoTotal::income_excl_drugs || stress.tornado().has_drugs()) {
            text += tornado_text(s.providers[p].name, shape.first_year.label(), stress.tornado(),
                                 total);
        }
    }
    return text;
}

} // namespace specflow::reports
