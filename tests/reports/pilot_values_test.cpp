#include "reports/pilot_values.hpp"

#include <cstdint>
#include <doctest/doctest.h>
#include <stdexcept>
#include <vector>

using specflow::reports::PilotValues;
using Values = std::vector<std::int64_t>;

TEST_CASE("PilotValues keeps each slot's values in the order recorded, however they interleave") {
    PilotValues pilot(3);
    // Two whole replications (every slot once each), then part of a third: slot 1 only.
    for (const std::int64_t r : {0, 1}) {
        pilot.record(2, 200 + r);
        pilot.record(0, r);
        pilot.record(1, 100 + r);
    }
    pilot.record(1, 102);
    CHECK(pilot.of(0) == Values{0, 1});
    CHECK(pilot.of(1) == Values{100, 101, 102});
    CHECK(pilot.of(2) == Values{200, 201});
    // Many rows: the rows grow as they fill, and no value moves.
    PilotValues many(2);
    Values expected;
    for (std::int64_t r = 0; r < 1'000; ++r) {
        many.record(0, r * r - 500'000);
        many.record(1, -r);
        expected.push_back(r * r - 500'000);
    }
    CHECK(many.of(0) == expected);
    CHECK(many.of(1).back() == -999);
}

TEST_CASE("PilotValues::append puts another's values after its own, slot by slot") {
    PilotValues first(2);
    first.record(0, 1);
    first.record(1, 2);
    PilotValues second(2);
    second.record(0, 3);
    second.record(0, 5);
    second.record(1, 4);
    first.append(second);
    CHECK(first.of(0) == Values{1, 3, 5});
    CHECK(first.of(1) == Values{2, 4});
    CHECK(second.of(0) == Values{3, 5}); // unchanged
    // Another shape's pilot is refused, not cut to fit.
    CHECK_THROWS_AS(first.append(PilotValues(3)), std::invalid_argument);
    CHECK(first.of(0) == Values{1, 3, 5});
}
