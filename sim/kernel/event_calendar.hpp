#pragma once

#include <cassert>
#include <cstdint>
#include <queue>
#include <vector>

namespace specflow::sim {

// Simulated time: a month counted from the start of the run, and a phase within it.
struct EventTime {
    std::int32_t month_index = 0; // 0 = M1 of the first financial year
    std::int32_t phase = 0;

    friend constexpr auto operator<=>(const EventTime&, const EventTime&) noexcept = default;
};

// The event core: events come out ordered by (time, phase, sequence number), the sequence
// number being the order they were scheduled in. Ties are never broken by address or hash,
// so a run replays identically.
template <typename Payload>
class EventCalendar {
public:
    struct Event {
        EventTime time;
        std::uint64_t sequence = 0;
        Payload payload;
    };

    void schedule(EventTime time, Payload payload) {
        assert(time >= now_ && "an event cannot be scheduled in the past");
        queue_.push(Event{time, next_sequence_++, std::move(payload)});
    }

    [[nodiscard]] bool empty() const noexcept { return queue_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return queue_.size(); }
    [[nodiscard]] EventTime now() const noexcept { return now_; }

    // Removes and returns the earliest event; the calendar must not be empty.
    [[nodiscard]] Event pop() {
        assert(!queue_.empty() && "pop from an empty calendar");
        Event event = queue_.top();
        queue_.pop();
        now_ = event.time;
        return event;
    }

private:
    struct Later {
        bool operator()(const Event& a, const Event& b) const noexcept {
            if (a.time != b.time) {
                return a.time > b.time;
            }
            return a.sequence > b.sequence;
        }
    };

    std::priority_queue<Event, std::vector<Event>, Later> queue_;
    std::uint64_t next_sequence_ = 0;
    EventTime now_{};
};

} // namespace specflow::sim
