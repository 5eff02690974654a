#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

// A folder of its own for one fuzz target's process, under /dev/shm when it can be written (no
// disk traffic for millions of small files), removed when the process ends.
namespace specflow::fuzz {

class FuzzWorkspace {
public:
    explicit FuzzWorkspace(std::string_view target);
    FuzzWorkspace(const FuzzWorkspace&) = delete; // each owns its folder
    FuzzWorkspace& operator=(const FuzzWorkspace&) = delete;
    ~FuzzWorkspace();

    [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }

    // A folder under the root, made when missing.
    [[nodiscard]] std::filesystem::path folder(std::string_view name) const;

private:
    std::filesystem::path root_;
};

// Writes `text` to `path`, replacing what was there; throws std::runtime_error when it cannot.
void write_file(const std::filesystem::path& path, std::string_view text);

// Every regular file of a folder (not its subfolders), by name.
[[nodiscard]] std::map<std::string, std::string> read_folder(const std::filesystem::path& folder);

// Copies every regular file of `from` into `to` (made when missing).
void copy_folder(const std::filesystem::path& from, const std::filesystem::path& to);

// The source tree's seed scenario (tests/fuzz/seeds/small) and built-in scenarios.
[[nodiscard]] std::filesystem::path source_path(std::string_view relative);

} // namespace specflow::fuzz
