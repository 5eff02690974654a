#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace specflow::reports {

// A histogram's bin counts, 16 bits each until some bin would pass 65,535, then 32 bits each (a
// Distribution holds at most 2³² − 1 values, so 32 bits always suffice). Reading gives the same
// counts either way, so nothing outside can tell which it holds.
//
// Why: a Monte Carlo summary keeps thousands of Distributions in every worker thread and MPI
// rank (England over five years: about 2,600 of 2,000 bins and 8,200 of 200 in each). In 16 bits
// their bins take half the memory: England's summaries about 13.5 MB a worker instead of 27,
// and a 5-year run of 2,000 replications on 2 threads peaks 26 MB lower (194 to 168 MB with
// plain Poisson activity), at the same speed within a sitting's noise (docs/performance.md).
// A Distribution widens its bins before it takes its 65,536th value (so a worker with fewer
// replications never does), or when a merge puts more than 65,535 in one of them.
class BinCounts {
public:
    static constexpr std::uint32_t k_narrow_max = 0xFFFF;

    BinCounts() = default;
    explicit BinCounts(std::size_t bins) : narrow_(bins, 0) {}

    [[nodiscard]] std::size_t size() const noexcept {
        return wide_ ? wides_.size() : narrow_.size();
    }
    [[nodiscard]] bool empty() const noexcept { return size() == 0; }
    [[nodiscard]] bool wide() const noexcept { return wide_; }

    [[nodiscard]] std::uint32_t operator[](std::size_t bin) const noexcept {
        return wide_ ? wides_[bin] : narrow_[bin];
    }
    // One more value in `bin`.
    void increment(std::size_t bin) {
        if (!wide_) [[likely]] {
            auto& count = narrow_[bin];
            if (count != k_narrow_max) [[likely]] {
                ++count;
                return;
            }
            widen();
        }
        ++wides_[bin];
    }
    // `bin` holds `count` values (at most 2³² − 1).
    void set(std::size_t bin, std::uint32_t count) {
        if (!wide_ && count > k_narrow_max) {
            widen();
        }
        if (wide_) {
            wides_[bin] = count;
        } else {
            narrow_[bin] = static_cast<std::uint16_t>(count);
        }
    }
    // Adds `other`'s counts bin by bin (the same number of bins; the caller checks that no sum
    // passes 2³² − 1).
    void add(const BinCounts& other);
    // Where bin's count lies, to fetch it into the cache ahead of an increment.
    [[nodiscard]] const void* address_of(std::size_t bin) const noexcept {
        return wide_ ? static_cast<const void*>(&wides_[bin])
                     : static_cast<const void*>(&narrow_[bin]);
    }
    // Every count to 32 bits, from now on (nothing if they are already). Throws std::bad_alloc,
    // changing nothing, if there is no memory for them.
    void widen();

    // The same counts, whatever their width.
    friend bool operator==(const BinCounts& a, const BinCounts& b) noexcept;

private:
    bool wide_ = false;
    std::vector<std::uint16_t> narrow_; // while not wide
    std::vector<std::uint32_t> wides_;  // once wide
};

} // namespace specflow::reports
