#pragma once

#include "entities/contract.hpp"
#include "entities/money.hpp"
#include "entities/scenario.hpp"

#include <cstdint>
#include <string>

namespace specflow::reports {

// "£1,234,567.89" / "-£12.00": pounds and pence with thousands separators.
[[nodiscard]] std::string format_pounds(entities::Money amount);
// "£1,234.6m": millions of pounds to one decimal, rounded half away from zero.
[[nodiscard]] std::string format_millions(entities::Money amount);

// A threshold as a column names it, exact, never rounded to another amount: a whole £0.1m as
// "£2.0m" like every other amount, any other as "£25,000" or "-£1,234.56", and nothing as "£0".
[[nodiscard]] std::string format_threshold(entities::Money amount);
// The same of a threshold the store keeps in pence.
[[nodiscard]] inline std::string format_threshold(std::int64_t pence) {
    return format_threshold(entities::Money::from_pence(pence));
}

// Code and full name of a payer: an ICB's, or "NHSE" / "NHS England".
[[nodiscard]] const std::string& payer_code(const entities::Scenario& scenario,
                                            const entities::Payer& payer);
[[nodiscard]] const std::string& payer_name(const entities::Scenario& scenario,
                                            const entities::Payer& payer);

} // namespace specflow::reports
