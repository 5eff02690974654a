#pragma once

#include "entities/scenario.hpp"
#include "reports/distribution.hpp"
#include "reports/distribution_batch.hpp"
#include "reports/pilot_values.hpp"
#include "sim/observation.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace specflow::reports {

// What is summarised for each entity and financial year, and month by month for providers
// (income and pressure, for fan charts). ICBs' measures (DESIGN.md §6):
// - icb_variance: budget − spend, the spend after lead-ICB recharges (accrued), before the pool;
// - icb_outturn: the same after risk-pool transfers, what the ICB ends the year with;
// - icb_pool: its risk-pool transfers (+ received);
// - icb_recharges: its recharges (+ owed to hosts, − due to it as a host);
// - icb_exposure: as a host, the largest cash it carried for the others at a month's end.
// England's (one each): the central HCDD budget's and NHS England direct commissioning's
// variance (budget − spend), and what providers were paid by route: high-cost drugs, NHS England
// direct contracts, ICBs' contracts by kind. With the allocations they make the waterfall from
// allocation to provider income.
enum class Measure : std::uint8_t {
    income,
    cost,
    pressure,
    income_excl_drugs, // income less the high-cost drugs passed through at cost
    icb_variance,
    icb_outturn,
    icb_pool,
    icb_recharges,
    icb_exposure,
    hcdd_variance,
    direct_variance,
    paid_drugs,
    paid_direct,
    paid_icb_block,
    paid_icb_api,
    paid_icb_activity,
    paid_icb_lva
};
inline constexpr std::size_t k_icb_measures = 5;
inline constexpr std::array<Measure, k_icb_measures> k_icb_measure_list{
    Measure::icb_variance, Measure::icb_outturn, Measure::icb_pool, Measure::icb_recharges,
    Measure::icb_exposure};
inline constexpr std::size_t k_national_measures = 8;
inline constexpr std::array<Measure, k_national_measures> k_national_measure_list{
    Measure::hcdd_variance,     Measure::direct_variance, Measure::paid_drugs,
    Measure::paid_direct,       Measure::paid_icb_block,  Measure::paid_icb_api,
    Measure::paid_icb_activity, Measure::paid_icb_lva};

// The measure's name in CSV files and the store: income, cost, pressure, income_excl_drugs,
// variance (an ICB's before its pool, and HCDD's), outturn_after_pool, pool_transfer,
// recharges, host_exposure_peak; paid_to_providers for England's routes.
[[nodiscard]] std::string_view measure_name(Measure measure);
// Whose money an England measure is: "HCDD (high-cost drugs and devices)", "NHS England direct
// commissioning", "ICBs' block contracts", …
[[nodiscard]] std::string_view national_budget_name(Measure measure);

struct SummaryShape {
    std::size_t providers = 0;
    std::size_t icbs = 0;
    std::size_t years = 0;
    entities::FinancialYear first_year{2024};
};

// Collects one replication at a time from the observations and hands each annual and monthly
// figure to record_year / record_month as soon as it is complete.
class ReplicationCollector : public sim::ObservationSink {
public:
    explicit ReplicationCollector(SummaryShape shape);

    void on_provider_month(const sim::ProviderMonth& o) override;
    void on_income(const sim::IncomeBySource& o) override;
    void on_icb_month(const sim::IcbMonth& o) override;
    void on_month_close(const sim::MonthClose&) override {}
    void on_national_month(const sim::NationalMonth& o) override;
    void on_year_close(const sim::YearClose& o) override;

    [[nodiscard]] const SummaryShape& shape() const noexcept { return shape_; }
    // Slots: annual [(measure × entities + entity) × years + year], where providers come first
    // (income, cost, pressure, income_excl_drugs), the ICBs' five measures after, then England's
    // eight (entity 0); monthly [(measure × providers + provider) × months + year × 12 + month − 1]
    // for income (0) and pressure (1).
    [[nodiscard]] std::size_t year_slots() const noexcept;
    [[nodiscard]] std::size_t month_slots() const noexcept;
    [[nodiscard]] std::size_t year_slot(Measure measure, std::size_t entity,
                                        std::size_t year) const;
    [[nodiscard]] std::size_t month_slot(Measure measure, std::size_t provider, std::size_t year,
                                         int month) const;

protected:
    virtual void record_year(std::size_t slot, std::int64_t value) = 0;
    virtual void record_month(std::size_t slot, std::int64_t value) = 0;

private:
    [[nodiscard]] std::size_t year_of(const entities::FinancialYear& year) const;

    SummaryShape shape_;
    std::vector<entities::Money> income_;
    std::vector<entities::Money> cost_;
    std::vector<entities::Money> drugs_; // pass-through drugs income
    std::vector<entities::Money> variance_;
    std::vector<entities::Money> pool_;
    std::vector<entities::Money> recharges_;
    std::vector<entities::Money> exposure_; // the year's largest at a month's end
    // England's measures of the year so far, in k_national_measure_list's order.
    std::array<entities::Money, k_national_measures> national_{};
};

// Keeps every value of a few pilot replications, to choose the Distributions' ranges.
class PilotSink : public ReplicationCollector {
public:
    explicit PilotSink(SummaryShape shape);
    // Every value recorded into a slot (year_slot, month_slot), in the order recorded.
    [[nodiscard]] std::vector<std::int64_t> year_values(std::size_t slot) const {
        return years_.of(slot);
    }
    [[nodiscard]] std::vector<std::int64_t> month_values(std::size_t slot) const {
        return months_.of(slot);
    }

protected:
    void record_year(std::size_t slot, std::int64_t value) override { years_.record(slot, value); }
    void record_month(std::size_t slot, std::int64_t value) override {
        months_.record(slot, value);
    }

private:
    PilotValues years_;
    PilotValues months_;
};

// The ranges of every slot, from a pilot.
struct SummaryLayout {
    std::vector<std::pair<std::int64_t, std::int64_t>> years;
    std::vector<std::pair<std::int64_t, std::int64_t>> months;
    std::uint32_t year_bins = 2'000;
    std::uint32_t month_bins = 200;
};
[[nodiscard]] SummaryLayout layout_from(const PilotSink& pilot);
// The same from the pilots of several workers together (at least one; std::invalid_argument
// otherwise): each slot's range is that of all their values.
[[nodiscard]] SummaryLayout layout_from(std::span<const PilotSink* const> pilots);

// The Monte Carlo summary: a fixed-size Distribution per slot (memory does not grow with the
// number of replications), merged by exact integer addition so that the result is the same
// whatever the order replications came in, on any number of threads or MPI ranks.
class SummarySink : public ReplicationCollector {
public:
    // `threshold`: P(pressure > threshold) is kept exactly for every provider and year.
    SummarySink(SummaryShape shape, const SummaryLayout& layout,
                std::optional<entities::Money> threshold);

    void merge(const SummarySink& other);
    // Adds every value a pilot recorded, as if its replications had been run into this sink.
    void add_pilot(const PilotSink& pilot);
    // Adds every value still waiting in a batch. Until then, reading a Distribution may add its
    // waiting values (year(), month()); after it, reading changes nothing, so several threads
    // may read at once (the CSV files are worked out while the store is written).
    void settle() const {
        years_.settle_all();
        months_.settle_all();
    }
    [[nodiscard]] const Distribution& year(std::size_t slot) const { return years_.settled(slot); }
    [[nodiscard]] const Distribution& month(std::size_t slot) const {
        return months_.settled(slot);
    }
    [[nodiscard]] std::optional<entities::Money> threshold() const noexcept { return threshold_; }
    // Whether an ICB's measure concerns it in a year: always its variance; the outturn after
    // the pool and the pool's transfers if some transfer was not zero (a pool member); its
    // recharges and host exposure if they were not always zero (a participant; a host).
    [[nodiscard]] bool applies(Measure measure, std::size_t icb, std::size_t year) const;
    // P(overspend > threshold), that is P(outturn after the pool < −threshold), for an ICB and
    // year; exact (the threshold is tracked); needs a threshold.
    [[nodiscard]] double probability_overspend_above(std::size_t icb, std::size_t year) const;
    // P(pressure > threshold) for a provider and year; needs a threshold.
    [[nodiscard]] double probability_above(std::size_t provider, std::size_t year) const;

    // Every Distribution's words, one after another, and their reduction (for MPI).
    [[nodiscard]] std::vector<std::int64_t> to_words() const;
    void load_words(std::span<const std::int64_t> words);
    static void reduce_words(std::span<std::int64_t> into, std::span<const std::int64_t> other);

protected:
    void record_year(std::size_t slot, std::int64_t value) override { years_.record(slot, value); }
    void record_month(std::size_t slot, std::int64_t value) override {
        months_.record(slot, value);
    }

private:
    // Mutable: values still waiting in a batch are added when a Distribution is read, which
    // changes nothing a reader can see.
    mutable DistributionBatch years_;
    mutable DistributionBatch months_;
    std::optional<entities::Money> threshold_;
};

} // namespace specflow::reports
