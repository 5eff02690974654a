#include "sim/rules/reconfiguration.hpp"

#include <array>
#include <fmt/format.h>
#include <set>
#include <stdexcept>
#include <utility>

namespace specflow::sim::rules {

using entities::Money;

namespace {

std::string share_text(std::int64_t micro) {
    const bool negative = micro < 0;
    const auto magnitude = negative ? -micro : micro;
    return fmt::format("{}{}.{:06}", negative ? "-" : "", magnitude / k_share_whole,
                       magnitude % k_share_whole);
}

} // namespace

std::optional<std::string> mapping_problem(std::size_t old_count, std::size_t new_count,
                                           std::span<const MappingShare> shares) {
    std::vector<std::int64_t> total(old_count, 0);
    std::vector<bool> receives(new_count, false);
    std::set<std::pair<std::size_t, std::size_t>> seen;
    for (const auto& row : shares) {
        if (row.from >= old_count || row.to >= new_count) {
            return fmt::format("a row names old ICB {} of {} or new ICB {} of {}", row.from + 1,
                               old_count, row.to + 1, new_count);
        }
        if (row.share_micro <= 0 || row.share_micro > k_share_whole) {
            return fmt::format("share {} is out of range; valid: a share greater than 0 and at "
                               "most 1, six decimals at most",
                               share_text(row.share_micro));
        }
        if (!seen.emplace(row.from, row.to).second) {
            return fmt::format("old ICB {} and new ICB {} have two rows; valid: one row per pair",
                               row.from + 1, row.to + 1);
        }
        total[row.from] += row.share_micro;
        receives[row.to] = true;
    }
    for (std::size_t i = 0; i < old_count; ++i) {
        if (total[i] != k_share_whole) {
            return fmt::format("the shares of old ICB {} add up to {}, so the mapping would {} "
                               "population; valid: shares that add up to exactly 1",
                               i + 1, share_text(total[i]),
                               total[i] < k_share_whole ? "lose" : "invent");
        }
    }
    for (std::size_t j = 0; j < new_count; ++j) {
        if (!receives[j]) {
            return fmt::format("new ICB {} receives no population; valid: every new ICB formed "
                               "from at least one old one",
                               j + 1);
        }
    }
    return std::nullopt;
}

std::vector<Money> split_by_shares(Money amount, std::span<const MappingShare> parts) {
    std::vector<Money> pieces(parts.size());
    split_by_shares_into(amount, parts, pieces);
    return pieces;
}

void split_by_shares_into(Money amount, std::span<const MappingShare> parts, std::span<Money> out) {
    constexpr std::size_t k_on_stack = 16;
    const auto weights_of = [&](std::span<std::int64_t> weights) {
        for (std::size_t k = 0; k < parts.size(); ++k) {
            weights[k] = parts[k].share_micro;
        }
        amount.split_into(weights, out);
    };
    if (parts.size() <= k_on_stack) {
        std::array<std::int64_t, k_on_stack> weights{};
        weights_of(std::span(weights).first(parts.size()));
    } else {
        std::vector<std::int64_t> weights(parts.size());
        weights_of(weights);
    }
}

std::vector<std::int64_t> split_by_shares(std::int64_t count, std::span<const MappingShare> parts) {
    std::vector<std::int64_t> pieces;
    pieces.reserve(parts.size());
    for (const auto piece : split_by_shares(Money::from_pence(count), parts)) {
        pieces.push_back(piece.pence());
    }
    return pieces;
}

std::size_t largest_share(std::span<const MappingShare> parts) {
    if (parts.empty()) {
        throw std::invalid_argument("largest_share: at least one part");
    }
    std::size_t best = 0;
    for (std::size_t k = 1; k < parts.size(); ++k) {
        if (parts[k].share_micro > parts[best].share_micro) {
            best = k;
        }
    }
    return best;
}

IcbMapping::IcbMapping(std::size_t old_count, std::size_t new_count,
                       std::vector<MappingShare> shares)
    : new_count_(new_count), by_old_(old_count) {
    if (const auto problem = mapping_problem(old_count, new_count, shares)) {
        throw std::invalid_argument("IcbMapping: " + *problem);
    }
    for (const auto& row : shares) {
        by_old_[row.from].push_back(row);
    }
}

std::vector<Money> IcbMapping::carry(std::span<const Money> held) const {
    if (held.size() != by_old_.size()) {
        throw std::invalid_argument("IcbMapping::carry: one amount per old ICB");
    }
    std::vector<Money> carried(new_count_);
    for (std::size_t from = 0; from < held.size(); ++from) {
        const auto parts = split_by_shares(held[from], by_old_[from]);
        for (std::size_t k = 0; k < parts.size(); ++k) {
            carried[by_old_[from][k].to] += parts[k];
        }
    }
    return carried;
}

std::vector<std::int64_t> IcbMapping::carry(std::span<const std::int64_t> held) const {
    std::vector<Money> amounts;
    amounts.reserve(held.size());
    for (const auto count : held) {
        amounts.push_back(Money::from_pence(count));
    }
    std::vector<std::int64_t> carried;
    for (const auto amount : carry(amounts)) {
        carried.push_back(amount.pence());
    }
    return carried;
}

} // namespace specflow::sim::rules
