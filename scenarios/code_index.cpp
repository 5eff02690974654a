#include "scenarios/code_index.hpp"

#include "scenarios/text.hpp"

#include <algorithm>

namespace specflow::scenarios::detail {

namespace {
constexpr std::size_t k_codes_listed_max = 12; // longer lists of valid codes are cut short
} // namespace

void CodeIndex::add(const Cell& cell) {
    const auto index = static_cast<std::uint32_t>(codes_.size());
    const auto [it, inserted] =
        entries_.try_emplace(std::string(cell.text()), Entry{index, cell.line()});
    if (!inserted) {
        cell.fail("duplicate " + column_ + " " + in_quotes(cell.text()) + " (first on line " +
                  std::to_string(it->second.line) + "); valid: each " + column_ + " once");
    }
    codes_.emplace_back(cell.text());
}

std::optional<std::uint32_t> CodeIndex::find(std::string_view code) const {
    const auto it = entries_.find(code);
    return it == entries_.end() ? std::nullopt : std::optional(it->second.index);
}

std::uint32_t CodeIndex::require(const Cell& cell) const {
    if (const auto index = find(cell.text())) {
        return *index;
    }
    cell.fail(unknown_code(cell.text()));
}

std::string CodeIndex::unknown_code(std::string_view code) const {
    return "unknown " + noun_ + " code " + in_quotes(code) + "; valid: " + valid_codes();
}

std::string CodeIndex::valid_codes() const {
    std::string text = "a code from " + file_name_ + "'s " + column_ + " column";
    if (codes_.empty()) {
        return text + ", which has none";
    }
    const std::size_t listed = std::min(codes_.size(), k_codes_listed_max);
    text += " (";
    for (std::size_t i = 0; i < listed; ++i) {
        text += (i == 0 ? "" : ", ") + codes_[i];
    }
    if (listed < codes_.size()) {
        text += ", ... " + std::to_string(codes_.size()) + " in all";
    }
    return text + ")";
}

} // namespace specflow::scenarios::detail
