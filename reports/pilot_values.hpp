#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace specflow::reports {

// Every value a pilot records into each of many slots, kept a replication to a row: the k-th value
// of every slot lies in row k, at the slot's place in it.
//
// Why: a replication records one value into each of thousands of slots (England over five years:
// about 8,400), one after another. Pushed onto a vector per slot, each value went to its own
// place in memory and most vectors grew a few times over; put into one row, a replication's values
// go side by side into a few tens of kilobytes, and the rows grow a few times for the whole pilot.
class PilotValues {
public:
    explicit PilotValues(std::size_t slots) : slots_(slots), counts_(slots, 0) {}

    // Adds `value` to slot `slot` (< slots(), the caller's to keep).
    void record(std::size_t slot, std::int64_t value) {
        const std::size_t row = counts_[slot]++;
        const std::size_t at = row * slots_ + slot;
        if (at >= values_.size()) {
            values_.resize(std::max(2 * values_.size(), (row + 1) * slots_));
        }
        values_[at] = value;
    }

    // Every value of slot `slot`, in the order it was recorded.
    [[nodiscard]] std::vector<std::int64_t> of(std::size_t slot) const {
        std::vector<std::int64_t> values(counts_.at(slot));
        for (std::size_t row = 0; row < values.size(); ++row) {
            values[row] = values_[row * slots_ + slot];
        }
        return values;
    }

    // Adds every value of `other` after this one's, slot by slot; std::invalid_argument, with
    // nothing added, if it has another number of slots (another shape's pilot).
    void append(const PilotValues& other) {
        if (other.slots_ != slots_) {
            throw std::invalid_argument("PilotValues::append: the other pilot has other slots");
        }
        for (std::size_t slot = 0; slot < slots_; ++slot) {
            for (std::size_t row = 0; row < other.counts_[slot]; ++row) {
                record(slot, other.values_[row * other.slots_ + slot]);
            }
        }
    }

private:
    std::size_t slots_;
    std::vector<std::uint32_t> counts_; // values recorded, per slot
    std::vector<std::int64_t> values_;  // [row][slot]
};

} // namespace specflow::reports
