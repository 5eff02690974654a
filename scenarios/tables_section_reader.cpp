#include "scenarios/tables_section_reader.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace specflow::scenarios::detail {

namespace {

namespace fs = std::filesystem;

// A key of [tables] and where its path goes.
struct TableKey {
    std::string_view key;
    fs::path TablePaths::*member;
    bool required = true;
};

const std::array<TableKey, 9> k_table_keys{{
    {"regions", &TablePaths::regions},
    {"icbs", &TablePaths::icbs},
    {"providers", &TablePaths::providers},
    {"service_lines", &TablePaths::service_lines},
    {"costs", &TablePaths::costs},
    {"flows", &TablePaths::flows},
    {"contracts", &TablePaths::contracts},
    {"drugs", &TablePaths::drugs, false},
    {"icb_needs", &TablePaths::icb_needs, false},
}};

} // namespace

fs::path table_path(const TomlReader& toml, const toml::node& node, const std::string& field,
                    std::string_view example) {
    const std::string_view relative = toml.string(node, field);
    if (relative.empty()) {
        toml.fail(node.source(), field,
                  "empty; valid: a CSV file name such as \"" + std::string(example) + ".csv\"");
    }
    fs::path path = toml.file().parent_path() / fs::path(relative);
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        toml.fail(node.source(), field,
                  "no such file '" + path.string() +
                      "'; valid: a CSV file, relative to the TOML file's folder");
    }
    return path;
}

TablePaths read_tables_section(const TomlReader& toml, const toml::table& section) {
    std::array<std::string_view, k_table_keys.size()> keys;
    std::transform(k_table_keys.begin(), k_table_keys.end(), keys.begin(),
                   [](const TableKey& key) { return key.key; });
    toml.check_keys(section, "tables.", keys);
    TablePaths paths;
    for (const auto& [key, member, required] : k_table_keys) {
        const std::string field = TomlReader::dotted("tables", key);
        if (!required && section.get(key) == nullptr) {
            continue;
        }
        const toml::node& node = toml.required(section, "tables", key);
        fs::path path = table_path(toml, node, field, key);
        paths.*member = std::move(path);
    }
    return paths;
}

} // namespace specflow::scenarios::detail
