// Tests of sim/kernel/event_calendar.hpp: events come out by month, then phase, then the order
// they were scheduled in.

#include "sim/kernel/event_calendar.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
#include <string>
#include <vector>

namespace {

using specflow::sim::EventCalendar;
using specflow::sim::EventTime;

} // namespace

TEST_CASE("EventCalendar pops by month, then phase, then the order of scheduling") {
    EventCalendar<std::string> calendar;
    CHECK(calendar.empty());
    CHECK(calendar.now() == EventTime{0, 0});

    // Scheduled out of order on purpose; two pairs share a time.
    calendar.schedule({2, 0}, "M2 p0 first");  // sequence 0
    calendar.schedule({0, 1}, "M0 p1 first");  // 1
    calendar.schedule({0, 0}, "M0 p0");        // 2
    calendar.schedule({2, 0}, "M2 p0 second"); // 3
    calendar.schedule({1, 5}, "M1 p5");        // 4
    calendar.schedule({0, 1}, "M0 p1 second"); // 5
    calendar.schedule({1, 0}, "M1 p0");        // 6
    calendar.schedule({0, 9}, "M0 p9");        // 7: a late phase still precedes month 1
    CHECK(calendar.size() == 8);
    CHECK_FALSE(calendar.empty());

    struct Expected {
        EventTime time;
        std::uint64_t sequence;
        const char* payload;
    };
    const std::array<Expected, 8> expected = {{
        {{0, 0}, 2, "M0 p0"},
        {{0, 1}, 1, "M0 p1 first"},
        {{0, 1}, 5, "M0 p1 second"},
        {{0, 9}, 7, "M0 p9"},
        {{1, 0}, 6, "M1 p0"},
        {{1, 5}, 4, "M1 p5"},
        {{2, 0}, 0, "M2 p0 first"},
        {{2, 0}, 3, "M2 p0 second"},
    }};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        const auto event = calendar.pop();
        CHECK(event.payload == expected[i].payload);
        CHECK(event.sequence == expected[i].sequence);
        CHECK(event.time == expected[i].time);
        CHECK(calendar.now() == expected[i].time); // now() advances to the popped event
        CHECK(calendar.size() == expected.size() - i - 1);
    }
    CHECK(calendar.empty());
    CHECK(calendar.now() == EventTime{2, 0}); // and stays at the last event
}

TEST_CASE("EventCalendar: an event scheduled at now() goes after those already waiting then") {
    EventCalendar<int> calendar;
    calendar.schedule({1, 0}, 10);
    calendar.schedule({1, 0}, 11);
    calendar.schedule({3, 0}, 30);
    CHECK(calendar.pop().payload == 10);
    CHECK(calendar.now() == EventTime{1, 0});
    calendar.schedule({1, 0}, 12); // same time as now: after 11, which was scheduled earlier
    calendar.schedule({2, 0}, 20); // before 30, though scheduled after it
    CHECK(calendar.pop().payload == 11);
    CHECK(calendar.pop().payload == 12);
    CHECK(calendar.pop().payload == 20);
    CHECK(calendar.now() == EventTime{2, 0});
    CHECK(calendar.pop().payload == 30);
    CHECK(calendar.now() == EventTime{3, 0});
}

TEST_CASE("EventCalendar: the pop order does not depend on the scheduling order") {
    // Six events, two pairs of which share a time; every one of the 720 scheduling orders must
    // come out sorted by time, with each tie in the order it was scheduled in.
    const std::array<EventTime, 6> times = {EventTime{0, 0}, EventTime{0, 1}, EventTime{0, 1},
                                            EventTime{1, 0}, EventTime{1, 0}, EventTime{1, 2}};
    std::array<int, 6> order = {0, 1, 2, 3, 4, 5}; // indices into times, in scheduling order
    int orders_checked = 0;
    do {
        EventCalendar<int> calendar;
        for (const int index : order) {
            calendar.schedule(times[static_cast<std::size_t>(index)], index);
        }
        // position[i] = when event i was scheduled; it must equal the sequence number.
        std::array<std::uint64_t, 6> position{};
        for (std::size_t k = 0; k < order.size(); ++k) {
            position[static_cast<std::size_t>(order[k])] = k;
        }
        auto previous = calendar.pop();
        CHECK(previous.sequence == position[static_cast<std::size_t>(previous.payload)]);
        for (int popped = 1; popped < 6; ++popped) {
            const auto event = calendar.pop();
            CAPTURE(orders_checked);
            CHECK(event.sequence == position[static_cast<std::size_t>(event.payload)]);
            CHECK(previous.time <= event.time);
            if (previous.time == event.time) {
                CHECK(previous.sequence < event.sequence);
            }
            previous = event;
        }
        CHECK(calendar.empty());
        ++orders_checked;
    } while (std::next_permutation(order.begin(), order.end()));
    CHECK(orders_checked == 720); // 6!
}
