#include "scenarios/scenario_merge.hpp"

#include "scenarios/scenario_error.hpp"
#include "scenarios/text.hpp"
#include "scenarios/toml_reader.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace specflow::scenarios::detail {

namespace {

// How a child's entry merges with the base entry it shares a key with.
enum class EntryMerge {
    // Whole: half of one arrangement and half of another would be neither.
    replace,
    // Key by key, as tables merge: a year entry is a set of parameters, and a variant usually
    // changes one of them.
    key_by_key,
};

// An array of tables whose entries are told apart by one of their keys.
struct KeyedArray {
    std::string_view path; // dotted, from the root: "allocation.years"
    std::string_view key;  // the key that names an entry: "code"
    EntryMerge merge = EntryMerge::replace;
};

constexpr std::array<KeyedArray, 5> k_keyed_arrays{{
    {.path = "lead_icb", .key = "code"},
    {.path = "risk_pool", .key = "code"},
    {.path = "shocks", .key = "code"},
    {.path = "reconfiguration", .key = "start"},
    {.path = "allocation.years", .key = "financial_year", .merge = EntryMerge::key_by_key},
}};

constexpr std::string_view k_remove = "remove";
constexpr std::string_view k_remove_valid =
    "lead_icb, risk_pool, shocks, reconfiguration, allocation.years";

// A year entry gives its budget one way or the other: setting one drops the base's other.
constexpr std::array<std::array<std::string_view, 2>, 1> k_alternative_year_keys{{
    {"budget_pounds", "growth_pct"},
}};

const KeyedArray* keyed_array(std::string_view path) {
    const auto* found =
        std::find_if(k_keyed_arrays.begin(), k_keyed_arrays.end(),
                     [path](const KeyedArray& array) { return array.path == path; });
    return found == k_keyed_arrays.end() ? nullptr : found;
}

[[noreturn]] void fail(const toml::source_region& source, std::string field,
                       const std::string& problem) {
    throw ScenarioError(
        {.file = source.path ? std::filesystem::path(*source.path) : std::filesystem::path(),
         .line = source.begin.line,
         .column = source.begin.column,
         .field = std::move(field)},
        problem);
}

[[noreturn]] void fail(const toml::node& node, std::string field, const std::string& problem) {
    fail(node.source(), std::move(field), problem);
}

std::string dotted(std::string_view prefix, std::string_view key) {
    return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}

// The array at a dotted path, or nullptr.
toml::array* array_at(toml::table& root, std::string_view path) {
    toml::node* node = root.at_path(path).node();
    return node == nullptr ? nullptr : node->as_array();
}

const toml::array* array_at(const toml::table& root, std::string_view path) {
    const toml::node* node = root.at_path(path).node();
    return node == nullptr ? nullptr : node->as_array();
}

std::optional<std::string> key_of(const toml::node& entry, const KeyedArray& array) {
    const auto* table = entry.as_table();
    const auto* key = table == nullptr ? nullptr : table->get_as<std::string>(array.key);
    return key == nullptr ? std::nullopt : std::optional<std::string>(key->get());
}

std::optional<std::size_t> find_entry(const toml::array& entries, const KeyedArray& array,
                                      std::string_view key) {
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (key_of(*entries.get(i), array) == key) {
            return i;
        }
    }
    return std::nullopt;
}

// A shock without a code is given "<kind>-<n>" by its place; the base's shocks are given theirs
// now, so that a child can name them and removing one does not renumber the others.
void pin_shock_codes(toml::table& base) {
    toml::array* shocks = array_at(base, "shocks");
    if (shocks == nullptr) {
        return;
    }
    for (std::size_t i = 0; i < shocks->size(); ++i) {
        auto* shock = shocks->get(i)->as_table();
        const auto* kind = shock == nullptr ? nullptr : shock->get_as<std::string>("kind");
        if (kind != nullptr && !shock->contains("code")) {
            shock->insert("code", kind->get() + "-" + std::to_string(i + 1));
        }
    }
}

// "valid: one of "a", "b"" for the keys a [remove] list may name.
std::string valid_keys(const toml::array* entries, const KeyedArray& array) {
    std::vector<std::string> keys;
    if (entries != nullptr) {
        for (const toml::node& entry : *entries) {
            if (const auto key = key_of(entry, array)) {
                keys.push_back(in_quotes(*key));
            }
        }
    }
    if (keys.empty()) {
        return "valid: nothing, since they have no [[" + std::string(array.path) + "]] entries";
    }
    const std::vector<std::string_view> views(keys.begin(), keys.end());
    return "valid: one of " + join(views, ", ");
}

// Drops the base's entries that one list of [remove] names.
void remove_entries(toml::table& base, const toml::table& child, const KeyedArray& array,
                    const toml::node& list) {
    const std::string field = dotted(k_remove, array.path);
    const auto* items = list.as_array();
    if (items == nullptr) {
        fail(list, field,
             "expected an array, found " + std::string(type_name(list.type())) + "; valid: the " +
                 std::string(array.key) + "s of [[" + std::string(array.path) +
                 "]] entries to drop, e.g. [\"a\", \"b\"]");
    }
    toml::array* entries = array_at(base, array.path);
    const toml::array* own = array_at(child, array.path);
    // The keys as the base has them, before any is removed.
    const std::string valid = valid_keys(entries, array);
    std::vector<std::string> removed;
    for (const toml::node& item : *items) {
        const auto* text = item.as_string();
        if (text == nullptr) {
            fail(item, field,
                 "expected a string; " + valid + " (the " + std::string(array.key) +
                     " of an entry of the scenarios this one extends)");
        }
        const std::string& key = text->get();
        if (std::find(removed.begin(), removed.end(), key) != removed.end()) {
            fail(item, field, in_quotes(key) + " is listed twice; valid: each key once");
        }
        if (own != nullptr && find_entry(*own, array, key)) {
            fail(item, field,
                 in_quotes(key) +
                     " is removed and also defined in this file; valid: one or "
                     "the other (an entry with the base's " +
                     std::string(array.key) + " replaces it)");
        }
        const auto found = entries == nullptr ? std::nullopt : find_entry(*entries, array, key);
        if (!found) {
            fail(item, field,
                 "no [[" + std::string(array.path) + "]] entry with " + std::string(array.key) +
                     " " + in_quotes(key) + " in the scenarios this one extends; " + valid);
        }
        entries->erase(entries->begin() + static_cast<std::ptrdiff_t>(*found));
        removed.push_back(key);
    }
}

// The lists of a [remove] table, each under the path of its array ("allocation.years" may be
// written as a dotted key or as [remove.allocation] years = ...).
void apply_removals(toml::table& base, const toml::table& child, const toml::node& remove) {
    const auto* table = remove.as_table();
    if (table == nullptr) {
        fail(remove, std::string(k_remove),
             "expected a [remove] table; valid: a table of lists, each under one of " +
                 std::string(k_remove_valid));
    }
    const auto visit = [&](const auto& self, const toml::table& lists,
                           const std::string& prefix) -> void {
        for (auto&& [key, node] : lists) {
            const std::string path = dotted(prefix, key.str());
            if (const KeyedArray* array = keyed_array(path)) {
                remove_entries(base, child, *array, node);
            } else if (node.is_table() && keyed_array(dotted(path, "years")) != nullptr) {
                self(self, *node.as_table(), path);
            } else {
                fail(key.source(), dotted(k_remove, path),
                     "unknown key; valid: " + std::string(k_remove_valid));
            }
        }
    };
    visit(visit, *table, "");
}

void merge_entry_keys(toml::table& base, toml::table& child) {
    for (const auto& alternatives : k_alternative_year_keys) {
        for (std::size_t i = 0; i < alternatives.size(); ++i) {
            if (child.contains(alternatives[i])) {
                base.erase(alternatives[1 - i]);
            }
        }
    }
    for (auto&& [key, node] : child) {
        base.insert_or_assign(key, std::move(node));
    }
}

// The child's entries over the base's: one that shares a key with a base entry takes its place,
// any other is appended. Only the base's entries are matched, each once, so that two child
// entries with one key stay two (and the reader reports the second).
void merge_keyed(toml::array& base, toml::array& child, const KeyedArray& array) {
    const std::size_t base_count = base.size();
    std::vector<bool> taken(base_count, false);
    for (auto& element : child) {
        std::optional<std::size_t> match;
        if (const auto key = key_of(element, array)) {
            for (std::size_t i = 0; i < base_count && !match; ++i) {
                if (!taken[i] && key_of(*base.get(i), array) == key) {
                    match = i;
                }
            }
        }
        if (!match) {
            base.push_back(std::move(element));
            continue;
        }
        taken[*match] = true;
        auto& entry = *element.as_table();
        if (array.merge == EntryMerge::key_by_key) {
            merge_entry_keys(*base.get(*match)->as_table(), entry);
        } else {
            base.replace(base.begin() + static_cast<std::ptrdiff_t>(*match), std::move(entry));
        }
    }
}

void merge_tables(toml::table& base, toml::table& child, const std::string& prefix) {
    for (auto&& [key, node] : child) {
        const std::string path = dotted(prefix, key.str());
        auto* existing = base.get(key);
        const KeyedArray* keyed = keyed_array(path);
        if (existing != nullptr && existing->is_table() && node.is_table()) {
            merge_tables(*existing->as_table(), *node.as_table(), path);
        } else if (existing != nullptr && existing->is_array_of_tables() &&
                   node.is_array_of_tables()) {
            if (keyed != nullptr) {
                merge_keyed(*existing->as_array(), *node.as_array(), *keyed);
            } else {
                for (auto& element : *node.as_array()) {
                    existing->as_array()->push_back(std::move(element));
                }
            }
        } else {
            base.insert_or_assign(key, std::move(node));
        }
    }
}

} // namespace

void merge_scenario(toml::table& base, toml::table& child) {
    pin_shock_codes(base);
    if (toml::node* remove = child.get(k_remove)) {
        apply_removals(base, child, *remove);
        child.erase(k_remove);
    }
    merge_tables(base, child, "");
}

} // namespace specflow::scenarios::detail
