#pragma once

#include "entities/ids.hpp"

#include <cstdint>

namespace specflow::entities {

// Activity is counted in thousandths of a case so that expected values stay exact integers.
inline constexpr std::int64_t k_milli_per_case = 1000;

// Expected activity of one ICB's patients at one provider for one service line.
struct Flow {
    FlowId id;
    IcbId icb; // the patients' ICB, which pays
    ProviderId provider;
    ServiceLineId service_line;
    std::int64_t cases_per_year_milli = 0; // λ × 1000
    ContractId contract;                   // the one contract that pays for it
};

} // namespace specflow::entities
