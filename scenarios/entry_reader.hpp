#pragma once

#include "entities/contract.hpp"
#include "entities/financial_month.hpp"
#include "entities/ids.hpp"
#include "entities/money.hpp"
#include "entities/scenario.hpp"
#include "scenarios/cell_readers.hpp"
#include "scenarios/code_index.hpp"
#include "scenarios/text.hpp"
#include "scenarios/toml_reader.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Internal to scenarios/: reading the entries of the root arrays of tables ([[lead_icb]],
// [[risk_pool]], [[shocks]]), which refer to the CSV tables by code.
namespace specflow::scenarios::detail {

// The code indexes of the CSV tables and what was read from them, to resolve codes.
struct References {
    const CodeIndex& regions;
    const CodeIndex& icbs;
    const CodeIndex& providers;
    const CodeIndex& service_lines;
    const entities::Scenario& scenario;
};

// One table of a root array, read key by key. Fields are named as "lead_icb[2].host" (entries
// count from 1, as a reader counts the [[lead_icb]] headers).
class EntryReader {
public:
    EntryReader(const TomlReader& toml, const References& refs, const toml::table& entry,
                std::string_view array, std::size_t number);

    [[nodiscard]] const toml::table& table() const noexcept { return entry_; }
    [[nodiscard]] const std::string& prefix() const noexcept { return prefix_; }
    [[nodiscard]] std::string field(std::string_view key) const {
        return TomlReader::dotted(prefix_, key);
    }
    [[nodiscard]] entities::SourceRef source() const { return toml_.source_ref(entry_); }
    // Where each key of the entry was given.
    [[nodiscard]] entities::KeySources key_sources() const {
        entities::KeySources sources;
        for (const auto& [key, node] : entry_) {
            sources.keys.emplace_back(std::string(key.str()), toml_.source_ref(node));
        }
        return sources;
    }

    // Every key must be one of `valid`.
    void check_keys(std::span<const std::string_view> valid) const {
        toml_.check_keys(entry_, prefix_ + ".", valid);
    }
    // Fails at the key's value (at the entry when the key is absent).
    [[noreturn]] void fail(std::string_view key, const std::string& problem) const;

    [[nodiscard]] const toml::node& required(std::string_view key) const;
    [[nodiscard]] const toml::node* optional(std::string_view key) const { return entry_.get(key); }

    [[nodiscard]] std::string_view string(std::string_view key) const;
    // A whole number from min to max.
    [[nodiscard]] std::int64_t whole(const toml::node& node, std::string_view key, std::int64_t min,
                                     std::int64_t max) const;
    [[nodiscard]] std::int32_t percent_bp(std::string_view key, const PercentRange& range) const;
    [[nodiscard]] entities::Money pounds(const toml::node& node, std::string_view key) const {
        return toml_.pounds(node, field(key));
    }
    [[nodiscard]] entities::FinancialMonth month(const toml::node& node,
                                                 std::string_view key) const;

    // A code of one of the CSV tables, resolved to its index.
    [[nodiscard]] std::uint32_t code(std::string_view key, const CodeIndex& index) const;
    [[nodiscard]] std::optional<std::uint32_t> optional_code(std::string_view key,
                                                             const CodeIndex& index) const;
    // A non-empty array of distinct codes; with `all` set, ["*"] is the empty list (every one).
    [[nodiscard]] std::vector<std::uint32_t> code_list(std::string_view key, const CodeIndex& index,
                                                       std::string_view all = {}) const;
    // An ICB code or NHSE.
    [[nodiscard]] entities::Payer payer(std::string_view key) const;

    template <typename Value, std::size_t Count>
    [[nodiscard]] Value choice(std::string_view key,
                               const std::array<Choice<Value>, Count>& choices) const {
        const toml::node& node = required(key);
        const std::string_view text = toml_.string(node, field(key));
        for (const auto& item : choices) {
            if (item.text == text) {
                return item.value;
            }
        }
        std::array<std::string_view, Count> texts;
        std::transform(choices.begin(), choices.end(), texts.begin(),
                       [](const Choice<Value>& item) { return item.text; });
        toml_.fail(node.source(), field(key),
                   in_quotes(text) + " is not a valid value; valid: " + join(texts, ", "));
    }

    [[nodiscard]] const References& refs() const noexcept { return refs_; }

private:
    const TomlReader& toml_;
    const References& refs_;
    const toml::table& entry_;
    std::string array_;
    std::string prefix_;
};

// The tables of the root array `key` ([[key]] entries); empty when the key is absent.
[[nodiscard]] std::vector<const toml::table*>
root_entries(const TomlReader& toml, const toml::table& root, std::string_view key);

// Typed ids from code_list.
template <typename Id>
[[nodiscard]] std::vector<Id> to_ids(const std::vector<std::uint32_t>& indices) {
    std::vector<Id> ids;
    ids.reserve(indices.size());
    for (const std::uint32_t index : indices) {
        ids.emplace_back(index);
    }
    return ids;
}

// Where another entry or key is, for a message about `here`: "line 12" in the same file, "line
// 12 of base/scenario.toml" in a scenario this one extends or that extends it.
[[nodiscard]] inline std::string line_text(const entities::SourceRef& source,
                                           const entities::SourceRef& here) {
    const std::string line = "line " + std::to_string(source.line);
    return source.file == here.file ? line : line + " of " + source.file;
}

} // namespace specflow::scenarios::detail
