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

const std::array<TableKey, 8> k_table_keys{{
    {"regions", &TablePaths::regions},
    {"icbs", &TablePaths::icbs},
    {"providers", &TablePaths::providers},
    {"service_lines", &TablePaths::service_lines},
    {"costs", &TablePaths::costs},
    {"flows", &TablePaths::flows},
    {"contracts", &TablePaths::contracts},
    {"drugs", &TablePaths::drugs, false},
}};

} // namespace

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
        const std::string_view relative = toml.string(node, field);
        if (relative.empty()) {
            toml.fail(node.source(), field,
                      "empty; valid: a CSV file name such as \"" + std::string(key) + ".csv\"");
        }
        fs::path path = toml.file().parent_path() / fs::path(relative);
        std::error_code error;
        if (!fs::is_regular_file(path, error)) {
            toml.fail(node.source(), field,
                      "no such file '" + path.string() +
                          "'; valid: a CSV file, relative to the TOML file's folder");
        }
        paths.*member = std::move(path);
    }
    return paths;
}

} // namespace specflow::scenarios::detail
