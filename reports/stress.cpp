#include "reports/stress.hpp"

#include "reports/format.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace specflow::reports {

using entities::Money;

StressSink::StressSink(SummaryShape shape, const SummaryLayout& layout,
                       std::optional<Money> threshold, entities::ProviderId provider,
                       std::vector<std::size_t> watched_flows)
    : SummarySink(shape, layout, threshold), provider_(provider),
      watched_(std::move(watched_flows)), values_(watched_.size(), 0),
      contributions_(watched_.size()) {}

void StressSink::on_provider_month(const sim::ProviderMonth& o) {
    SummarySink::on_provider_month(o);
    if (o.provider == provider_ && o.month.year == shape().first_year) {
        income_ += o.income;
    }
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
