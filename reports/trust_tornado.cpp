#include "reports/trust_tornado.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace specflow::reports {

using entities::ContractKind;

namespace {

// Each input's label, and whether it is zero by construction for income and for income other
// than drugs: only when every flow it touches is.
struct Inputs {
    std::vector<std::string> labels;
    std::vector<bool> income_zero;
    std::vector<bool> own_zero;
    std::map<std::string, std::size_t> index;

    std::size_t add(const std::string& label, bool zero_for_income, bool zero_for_own) {
        const auto [at, added] = index.emplace(label, labels.size());
        if (added) {
            labels.push_back(label);
            income_zero.push_back(zero_for_income);
            own_zero.push_back(zero_for_own);
        } else {
            income_zero[at->second] = income_zero[at->second] && zero_for_income;
            own_zero[at->second] = own_zero[at->second] && zero_for_own;
        }
        return at->second;
    }
};

} // namespace

std::string_view tornado_total_name(TornadoTotal total) {
    switch (total) {
    case TornadoTotal::income:
        return "income";
    case TornadoTotal::income_excl_drugs:
        return "income_excl_drugs";
    case TornadoTotal::pressure:
        return "pressure";
    }
    return "income";
}

TrustTornado::TrustTornado(const entities::Scenario& s, entities::ProviderId provider,
                           std::vector<std::size_t> watched_flows)
    : watched_(std::move(watched_flows)), first_year_start_(s.first_year.start_year()), income_(0),
      income_excl_drugs_(0), pressure_(0) {
    Inputs inputs;
    for (const auto f : watched_) {
        const auto& flow = s.flows.at(f);
        if (flow.provider != provider) {
            throw std::invalid_argument("TrustTornado: a watched flow of another provider");
        }
        const auto& line = s.service_lines[flow.service_line.index()];
        const auto& contract = s.contracts[flow.contract.index()];
        const bool drugs = std::any_of(s.drugs.begin(), s.drugs.end(), [&](const auto& drug) {
            return drug.provider == flow.provider && drug.service_line == flow.service_line;
        });
        const bool fixed_kind =
            contract.kind == ContractKind::block || contract.kind == ContractKind::lva;
        const bool fixed_in_year = fixed_kind && !drugs;
        has_drugs_ = has_drugs_ || drugs;
        const std::string payer = contract.payer.is_nhse()
                                      ? std::string("NHS England")
                                      : s.icbs[contract.payer.icb->index()].name;
        FlowInputs of;
        of.chance = inputs.add(payer + " × " + line.name, fixed_in_year, fixed_kind);
        of.national = inputs.add("national demand: " + line.name, fixed_in_year, fixed_kind);
        of.provider = inputs.add("this trust's own: " + line.name, fixed_in_year, fixed_kind);
        of.trend = inputs.add("demand trend: " + line.name, fixed_in_year, fixed_kind);
        inputs_of_.push_back(of);
    }
    labels_ = std::move(inputs.labels);
    values_.assign(labels_.size(), 0);
    income_ = VarianceAttribution(labels_.size(), inputs.income_zero);
    income_excl_drugs_ = VarianceAttribution(labels_.size(), inputs.own_zero);
    pressure_ = VarianceAttribution(labels_.size());
}

void TrustTornado::on_flow_year(const sim::FlowYear& o) {
    if (o.year.start_year() != first_year_start_) {
        return;
    }
    const auto at = std::find(watched_.begin(), watched_.end(), o.flow);
    if (at == watched_.end()) {
        return;
    }
    const auto& of = inputs_of_[static_cast<std::size_t>(at - watched_.begin())];
    const double expected = static_cast<double>(o.expected_value.pence());
    values_[of.chance] += o.value.pence() - o.expected_value_given_factors.pence();
    values_[of.national] += std::llround(expected * (o.national_factor - 1.0));
    values_[of.provider] += std::llround(expected * (o.provider_factor - 1.0));
    values_[of.trend] += std::llround(expected * (o.trend_factor - 1.0));
}

void TrustTornado::close(std::uint32_t replication, entities::Money income,
                         entities::Money income_excl_drugs, entities::Money pressure) {
    income_.add(replication, values_, income.pence());
    income_excl_drugs_.add(replication, values_, income_excl_drugs.pence());
    pressure_.add(replication, values_, pressure.pence());
    std::fill(values_.begin(), values_.end(), 0);
}

void TrustTornado::merge(const TrustTornado& other) {
    income_.merge(other.income_);
    income_excl_drugs_.merge(other.income_excl_drugs_);
    pressure_.merge(other.pressure_);
}

std::vector<TrustTornado::Row> TrustTornado::rows(TornadoTotal total, std::size_t top) const {
    const auto& attribution = of(total);
    const auto shares = attribution.shares();
    const double variance = attribution.total_variance();
    std::vector<Row> rows;
    for (std::size_t i = 0; i < shares.size(); ++i) {
        if (VarianceAttribution::differs_from_zero(shares[i])) {
            rows.push_back({labels_[i], shares[i], std::sqrt(shares[i].share * variance) / 100.0});
        }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return a.share.share > b.share.share; });
    if (rows.size() > top) {
        rows.resize(top);
    }
    return rows;
}

} // namespace specflow::reports
