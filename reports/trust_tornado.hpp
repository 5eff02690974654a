#pragma once

// A trust's tornado (DESIGN.md §7, §10): what drives the variance of its income, of its income
// other than the high-cost drugs passed through at cost, and of its pressure in the first
// financial year, and by how much, with a standard error.

#include "entities/scenario.hpp"
#include "reports/variance_attribution.hpp"
#include "sim/observation.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace specflow::reports {

// The totals a tornado explains: income excluding drugs is the income at risk (drugs passed
// through at cost move income and cost alike), which the trust's page and `stress` headline.
enum class TornadoTotal { income, income_excl_drugs, pressure };
inline constexpr std::array<TornadoTotal, 3> k_tornado_totals{
    TornadoTotal::income, TornadoTotal::income_excl_drugs, TornadoTotal::pressure};
// "income", "income_excl_drugs", "pressure": the store's `tornado.total`.
[[nodiscard]] std::string_view tornado_total_name(TornadoTotal total);

// The inputs are uncorrelated by construction: each common factor touching the provider's flows
// — the national factor of each of its lines, its own factor on each line, the demand trend's
// deviation on each line — measured as the money it moves, (factor − 1) × the expected value of
// the flows it multiplies; and, per commissioner × service line, chance around the factors:
// the flows' value less its expectation given the factors. For income, an input whose flows are
// all paid by block or LVA contracts without pass-through drugs is zero by construction (those
// contracts pay the same whatever the activity in the year), and for income other than drugs
// every input whose flows are all so paid, drugs or not; for pressure (cost − income) none is,
// since activity always moves marginal costs.
class TrustTornado {
public:
    // `watched_flows`: the provider's flows in the scenario's first FY, as the replication
    // reports them (sim::FlowYear).
    TrustTornado(const entities::Scenario& scenario, entities::ProviderId provider,
                 std::vector<std::size_t> watched_flows);

    void on_flow_year(const sim::FlowYear& o);
    // The replication's first-FY income, income other than drugs and pressure: adds the
    // replication and starts the next.
    void close(std::uint32_t replication, entities::Money income, entities::Money income_excl_drugs,
               entities::Money pressure);
    void merge(const TrustTornado& other);

    struct Row {
        std::string input; // "NHS Greater Manchester ICB × Chemotherapy", "national demand: …"
        VarianceAttribution::Share share;
        double pounds = 0.0; // √(share × Var(total)): the input's standard deviation's effect, £
    };
    // The `top` inputs whose share differs from zero by more than two standard errors, largest
    // first; and how many more there were.
    [[nodiscard]] std::vector<Row> rows(TornadoTotal total, std::size_t top = 12) const;
    [[nodiscard]] const VarianceAttribution& of(TornadoTotal total) const noexcept {
        return total == TornadoTotal::income              ? income_
               : total == TornadoTotal::income_excl_drugs ? income_excl_drugs_
                                                          : pressure_;
    }
    // Whether some of the provider's watched flows bring drugs passed through at cost: without,
    // income other than drugs is the whole income and its tornado the income's.
    [[nodiscard]] bool has_drugs() const noexcept { return has_drugs_; }
    [[nodiscard]] const std::vector<std::string>& labels() const noexcept { return labels_; }
    [[nodiscard]] const std::vector<std::size_t>& watched_flows() const noexcept {
        return watched_;
    }

private:
    struct FlowInputs {
        std::size_t chance = 0;   // commissioner × line
        std::size_t national = 0; // the line's national factor
        std::size_t provider = 0; // the provider's factor on the line
        std::size_t trend = 0;    // the line's trend deviation
    };
    std::vector<std::size_t> watched_;
    std::vector<FlowInputs> inputs_of_; // per watched flow
    std::vector<std::string> labels_;
    std::vector<std::int64_t> values_; // this replication's, per input
    std::int64_t first_year_start_ = 0;
    bool has_drugs_ = false;
    VarianceAttribution income_;
    VarianceAttribution income_excl_drugs_;
    VarianceAttribution pressure_;
};

} // namespace specflow::reports
