#include "scenarios/builtin.hpp"

#include "scenarios/scenario_error.hpp"

#include <algorithm>
#include <string>
#include <system_error>
#include <vector>

namespace specflow::scenarios {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_toml_name = "scenario.toml";

// Where built-in scenarios may live, in the order they are searched: the source tree this
// program was built from (so a developer's edits are seen at once), then the installed copy
// next to the executable.
std::vector<fs::path> builtin_roots() {
    std::vector<fs::path> roots{fs::path(SPECFLOW_BUILTIN_SCENARIO_DIR)};
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        roots.push_back((executable.parent_path() / ".." / "share" / "specflow" / "scenarios")
                            .lexically_normal());
    }
    return roots;
}

// A name is one folder name: anything with a separator or a dot segment could reach outside
// the roots.
bool is_plain_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." &&
           name.find_first_of("/\\") == std::string_view::npos;
}

std::vector<std::string> builtin_names(const std::vector<fs::path>& roots) {
    std::vector<std::string> names;
    for (const auto& root : roots) {
        std::error_code error;
        for (fs::directory_iterator it(root, error), end; !error && it != end;
             it.increment(error)) {
            std::error_code exists_error;
            if (fs::is_regular_file(it->path() / k_toml_name, exists_error)) {
                names.push_back(it->path().filename().string());
            }
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

} // namespace

std::vector<std::string> builtin_scenarios() {
    return builtin_names(builtin_roots());
}

std::filesystem::path builtin_scenario_path(std::string_view name) {
    const std::vector<fs::path> roots = builtin_roots();
    if (is_plain_name(name)) {
        for (const auto& root : roots) {
            const fs::path candidate = root / fs::path(name) / k_toml_name;
            std::error_code error;
            if (fs::is_regular_file(candidate, error)) {
                return candidate;
            }
        }
    }
    std::string valid;
    for (const auto& known : builtin_names(roots)) {
        valid += (valid.empty() ? "" : ", ") + known;
    }
    throw ScenarioError({.file = {}, .line = 0, .column = 0, .field = "scenario"},
                        "no built-in scenario named '" + std::string(name) +
                            "'; valid: " + (valid.empty() ? std::string("none found") : valid) +
                            ", or a path to a scenario TOML file");
}

} // namespace specflow::scenarios
