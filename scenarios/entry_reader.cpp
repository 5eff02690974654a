#include "scenarios/entry_reader.hpp"

#include "scenarios/month_text.hpp"

namespace specflow::scenarios::detail {

EntryReader::EntryReader(const TomlReader& toml, const References& refs, const toml::table& entry,
                         std::string_view array, std::size_t number)
    : toml_(toml), refs_(refs), entry_(entry), array_(array),
      prefix_(std::string(array) + "[" + std::to_string(number) + "]") {}

void EntryReader::fail(std::string_view key, const std::string& problem) const {
    // A key the merge of a scenario over its base wrote (a shock's code) has no place of its
    // own: the entry's is given.
    const toml::node* node = entry_.get(key);
    const bool placed = node != nullptr && node->source().begin.line != 0;
    toml_.fail(placed ? node->source() : entry_.source(), field(key), problem);
}

const toml::node& EntryReader::required(std::string_view key) const {
    if (const toml::node* node = entry_.get(key)) {
        return *node;
    }
    toml_.fail(entry_.source(), field(key),
               "missing required key in this [[" + array_ + "]] entry; valid: " + std::string(key) +
                   " = ...");
}

std::string_view EntryReader::string(std::string_view key) const {
    return toml_.string(required(key), field(key));
}

std::int64_t EntryReader::whole(const toml::node& node, std::string_view key, std::int64_t min,
                                std::int64_t max) const {
    const std::int64_t value = toml_.integer(node, field(key));
    if (value < min || value > max) {
        toml_.fail(node.source(), field(key),
                   std::to_string(value) + " is out of range; valid: a whole number from " +
                       std::to_string(min) + " to " + std::to_string(max));
    }
    return value;
}

std::int32_t EntryReader::percent_bp(std::string_view key, const PercentRange& range) const {
    return toml_.percent_bp(required(key), field(key), range);
}

entities::FinancialMonth EntryReader::month(const toml::node& node, std::string_view key) const {
    const std::string_view text = toml_.string(node, field(key));
    if (const auto month = parse_financial_month(text)) {
        return *month;
    }
    toml_.fail(node.source(), field(key),
               in_quotes(text) + " is not a financial month; valid: " + std::string(k_month_valid));
}

std::uint32_t EntryReader::code(std::string_view key, const CodeIndex& index) const {
    const toml::node& node = required(key);
    const std::string_view text = toml_.string(node, field(key));
    if (const auto found = index.find(text)) {
        return *found;
    }
    toml_.fail(node.source(), field(key), index.unknown_code(text));
}

std::optional<std::uint32_t> EntryReader::optional_code(std::string_view key,
                                                        const CodeIndex& index) const {
    if (entry_.get(key) == nullptr) {
        return std::nullopt;
    }
    return code(key, index);
}

std::vector<std::uint32_t> EntryReader::code_list(std::string_view key, const CodeIndex& index,
                                                  std::string_view all) const {
    const toml::node& node = required(key);
    const std::string valid =
        "; valid: " + (all.empty() ? std::string() : "[\"" + std::string(all) + "\"], or ") +
        "a non-empty array of distinct codes, each " + index.valid_codes();
    const toml::array* items = node.as_array();
    if (items == nullptr || items->empty()) {
        toml_.fail(node.source(), field(key),
                   (items == nullptr
                        ? "expected an array, found " + std::string(type_name(node.type()))
                        : std::string("no items")) +
                       valid);
    }
    std::vector<std::uint32_t> indices;
    for (const toml::node& item : *items) {
        const std::string_view text = toml_.string(item, field(key));
        if (!all.empty() && text == all) {
            if (items->size() != 1) {
                toml_.fail(item.source(), field(key),
                           in_quotes(text) + " is given with other items" + valid);
            }
            return {};
        }
        const auto found = index.find(text);
        if (!found) {
            toml_.fail(item.source(), field(key), index.unknown_code(text));
        }
        if (std::find(indices.begin(), indices.end(), *found) != indices.end()) {
            toml_.fail(item.source(), field(key), in_quotes(text) + " is listed twice" + valid);
        }
        indices.push_back(*found);
    }
    return indices;
}

entities::Payer EntryReader::payer(std::string_view key) const {
    const toml::node& node = required(key);
    const std::string_view text = toml_.string(node, field(key));
    if (text == k_nhse_payer) {
        return entities::Payer{};
    }
    if (const auto found = refs_.icbs.find(text)) {
        return entities::Payer{entities::IcbId(*found)};
    }
    toml_.fail(node.source(), field(key),
               "unknown payer " + in_quotes(text) + "; valid: NHSE, or " +
                   refs_.icbs.valid_codes());
}

std::vector<const toml::table*> root_entries(const TomlReader& toml, const toml::table& root,
                                             std::string_view key) {
    const toml::node* node = root.get(key);
    if (node == nullptr) {
        return {};
    }
    const std::string valid = "; valid: [[" + std::string(key) + "]] tables";
    const toml::array* items = node->as_array();
    if (items == nullptr) {
        toml.fail(node->source(), std::string(key),
                  "expected an array of tables, found " + std::string(type_name(node->type())) +
                      valid);
    }
    std::vector<const toml::table*> tables;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const toml::node& item = *items->get(i);
        if (!item.is_table()) {
            toml.fail(item.source(), std::string(key) + "[" + std::to_string(i + 1) + "]",
                      "expected a table, found " + std::string(type_name(item.type())) + valid);
        }
        tables.push_back(item.as_table());
    }
    return tables;
}

} // namespace specflow::scenarios::detail
