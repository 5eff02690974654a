#pragma once

#include "sim/runners/run_model.hpp"

#include <filesystem>

namespace specflow::reports {

// commissioning.csv: each budget holder's commissioning plan in each FY (DESIGN.md §5) — the
// budget; what its contracts cost after the price uplift and the demand trend (`rebased`); what
// LVA commits; the investment (+) or cut (−) that makes its plan its budget, also as a share of
// the rebased contracts; the reserve held back; and the planned spend. Amounts in pounds. Only
// for scenarios with [allocation].
void write_commissioning_csv(const sim::RunModel& model, const std::filesystem::path& directory);

} // namespace specflow::reports
