#include "tools/command_paths.hpp"

#include "tools/option_error.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <system_error>

namespace specflow::tools {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_shown_path_max = 200;
constexpr std::size_t k_shown_path_start = 60;

} // namespace

std::string shown_path(const std::string& path) {
    if (path.size() <= k_shown_path_max) {
        return path;
    }
    return fmt::format("{}… ({} characters)", path.substr(0, k_shown_path_start),
                       fmt::group_digits(path.size()));
}

void check_path(const std::string& path, const std::string& field) {
    if (path.empty()) {
        throw OptionError(field, "an empty path; valid: a file path");
    }
    std::error_code error;
    static_cast<void>(fs::status(path, error));
    if (error && error != std::errc::no_such_file_or_directory) {
        throw OptionError(field, fmt::format("{}: {}; valid: a path the file system accepts "
                                             "(at most 255 characters a name)",
                                             shown_path(path), error.message()));
    }
}

void check_output_folder(const std::string& folder, const std::string& field) {
    check_path(folder, field);
    std::error_code error;
    if (fs::exists(folder, error) && !fs::is_directory(folder, error)) {
        throw OptionError(field, fmt::format("{} is a file, not a folder; valid: a folder for the "
                                             "outputs, or a path where none is yet",
                                             shown_path(folder)));
    }
}

std::unique_ptr<reports::RunStore> open_store(const std::string& db, reports::StoreAccess access) {
    check_path(db, "--db");
    if (access == reports::StoreAccess::read && !fs::exists(db)) {
        throw OptionError("--db", fmt::format("no results store at {}; valid: a store a run has "
                                              "written (specflow run --db {})",
                                              db, db));
    }
    return std::make_unique<reports::RunStore>(db, access);
}

} // namespace specflow::tools
