#include "entities/rounding.hpp"

namespace specflow::entities {

void throw_denominator_not_positive() {
    throw std::invalid_argument("divide_rounded: the denominator must be positive");
}

void throw_narrow_overflow(const char* what) {
    throw MoneyOverflow(std::string("amount out of range in ") + what);
}

} // namespace specflow::entities
