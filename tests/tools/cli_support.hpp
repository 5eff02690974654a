#pragma once

// Running the specflow executable as a user does, for the command-line tests.

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace cli_support {

namespace fs = std::filesystem;

inline const fs::path k_mini = fs::path(SPECFLOW_SOURCE_DIR) / "tests/tools/mini";
inline const fs::path k_england =
    fs::path(SPECFLOW_SOURCE_DIR) / "scenarios/england-2024-25/scenario.toml";
inline const fs::path k_england_now =
    fs::path(SPECFLOW_SOURCE_DIR) / "scenarios/england-2026-27/scenario.toml";

inline std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A fresh empty directory for one test.
inline fs::path scratch() {
    static std::atomic<int> counter{0};
    const auto dir = fs::temp_directory_path() / ("specflow-cli-" + std::to_string(::getpid()) +
                                                  "-" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

struct Result {
    int status = -1;
    std::string out;
    std::string err;
};

inline Result specflow(const std::string& arguments, const fs::path& dir) {
    const auto out = dir / "stdout.txt";
    const auto err = dir / "stderr.txt";
    // Run in `dir`, so that a default output (the store, specflow-out/) lands in the scratch
    // folder and not in the build tree.
    const std::string command = "cd '" + dir.string() + "' && " + std::string(SPECFLOW_BINARY) +
                                " " + arguments + " >" + out.string() + " 2>" + err.string();
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

} // namespace cli_support
