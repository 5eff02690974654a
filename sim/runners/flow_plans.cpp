#include "sim/runners/flow_plans.hpp"

#include "entities/financial_month.hpp"

namespace specflow::sim {

std::vector<FlowPlan> flow_plans(const RunModel& model) {
    std::vector<FlowPlan> plans;
    for (std::size_t y = 0; y < model.year_count(); ++y) {
        const auto& s = model.plan(y).scenario;
        const auto& year = model.year(y);
        for (std::size_t f = 0; f < s.flows.size(); ++f) {
            const auto& flow = s.flows[f];
            const auto& provider = s.providers[flow.provider.index()];
            std::int64_t cases = 0;
            std::int64_t value_milli = 0;
            for (int m = 1; m <= entities::k_months_per_year; ++m) {
                cases += year.planned_milli(f, m);
                value_milli += year.planned_milli(f, m) * year.price_pence(f, m);
            }
            plans.push_back({.fy = s.first_year.label(),
                             .icb_code = s.icbs[flow.icb.index()].code,
                             .provider_code = provider.code,
                             .service_line_code = s.service_lines[flow.service_line.index()].code,
                             .planned_cases_milli = cases,
                             .planned_value_pence = (value_milli + 500) / 1000,
                             .out_of_area = provider.home_icb != flow.icb});
        }
    }
    return plans;
}

} // namespace specflow::sim
