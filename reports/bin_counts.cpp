#include "reports/bin_counts.hpp"

namespace specflow::reports {

void BinCounts::widen() {
    if (wide_) {
        return;
    }
    wides_.assign(narrow_.begin(), narrow_.end());
    narrow_ = {};
    wide_ = true;
}

void BinCounts::add(const BinCounts& other) {
    const std::size_t bins = size();
    if (!wide_) {
        bool fits = !other.wide_;
        for (std::size_t i = 0; fits && i < bins; ++i) {
            fits = std::uint32_t{narrow_[i]} + other.narrow_[i] <= k_narrow_max;
        }
        if (fits) {
            for (std::size_t i = 0; i < bins; ++i) {
                narrow_[i] = static_cast<std::uint16_t>(narrow_[i] + other.narrow_[i]);
            }
            return;
        }
        widen();
    }
    for (std::size_t i = 0; i < bins; ++i) {
        wides_[i] += other[i];
    }
}

bool operator==(const BinCounts& a, const BinCounts& b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

} // namespace specflow::reports
