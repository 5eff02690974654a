#pragma once

#include "entities/contract.hpp"
#include "entities/icb.hpp"
#include "entities/money.hpp"
#include "scenarios/table.hpp"
#include "scenarios/text.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

// Internal to scenarios/: typed values read out of CSV cells. Every number is read exactly into
// an integer of its smallest unit (pence, milli-cases, basis points, millionths), never through
// a double; anything wrong fails the cell with what would be valid.
namespace specflow::scenarios::detail {

// What a numeric column holds, for parsing and for saying what would be valid.
struct NumberFormat {
    std::string_view what{}; // "a number of cases"
    std::size_t places = 0;  // decimal places kept exactly
    bool allow_negative = false;
    bool require_positive = false;
    std::string_view example{};    // a valid value
    std::string_view extra_rule{}; // anything else worth saying about valid values
    // Bounds on the value × 10^places, which extra_rule states: greater than `above`, at most
    // `at_most`.
    std::int64_t above = std::numeric_limits<std::int64_t>::min();
    std::int64_t at_most = std::numeric_limits<std::int64_t>::max();
};

inline constexpr NumberFormat k_cases_format{
    .what = "a number of cases", .places = 3, .example = "12.5"};
// A population and a need index are bounded far beyond any ICB (the largest holds about 3
// million people, need indices lie near 1) so that their product, an ICB's target weight, and
// the sums of those over every ICB hold in 64 bits.
inline constexpr NumberFormat k_need_index_format{.what = "a need index",
                                                  .places = 6,
                                                  .require_positive = true,
                                                  .example = "0.925",
                                                  .extra_rule = "at most 100",
                                                  .at_most = 100'000'000};
inline constexpr NumberFormat k_target_weight_format{
    .what = "a target weight", .places = 6, .require_positive = true, .example = "1.25"};
// A distance from target: a baseline is the target weight × (1 + DfT), which must be positive.
inline constexpr NumberFormat k_dft_format{.what = "a percentage",
                                           .places = 2,
                                           .allow_negative = true,
                                           .example = "-11.11",
                                           .extra_rule = "greater than -100 and at most 1000",
                                           .above = -10'000,
                                           .at_most = 100'000};
inline constexpr NumberFormat k_percent_format{
    .what = "a percentage", .places = 2, .example = "75"};
inline constexpr NumberFormat k_population_format{.what = "a population",
                                                  .require_positive = true,
                                                  .example = "1084885",
                                                  .extra_rule = "at most 100000000",
                                                  .at_most = 100'000'000};
inline constexpr NumberFormat k_pounds_format{.what = "an amount in pounds",
                                              .places = 2,
                                              .example = "1234.56",
                                              .extra_rule =
                                                  "without a pound sign or thousands separators"};

// Annual growth (a demand trend, a drug cost's growth): above -100%, at most +100%.
inline constexpr NumberFormat k_growth_format{.what = "a percentage",
                                              .places = 2,
                                              .allow_negative = true,
                                              .example = "3.5",
                                              .extra_rule = "greater than -100 and at most 100"};

// The largest amount a scenario may give, £1 trillion (about 40 times the NHS's yearly spend on
// specialised services): far below where pence overflow, so that every total of a scenario's
// amounts adds up exactly.
inline constexpr std::int64_t k_amount_pence_max = 100'000'000'000'000;
inline constexpr std::string_view k_amount_max_text = "at most 1000000000000 pounds (£1 trillion)";

// "valid: a decimal with at most 2 decimal places ..., e.g. 1234.56"
[[nodiscard]] std::string valid_text(const NumberFormat& format);

// A code: not empty, no spaces around it.
[[nodiscard]] std::string read_code(const Cell& cell);
// A name: not empty.
[[nodiscard]] std::string read_name(const Cell& cell);
// A decimal as value × 10^format.places.
[[nodiscard]] std::int64_t read_number(const Cell& cell, const NumberFormat& format);
// Pounds and pence, not negative.
[[nodiscard]] entities::Money read_pounds(const Cell& cell);
// A percentage from 0 to 100 with at most two decimals, in basis points.
[[nodiscard]] std::int32_t read_percent_bp(const Cell& cell);

// Annual growth in basis points: greater than -100%, at most +100%, two decimals.
[[nodiscard]] std::int32_t read_growth_bp(const Cell& cell);

// One of the texts a column may hold and what it means.
template <typename Value>
struct Choice {
    std::string_view text;
    Value value;
};

// The values of the choices that CSV columns and TOML keys share.
inline constexpr std::array<Choice<entities::DelegationStatus>, 3> k_delegation_choices{{
    {"delegated", entities::DelegationStatus::delegated},
    {"joint", entities::DelegationStatus::joint},
    {"retained", entities::DelegationStatus::retained},
}};
inline constexpr std::array<Choice<entities::ContractKind>, 4> k_contract_kind_choices{{
    {"block", entities::ContractKind::block},
    {"api", entities::ContractKind::api},
    {"activity", entities::ContractKind::activity},
    {"lva", entities::ContractKind::lva},
}};

// How a payer (contracts.csv's payer column, a shock's payer key) names NHS England rather than
// an ICB; no ICB may have this code.
inline constexpr std::string_view k_nhse_payer = "NHSE";

template <typename Value, std::size_t Count>
[[nodiscard]] Value read_choice(const Cell& cell, const std::array<Choice<Value>, Count>& choices) {
    for (const auto& choice : choices) {
        if (choice.text == cell.text()) {
            return choice.value;
        }
    }
    std::array<std::string_view, Count> texts;
    std::transform(choices.begin(), choices.end(), texts.begin(),
                   [](const Choice<Value>& choice) { return choice.text; });
    cell.fail(in_quotes(cell.text()) + " is not a valid value; valid: " + join(texts, ", "));
}

} // namespace specflow::scenarios::detail
