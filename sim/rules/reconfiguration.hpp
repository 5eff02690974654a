#pragma once

// ICB reconfiguration (DESIGN.md §8a): the arithmetic of carrying what old ICBs held to new ones
// through an old → new mapping with population shares. Pure functions; the scenario timeline
// that applies a mapping at a FY start builds on them.

#include "entities/money.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace specflow::sim::rules {

// A share of an old ICB's population is a whole number of millionths: the published mapping
// gives six decimals.
inline constexpr std::int64_t k_share_whole = 1'000'000;

// One row of a mapping: the share of old ICB `from`'s population that moves to new ICB `to`.
struct MappingShare {
    std::size_t from = 0; // old ICB, by index
    std::size_t to = 0;   // new ICB, by index
    std::int64_t share_micro = 0;

    friend bool operator==(const MappingShare&, const MappingShare&) = default;
};

// What is wrong with a mapping from `old_count` ICBs to `new_count`, in words a message can
// carry (the reader adds the file and line); none when it neither loses nor invents population:
// every share in (0, 1], one row per (old, new) pair, each old ICB's shares adding up to exactly
// 1, and every new ICB receiving some population.
[[nodiscard]] std::optional<std::string>
mapping_problem(std::size_t old_count, std::size_t new_count, std::span<const MappingShare> shares);

// A valid mapping (std::invalid_argument otherwise: the loader reports problems with their
// place first).
class IcbMapping {
public:
    IcbMapping(std::size_t old_count, std::size_t new_count, std::vector<MappingShare> shares);

    [[nodiscard]] std::size_t old_count() const noexcept { return by_old_.size(); }
    [[nodiscard]] std::size_t new_count() const noexcept { return new_count_; }
    // Old ICB `from`'s rows, in the order given.
    [[nodiscard]] std::span<const MappingShare> of_old(std::size_t from) const {
        return by_old_.at(from);
    }

    // What each old ICB held, carried to the new ICBs: each old amount is split by its shares
    // (largest remainder, so the parts add back to it exactly) and the parts are summed per new
    // ICB. Nothing is created or lost: the new amounts add up to the old ones, to the penny.
    [[nodiscard]] std::vector<entities::Money> carry(std::span<const entities::Money> held) const;
    // The same for counts (expected activity in thousandths of a case, say).
    [[nodiscard]] std::vector<std::int64_t> carry(std::span<const std::int64_t> held) const;

private:
    std::size_t new_count_ = 0;
    std::vector<std::vector<MappingShare>> by_old_;
};

} // namespace specflow::sim::rules
