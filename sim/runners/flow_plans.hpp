#pragma once

#include "sim/runners/replication.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace specflow::sim {

// A flow's plan in one FY, for the flow heat map: its contract's planned cases and their value
// at the year's prices (after the year's shocks).
struct FlowPlan {
    std::string fy;
    std::string icb_code;
    std::string provider_code;
    std::string service_line_code;
    std::int64_t planned_cases_milli = 0;
    std::int64_t planned_value_pence = 0;
    bool out_of_area = false; // the provider's home ICB is not the commissioner
};

// Every flow's plan in every year of the run, year by year in the scenario's flow order.
[[nodiscard]] std::vector<FlowPlan> flow_plans(const RunModel& model);

} // namespace specflow::sim
