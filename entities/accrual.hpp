#pragma once

#include "entities/money.hpp"

namespace specflow::entities {

// Accrues exact amounts kept in fractions of a penny (units of 1/denominator pence) and pays
// them out in whole pence, so that the total paid to date is always the exact total to date
// rounded as asked. Rounding a month at a time would drift by a penny a month; this does not.
class Accrual {
public:
    explicit Accrual(std::int64_t units_per_penny, Rounding rounding = Rounding::nearest_even)
        : units_per_penny_(units_per_penny), rounding_(rounding) {}

    void add_units(Int128 units) { exact_units_ += units; }

    // The whole pence due now: round(exact to date) − paid to date. May be negative.
    [[nodiscard]] Money settle() {
        const Int128 due_to_date = divide_rounded(exact_units_, units_per_penny_, rounding_);
        const auto due = narrow_checked(due_to_date - paid_pence_, "Accrual::settle");
        paid_pence_ = due_to_date;
        return Money::from_pence(due);
    }

    void reset() {
        exact_units_ = 0;
        paid_pence_ = 0;
    }

private:
    std::int64_t units_per_penny_;
    Rounding rounding_;
    Int128 exact_units_ = 0;
    Int128 paid_pence_ = 0;
};

} // namespace specflow::entities
