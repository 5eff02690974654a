#pragma once

// A tornado as it is stored and reported: one row per input, whatever computed it.

#include <string>
#include <vector>

namespace specflow::reports {

// One input's part in the variance of a total (a provider's income, income other than drugs or
// pressure over a FY).
struct TornadoRow {
    std::string total;         // tornado_total_name: "income", "income_excl_drugs", "pressure"
    std::string input;         // e.g. "NHS Greater Manchester ICB × Chemotherapy"
    double variance_share = 0; // share of Var(total), may be negative
    double standard_error = 0; // of the share; 0 when not known
    int direction = 0;         // +1 moves with the total, −1 against it, 0 not known
};

// Whether a row stands out from its own noise: |share| > 2 standard errors. With no standard
// error known (0), every row is shown, and the report says the shares carry no error estimate.
[[nodiscard]] inline bool stands_out(const TornadoRow& row) {
    constexpr double k_standard_errors = 2.0;
    return row.standard_error <= 0 ||
           (row.variance_share > 0 ? row.variance_share : -row.variance_share) >
               k_standard_errors * row.standard_error;
}

} // namespace specflow::reports
