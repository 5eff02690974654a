#pragma once

#include <filesystem>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

// Test helpers shared by the scenario loader's tests: a small valid scenario written to a
// temporary folder, to break one thing at a time.
namespace specflow::scenarios::test {

// A valid minimal scenario: 2 regions, 3 ICBs (one with a comma in its name), 3 providers,
// 2 service lines, 4 cost rows, 5 flows and one contract of each kind. Each test breaks one
// thing in it. Line numbers in the tests count from these texts: the header is line 1.
extern const std::map<std::string, std::string> k_minimal_files;

// `base`'s files moved into base/, under a scenario.toml that extends them with `child` (the
// [scenario] section's extends line is written before it): "[scenario]" is line 1 and
// `child` starts on line 3.
[[nodiscard]] std::map<std::string, std::string>
extending(const std::string& child,
          const std::map<std::string, std::string>& base = k_minimal_files);

// A scenario's files (the minimal one unless told otherwise), to break one at a time, written
// to a fresh temporary folder that is removed afterwards.
class ScenarioFiles {
public:
    ScenarioFiles() : ScenarioFiles(k_minimal_files) {}
    // Any set of files, by name.
    explicit ScenarioFiles(std::map<std::string, std::string> files);
    ScenarioFiles(const ScenarioFiles&) = delete; // each owns its folder
    ScenarioFiles& operator=(const ScenarioFiles&) = delete;
    ~ScenarioFiles();

    // Replaces the one occurrence of `from` in `file`; the test is wrong if there is not one.
    ScenarioFiles& replace(const std::string& file, std::string_view from, std::string_view to);

    ScenarioFiles& append(const std::string& file, std::string_view text) {
        files_.at(file) += text;
        return *this;
    }

    ScenarioFiles& set(const std::string& file, std::string text) {
        files_[file] = std::move(text);
        return *this;
    }

    ScenarioFiles& remove(const std::string& file) {
        files_.erase(file);
        return *this;
    }

    // Writes the files to the folder and returns the TOML file's path. A name may hold a
    // folder ("base/scenario.toml"), which is made.
    [[nodiscard]] std::filesystem::path write() const;

private:
    std::map<std::string, std::string> files_;
    std::filesystem::path directory_;
};

// The message of the ScenarioError that loading the files throws; "(no error)" when none.
[[nodiscard]] std::string load_error(const ScenarioFiles& files);

// load_error's message with the files' folder left out wherever it appears, to pin a whole
// message: "scenario.toml:2:11: field 'scenario.extends': ...".
[[nodiscard]] std::string relative_load_error(const ScenarioFiles& files);

// Loads and checks that the one-line message holds every part (file:line:column, field, problem).
void check_error(const ScenarioFiles& files, std::initializer_list<std::string_view> parts);

} // namespace specflow::scenarios::test
