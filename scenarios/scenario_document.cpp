#include "scenarios/scenario_document.hpp"

#include "scenarios/scenario_error.hpp"
#include "scenarios/scenario_merge.hpp"
#include "scenarios/toml_line_dots.hpp"
#include "scenarios/toml_syntax_error.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>

namespace specflow::scenarios::detail {

namespace {

namespace fs = std::filesystem;

// How many files a scenario may build on, one on another; a circle of files goes deeper.
constexpr int k_extends_depth_max = 4;
// The longest path a message repeats in full.
constexpr std::size_t k_named_path_max = 200;

toml::table parse_file(const fs::path& file) {
    std::error_code status_error;
    std::ifstream in(file, std::ios::binary);
    if (!fs::is_regular_file(file, status_error) || !in) {
        throw ScenarioError({.file = file, .line = 0, .column = 0, .field = {}},
                            "cannot open the scenario file; valid: a path to a scenario TOML "
                            "file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    check_toml_line_dots(text.view(), file);
    try {
        return toml::parse(text.view(), file.string());
    } catch (const toml::parse_error& error) {
        throw toml_syntax_error(text.view(), file, error);
    }
}

// The keys of a [[reconfiguration]] entry that name CSV files.
constexpr std::array<std::string_view, 2> k_reconfiguration_files{"icbs", "mapping"};

// Every path string of a scenario: [tables]' values and each [[reconfiguration]]'s files.
template <typename Visit>
void for_each_path(toml::table& root, Visit visit) {
    if (auto* tables = root.get_as<toml::table>("tables")) {
        for (auto&& [key, node] : *tables) {
            if (auto* path = node.as_string()) {
                visit(*path);
            }
        }
    }
    if (auto* entries = root.get_as<toml::array>("reconfiguration")) {
        for (auto& entry : *entries) {
            if (auto* table = entry.as_table()) {
                for (const auto key : k_reconfiguration_files) {
                    if (auto* path = table->get_as<std::string>(key)) {
                        visit(*path);
                    }
                }
            }
        }
    }
}

// A base's paths, relative to its own folder, made absolute.
void make_table_paths_absolute(toml::table& base, const fs::path& base_file) {
    for_each_path(base, [&](toml::value<std::string>& path) {
        path.get() = fs::absolute(base_file.parent_path() / path.get()).lexically_normal().string();
    });
}

// A scenario file, `depth` files down the chain, with the one it extends merged under it
// ([scenario].extends, a path relative to the file). Each file read is added to `chain`.
toml::table parse_with_base(const fs::path& file, int depth, std::vector<fs::path>& chain) {
    chain.push_back(file);
    toml::table root = parse_file(file);
    const auto* scenario = root.get_as<toml::table>("scenario");
    const auto* extends = scenario == nullptr ? nullptr : scenario->get("extends");
    if (extends == nullptr) {
        if (const toml::node* remove = root.get("remove")) {
            throw ScenarioError({.file = file,
                                 .line = remove->source().begin.line,
                                 .column = remove->source().begin.column,
                                 .field = "remove"},
                                "a [remove] table drops entries of the scenario this one "
                                "extends, and this one extends none; valid: [scenario].extends "
                                "with [remove], or no [remove]");
        }
        return root;
    }
    const auto* relative = extends->as_string();
    const auto where = ScenarioError::Where{.file = file,
                                            .line = extends->source().begin.line,
                                            .column = extends->source().begin.column,
                                            .field = "scenario.extends"};
    if (relative == nullptr) {
        throw ScenarioError(where, "expected a string; valid: the path of the scenario TOML file "
                                   "this one builds on, relative to this file");
    }
    if (depth >= k_extends_depth_max) {
        throw ScenarioError(where, "scenarios extend each other too deeply (or in a circle); "
                                   "valid: at most " +
                                       std::to_string(k_extends_depth_max) + " levels");
    }
    const fs::path base_file = (file.parent_path() / relative->get()).lexically_normal();
    std::error_code status_error;
    if (!fs::is_regular_file(base_file, status_error)) {
        // A path the file system refuses (too long, say) is not echoed in full.
        const auto named = relative->get().size() <= k_named_path_max
                               ? "no such file '" + base_file.string() + "'"
                               : "no such file (a path of " +
                                     std::to_string(relative->get().size()) + " characters)";
        throw ScenarioError(
            where, named +
                       (status_error && status_error != std::errc::no_such_file_or_directory
                            ? ": " + status_error.message()
                            : "") +
                       "; valid: a scenario TOML file, relative to this file");
    }
    toml::table base = parse_with_base(base_file, depth + 1, chain);
    make_table_paths_absolute(base, base_file);
    root.get_as<toml::table>("scenario")->erase("extends");
    merge_scenario(base, root);
    return base;
}

} // namespace

ScenarioDocument read_scenario_document(const fs::path& toml_path) {
    ScenarioDocument document;
    document.root = parse_with_base(toml_path, 0, document.files);
    // The scenario's own paths are relative to its folder; a base's are absolute already.
    for_each_path(document.root, [&](const toml::value<std::string>& path) {
        document.files.push_back(toml_path.parent_path() / path.get());
    });
    return document;
}

} // namespace specflow::scenarios::detail
