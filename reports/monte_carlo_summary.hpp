#pragma once

#include "entities/scenario.hpp"
#include "reports/distribution.hpp"
#include "sim/observation.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace specflow::reports {

// What is summarised for each entity and financial year (providers: income, cost, pressure;
// ICBs: variance), and month by month for providers (income and pressure, for fan charts).
enum class Measure : std::uint8_t { income, cost, pressure, icb_variance, hcdd_variance };

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
    void on_income(const sim::IncomeBySource&) override {}
    void on_icb_month(const sim::IcbMonth& o) override;
    void on_month_close(const sim::MonthClose&) override {}
    void on_national_month(const sim::NationalMonth& o) override;
    void on_year_close(const sim::YearClose& o) override;

    [[nodiscard]] const SummaryShape& shape() const noexcept { return shape_; }
    // Slots: annual [(measure × entities + entity) × years + year], where providers come first
    // (income, cost, pressure) and ICB variance after; monthly [(measure × providers + provider)
    // × months + year × 12 + month − 1] for income (0) and pressure (1).
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
    std::vector<entities::Money> variance_;
    entities::Money hcdd_variance_; // the central HCDD budget − its spend (+ = underspend)
};

// Keeps every value of a few pilot replications, to choose the Distributions' ranges.
class PilotSink : public ReplicationCollector {
public:
    explicit PilotSink(SummaryShape shape);
    [[nodiscard]] const std::vector<std::vector<std::int64_t>>& years() const noexcept {
        return years_;
    }
    [[nodiscard]] const std::vector<std::vector<std::int64_t>>& months() const noexcept {
        return months_;
    }
    void merge(const PilotSink& other);

protected:
    void record_year(std::size_t slot, std::int64_t value) override {
        years_[slot].push_back(value);
    }
    void record_month(std::size_t slot, std::int64_t value) override {
        months_[slot].push_back(value);
    }

private:
    std::vector<std::vector<std::int64_t>> years_;
    std::vector<std::vector<std::int64_t>> months_;
};

// The ranges of every slot, from a pilot.
struct SummaryLayout {
    std::vector<std::pair<std::int64_t, std::int64_t>> years;
    std::vector<std::pair<std::int64_t, std::int64_t>> months;
    std::uint32_t year_bins = 2'000;
    std::uint32_t month_bins = 200;
};
[[nodiscard]] SummaryLayout layout_from(const PilotSink& pilot);

// The Monte Carlo summary: a fixed-size Distribution per slot (memory does not grow with the
// number of replications), merged by exact integer addition so that the result is the same
// whatever the order replications came in, on any number of threads or MPI ranks.
class SummarySink : public ReplicationCollector {
public:
    // `threshold`: P(pressure > threshold) is kept exactly for every provider and year.
    SummarySink(SummaryShape shape, const SummaryLayout& layout,
                std::optional<entities::Money> threshold);

    void merge(const SummarySink& other);
    [[nodiscard]] const Distribution& year(std::size_t slot) const { return years_.at(slot); }
    [[nodiscard]] const Distribution& month(std::size_t slot) const { return months_.at(slot); }
    [[nodiscard]] std::optional<entities::Money> threshold() const noexcept { return threshold_; }
    // P(pressure > threshold) for a provider and year; needs a threshold.
    [[nodiscard]] double probability_above(std::size_t provider, std::size_t year) const;

    // Every Distribution's words, one after another, and their reduction (for MPI).
    [[nodiscard]] std::vector<std::int64_t> to_words() const;
    void load_words(std::span<const std::int64_t> words);
    static void reduce_words(std::span<std::int64_t> into, std::span<const std::int64_t> other);

protected:
    void record_year(std::size_t slot, std::int64_t value) override { years_[slot].add(value); }
    void record_month(std::size_t slot, std::int64_t value) override { months_[slot].add(value); }

private:
    std::vector<Distribution> years_;
    std::vector<Distribution> months_;
    std::optional<entities::Money> threshold_;
};

} // namespace specflow::reports
