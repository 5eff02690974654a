#pragma once

#include "entities/ids.hpp"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

namespace specflow::entities {

// The ids 0..count−1 of one kind, in order: `for (const IcbId icb : id_range<IcbId>(n))`.
template <typename IdType>
class IdRange {
public:
    class iterator {
    public:
        using value_type = IdType;
        using difference_type = std::ptrdiff_t;

        constexpr iterator() noexcept = default;
        constexpr explicit iterator(std::uint32_t value) noexcept : value_(value) {}
        [[nodiscard]] constexpr IdType operator*() const noexcept { return IdType(value_); }
        constexpr iterator& operator++() noexcept {
            ++value_;
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            auto before = *this;
            ++value_;
            return before;
        }
        friend constexpr bool operator==(iterator, iterator) noexcept = default;

    private:
        std::uint32_t value_ = 0;
    };

    constexpr explicit IdRange(std::size_t count) noexcept
        : count_(static_cast<std::uint32_t>(count)) {}
    [[nodiscard]] constexpr iterator begin() const noexcept { return iterator(0); }
    [[nodiscard]] constexpr iterator end() const noexcept { return iterator(count_); }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return count_; }

private:
    std::uint32_t count_ = 0;
};

template <typename IdType>
[[nodiscard]] constexpr IdRange<IdType> id_range(std::size_t count) noexcept {
    return IdRange<IdType>(count);
}

// A vector indexed by one kind of id, so that an ICB's books cannot be looked up with a
// provider's id: the mix-up does not compile.
template <typename IdType, typename T>
class IdVector {
public:
    IdVector() = default;
    explicit IdVector(std::size_t count, const T& value = T{}) : items_(count, value) {}

    [[nodiscard]] T& operator[](IdType id) {
        assert(id.index() < items_.size() && "IdVector: id out of range");
        return items_[id.index()];
    }
    [[nodiscard]] const T& operator[](IdType id) const {
        assert(id.index() < items_.size() && "IdVector: id out of range");
        return items_[id.index()];
    }

    [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
    [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
    [[nodiscard]] IdRange<IdType> ids() const noexcept { return IdRange<IdType>(items_.size()); }
    void push_back(T value) { items_.push_back(std::move(value)); }
    void assign(std::size_t count, const T& value) { items_.assign(count, value); }

    [[nodiscard]] auto begin() noexcept { return items_.begin(); }
    [[nodiscard]] auto end() noexcept { return items_.end(); }
    [[nodiscard]] auto begin() const noexcept { return items_.begin(); }
    [[nodiscard]] auto end() const noexcept { return items_.end(); }

private:
    std::vector<T> items_;
};

} // namespace specflow::entities
