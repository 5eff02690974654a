#pragma once

// ICB reconfiguration (DESIGN.md §8a): the arithmetic of carrying what old ICBs held to new ones
// through an old → new mapping with population shares. Pure functions; the scenario timeline
// that applies a mapping at a FY start builds on them.

#include "entities/money.hpp"
#include "entities/reconfiguration.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace specflow::sim::rules {

using entities::k_share_whole;

// One row of a mapping: the share of old ICB `from`'s population that moves to new ICB `to`
// (or of an old contract's value that moves to a new contract).
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

// `amount` split by the shares of `parts` (largest remainder): one piece per part, adding back
// to `amount` exactly. The shares need not add up to 1.
[[nodiscard]] std::vector<entities::Money> split_by_shares(entities::Money amount,
                                                           std::span<const MappingShare> parts);
// The same into `out`, one piece per part, without allocating for up to 16 parts.
void split_by_shares_into(entities::Money amount, std::span<const MappingShare> parts,
                          std::span<entities::Money> out);

// The same for a count (thousandths of a case, say).
[[nodiscard]] std::vector<std::int64_t> split_by_shares(std::int64_t count,
                                                        std::span<const MappingShare> parts);

// The index (into `parts`) of the largest share; the first of equal ones.
[[nodiscard]] std::size_t largest_share(std::span<const MappingShare> parts);

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
