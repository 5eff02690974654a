#include "reports/monte_carlo_summary.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace specflow::reports {

using entities::Money;

namespace {
constexpr std::size_t k_provider_measures = 4; // income, cost, pressure, income_excl_drugs
constexpr std::size_t k_month_measures = 2;    // income, pressure
} // namespace

std::string_view measure_name(Measure measure) {
    switch (measure) {
    case Measure::income:
        return "income";
    case Measure::cost:
        return "cost";
    case Measure::pressure:
        return "pressure";
    case Measure::income_excl_drugs:
        return "income_excl_drugs";
    case Measure::icb_variance:
    case Measure::hcdd_variance:
    case Measure::direct_variance:
        return "variance";
    case Measure::paid_drugs:
    case Measure::paid_direct:
    case Measure::paid_icb_block:
    case Measure::paid_icb_api:
    case Measure::paid_icb_activity:
    case Measure::paid_icb_lva:
        return "paid_to_providers";
    case Measure::icb_outturn:
        return "outturn_after_pool";
    case Measure::icb_pool:
        return "pool_transfer";
    case Measure::icb_recharges:
        return "recharges";
    case Measure::icb_exposure:
        return "host_exposure_peak";
    }
    return "?";
}

std::string_view national_budget_name(Measure measure) {
    switch (measure) {
    case Measure::hcdd_variance:
    case Measure::paid_drugs:
        return "HCDD (high-cost drugs and devices)";
    case Measure::direct_variance:
    case Measure::paid_direct:
        return "NHS England direct commissioning";
    case Measure::paid_icb_block:
        return "ICBs' block contracts";
    case Measure::paid_icb_api:
        return "ICBs' API contracts";
    case Measure::paid_icb_activity:
        return "ICBs' activity contracts";
    case Measure::paid_icb_lva:
        return "ICBs' LVA contracts";
    default:
        return "?";
    }
}

namespace {
std::size_t national_index(Measure measure) {
    return static_cast<std::size_t>(measure) - static_cast<std::size_t>(Measure::hcdd_variance);
}
} // namespace

ReplicationCollector::ReplicationCollector(SummaryShape shape)
    : shape_(shape), income_(shape.providers), cost_(shape.providers), drugs_(shape.providers),
      variance_(shape.icbs), pool_(shape.icbs), recharges_(shape.icbs), exposure_(shape.icbs) {}

std::size_t ReplicationCollector::year_slots() const noexcept {
    // Providers' measures, ICBs' measures, then England's.
    return (shape_.providers * k_provider_measures + shape_.icbs * k_icb_measures +
            k_national_measures) *
           shape_.years;
}

std::size_t ReplicationCollector::month_slots() const noexcept {
    return k_month_measures * shape_.providers * shape_.years * 12;
}

std::size_t ReplicationCollector::year_slot(Measure measure, std::size_t entity,
                                            std::size_t year) const {
    const auto icb_measure =
        static_cast<std::size_t>(measure) - static_cast<std::size_t>(Measure::icb_variance);
    const std::size_t row =
        measure >= Measure::hcdd_variance
            ? shape_.providers * k_provider_measures + shape_.icbs * k_icb_measures +
                  national_index(measure)
        : measure >= Measure::icb_variance
            ? shape_.providers * k_provider_measures + icb_measure * shape_.icbs + entity
            : static_cast<std::size_t>(measure) * shape_.providers + entity;
    return row * shape_.years + year;
}

std::size_t ReplicationCollector::month_slot(Measure measure, std::size_t provider,
                                             std::size_t year, int month) const {
    const std::size_t which = measure == Measure::income ? 0 : 1;
    return (which * shape_.providers + provider) * shape_.years * 12 + year * 12 +
           static_cast<std::size_t>(month - 1);
}

std::size_t ReplicationCollector::year_of(const entities::FinancialYear& year) const {
    return static_cast<std::size_t>(year.start_year() - shape_.first_year.start_year());
}

void ReplicationCollector::on_provider_month(const sim::ProviderMonth& o) {
    const auto p = o.provider.index();
    income_[p] += o.income;
    cost_[p] += o.cost;
    const auto y = year_of(o.month.year);
    record_month(month_slot(Measure::income, p, y, o.month.month), o.income.pence());
    record_month(month_slot(Measure::pressure, p, y, o.month.month), o.pressure.pence());
}

// High-cost drugs whoever pays them; NHS England's other contracts; ICBs' by kind.
void ReplicationCollector::on_income(const sim::IncomeBySource& o) {
    using entities::ContractKind;
    const auto route = o.kind == ContractKind::drugs      ? Measure::paid_drugs
                       : o.payer.is_nhse()                ? Measure::paid_direct
                       : o.kind == ContractKind::block    ? Measure::paid_icb_block
                       : o.kind == ContractKind::api      ? Measure::paid_icb_api
                       : o.kind == ContractKind::activity ? Measure::paid_icb_activity
                                                          : Measure::paid_icb_lva;
    national_[national_index(route)] += o.amount;
    if (o.kind == ContractKind::drugs) {
        drugs_[o.provider.index()] += o.amount;
    }
}

void ReplicationCollector::on_icb_month(const sim::IcbMonth& o) {
    const auto i = o.icb.index();
    variance_[i] += o.variance;
    pool_[i] += o.risk_pool;
    recharges_[i] += o.recharges;
    exposure_[i] = std::max(exposure_[i], o.host_exposure);
}

void ReplicationCollector::on_national_month(const sim::NationalMonth& o) {
    national_[national_index(Measure::hcdd_variance)] += o.hcdd_budget - o.hcdd_spend;
    national_[national_index(Measure::direct_variance)] += o.direct_budget - o.direct_spend;
}

void ReplicationCollector::on_year_close(const sim::YearClose& o) {
    const auto y = year_of(o.year);
    for (std::size_t p = 0; p < shape_.providers; ++p) {
        record_year(year_slot(Measure::income, p, y), income_[p].pence());
        record_year(year_slot(Measure::cost, p, y), cost_[p].pence());
        record_year(year_slot(Measure::pressure, p, y), (cost_[p] - income_[p]).pence());
        record_year(year_slot(Measure::income_excl_drugs, p, y), (income_[p] - drugs_[p]).pence());
        income_[p] = cost_[p] = drugs_[p] = Money{};
    }
    for (std::size_t i = 0; i < shape_.icbs; ++i) {
        record_year(year_slot(Measure::icb_variance, i, y), variance_[i].pence());
        record_year(year_slot(Measure::icb_outturn, i, y), (variance_[i] + pool_[i]).pence());
        record_year(year_slot(Measure::icb_pool, i, y), pool_[i].pence());
        record_year(year_slot(Measure::icb_recharges, i, y), recharges_[i].pence());
        record_year(year_slot(Measure::icb_exposure, i, y), exposure_[i].pence());
        variance_[i] = pool_[i] = recharges_[i] = exposure_[i] = Money{};
    }
    for (const auto measure : k_national_measure_list) {
        record_year(year_slot(measure, 0, y), national_[national_index(measure)].pence());
    }
    national_ = {};
}

PilotSink::PilotSink(SummaryShape shape)
    : ReplicationCollector(shape), years_(year_slots()), months_(month_slots()) {}

SummaryLayout layout_from(const PilotSink& pilot) {
    const std::array<const PilotSink*, 1> one{&pilot};
    return layout_from(one);
}

SummaryLayout layout_from(std::span<const PilotSink* const> pilots) {
    if (pilots.empty()) {
        throw std::invalid_argument("layout_from: no pilot");
    }
    // A slot's values from every pilot (pilot_range takes their least and greatest).
    const auto range_of = [&](std::size_t slot, auto values_of) {
        std::vector<std::int64_t> values;
        for (const auto* pilot : pilots) {
            const auto part = values_of(*pilot, slot);
            values.insert(values.end(), part.begin(), part.end());
        }
        return pilot_range(values);
    };
    SummaryLayout layout;
    for (std::size_t s = 0; s < pilots.front()->year_slots(); ++s) {
        layout.years.push_back(
            range_of(s, [](const PilotSink& p, std::size_t slot) { return p.year_values(slot); }));
    }
    for (std::size_t s = 0; s < pilots.front()->month_slots(); ++s) {
        layout.months.push_back(
            range_of(s, [](const PilotSink& p, std::size_t slot) { return p.month_values(slot); }));
    }
    return layout;
}

SummarySink::SummarySink(SummaryShape shape, const SummaryLayout& layout,
                         std::optional<Money> threshold)
    : ReplicationCollector(shape), threshold_(threshold) {
    if (layout.years.size() != year_slots() || layout.months.size() != month_slots()) {
        throw std::invalid_argument("SummarySink: the layout does not fit the shape");
    }
    std::vector<Distribution> years;
    years.reserve(layout.years.size());
    for (const auto& [low, high] : layout.years) {
        years.emplace_back(low, high, layout.year_bins);
    }
    std::vector<Distribution> months;
    months.reserve(layout.months.size());
    for (const auto& [low, high] : layout.months) {
        months.emplace_back(low, high, layout.month_bins);
    }
    if (threshold_) {
        for (std::size_t p = 0; p < shape.providers; ++p) {
            for (std::size_t y = 0; y < shape.years; ++y) {
                // "Above £X" is strictly above: count values at or above X + 1p.
                years[year_slot(Measure::pressure, p, y)].track_threshold(threshold_->pence() + 1);
            }
        }
        // An overspend above £X is an outturn below −£X: count the outturns at or above −X.
        for (std::size_t i = 0; i < shape.icbs; ++i) {
            for (std::size_t y = 0; y < shape.years; ++y) {
                years[year_slot(Measure::icb_outturn, i, y)].track_threshold(-threshold_->pence());
            }
        }
    }
    years_ = DistributionBatch(std::move(years));
    months_ = DistributionBatch(std::move(months));
}

void SummarySink::merge(const SummarySink& other) {
    for (std::size_t s = 0; s < years_.size(); ++s) {
        years_.settled(s).merge(other.year(s));
    }
    for (std::size_t s = 0; s < months_.size(); ++s) {
        months_.settled(s).merge(other.month(s));
    }
}

void SummarySink::add_pilot(const PilotSink& pilot) {
    if (pilot.year_slots() != years_.size() || pilot.month_slots() != months_.size()) {
        throw std::invalid_argument("SummarySink::add_pilot: the pilot is of another shape");
    }
    for (std::size_t s = 0; s < years_.size(); ++s) {
        years_.settled(s).add_all(pilot.year_values(s));
    }
    for (std::size_t s = 0; s < months_.size(); ++s) {
        months_.settled(s).add_all(pilot.month_values(s));
    }
}

bool SummarySink::applies(Measure measure, std::size_t icb, std::size_t year) const {
    if (measure == Measure::icb_variance) {
        return true;
    }
    const auto& d = SummarySink::year(
        year_slot(measure == Measure::icb_outturn ? Measure::icb_pool : measure, icb, year));
    return d.count() > 0 && (d.min() != 0 || d.max() != 0);
}

double SummarySink::probability_above(std::size_t provider, std::size_t year) const {
    if (!threshold_) {
        throw std::logic_error("SummarySink::probability_above needs a threshold");
    }
    const auto& pressure = SummarySink::year(year_slot(Measure::pressure, provider, year));
    return pressure.count() == 0
               ? 0.0
               : static_cast<double>(pressure.count_above(threshold_->pence() + 1)) /
                     static_cast<double>(pressure.count());
}

double SummarySink::probability_overspend_above(std::size_t icb, std::size_t year) const {
    if (!threshold_) {
        throw std::logic_error("SummarySink::probability_overspend_above needs a threshold");
    }
    const auto& outturn = SummarySink::year(year_slot(Measure::icb_outturn, icb, year));
    return outturn.count() == 0
               ? 0.0
               : 1.0 - static_cast<double>(outturn.count_above(-threshold_->pence())) /
                           static_cast<double>(outturn.count());
}

std::vector<std::int64_t> SummarySink::to_words() const {
    std::vector<std::int64_t> words;
    for (auto* batch : {&years_, &months_}) {
        for (const auto& distribution : batch->settled_all()) {
            const auto part = distribution.to_words();
            words.push_back(static_cast<std::int64_t>(part.size()));
            words.insert(words.end(), part.begin(), part.end());
        }
    }
    return words;
}

void SummarySink::load_words(std::span<const std::int64_t> words) {
    std::size_t at = 0;
    for (auto* batch : {&years_, &months_}) {
        for (auto& distribution : batch->settled_all()) {
            const auto size = static_cast<std::size_t>(words[at]);
            distribution = Distribution::from_words(words.subspan(at + 1, size));
            at += 1 + size;
        }
    }
}

void SummarySink::reduce_words(std::span<std::int64_t> into, std::span<const std::int64_t> other) {
    std::size_t at = 0;
    while (at < into.size()) {
        const auto size = static_cast<std::size_t>(into[at]);
        if (other[at] != into[at]) {
            throw std::invalid_argument("SummarySink::reduce_words: the summaries differ in shape");
        }
        Distribution::reduce_words(into.subspan(at + 1, size), other.subspan(at + 1, size));
        at += 1 + size;
    }
}

} // namespace specflow::reports
