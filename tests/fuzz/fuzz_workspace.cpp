#include "tests/fuzz/fuzz_workspace.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <unistd.h>

namespace specflow::fuzz {

namespace fs = std::filesystem;

namespace {

fs::path temporary_base() {
    std::error_code error;
    const fs::path shm("/dev/shm");
    if (fs::is_directory(shm, error) && ::access(shm.c_str(), W_OK) == 0) {
        return shm;
    }
    return fs::temp_directory_path();
}

} // namespace

FuzzWorkspace::FuzzWorkspace(std::string_view target)
    : root_(temporary_base() /
            ("specflow-fuzz-" + std::string(target) + "-" + std::to_string(::getpid()))) {
    fs::remove_all(root_);
    fs::create_directories(root_);
}

FuzzWorkspace::~FuzzWorkspace() {
    std::error_code error;
    fs::remove_all(root_, error); // best effort: a folder left in /dev/shm is harmless
}

fs::path FuzzWorkspace::folder(std::string_view name) const {
    const auto path = root_ / name;
    fs::create_directories(path);
    return path;
}

void write_file(const fs::path& path, std::string_view text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::map<std::string, std::string> read_folder(const fs::path& folder) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.is_regular_file()) {
            std::ifstream in(entry.path(), std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            files[entry.path().filename().string()] = text.str();
        }
    }
    return files;
}

void copy_folder(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    for (const auto& [name, text] : read_folder(from)) {
        write_file(to / name, text);
    }
}

fs::path source_path(std::string_view relative) {
    return fs::path(SPECFLOW_SOURCE_DIR) / relative;
}

} // namespace specflow::fuzz
