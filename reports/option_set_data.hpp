#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace specflow::reports {

// The options of `specflow options` that a stored run is one of, as its report sets them side
// by side: the first FY's figures of every option (options_summary), in £m and probabilities
// 0..1. Every row holds one entry per option, in the options' order; a figure the store does
// not hold is NaN (shown "n/a"). Empty when the run is not an option.
struct OptionSetData {
    static constexpr double k_missing = std::numeric_limits<double>::quiet_NaN();

    std::string fy;
    std::int64_t run_id = 0; // the report's run, one of the options
    // P(overspend > this) is what the ICBs' probability column holds: the command's
    // --threshold, stored with the run's provider pressures; absent when none is stored.
    std::optional<std::int64_t> threshold_pence;

    struct Option {
        std::size_t position = 0; // 0: the base
        std::string name;
        std::string title; // the option's scenario title
        std::int64_t run_id = 0;
    };
    std::vector<Option> options; // by position

    // Outturn after recharges and pool transfers (+ = underspend).
    struct IcbFigures {
        double outturn_p5 = k_missing;
        double outturn_p50 = k_missing;
        double outturn_p95 = k_missing;
        double probability_overspend_above = k_missing;
        double recharges_mean = k_missing;     // + paid to a host
        double pool_transfer_mean = k_missing; // + received
    };
    // The year's peak cash a host carried for the other participants.
    struct HostFigures {
        double exposure_p50 = k_missing;
        double exposure_p95 = k_missing;
    };
    struct ProviderFigures {
        double income_mean = k_missing;
        double income_p5 = k_missing;
        double income_p95 = k_missing;
    };
    template <typename Figures>
    struct Row {
        std::string code;
        std::string name;
        std::vector<Figures> by_option; // one per option, in the options' order
    };
    std::vector<Row<IcbFigures>> icbs;
    std::vector<Row<HostFigures>> hosts;
    std::vector<Row<ProviderFigures>> providers;

    [[nodiscard]] bool empty() const noexcept { return options.empty(); }
};

} // namespace specflow::reports
