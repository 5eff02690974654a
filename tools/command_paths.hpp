#pragma once

// The paths a command is given (--db, --out): a path the file system cannot take, an output
// folder that is a file, or (to read) a store that does not exist is a command-line error,
// found before the command does any work.

#include "reports/store.hpp"

#include <memory>
#include <string>

namespace specflow::tools {

// The path as a message shows it: in full up to 200 characters, else its start and its length.
[[nodiscard]] std::string shown_path(const std::string& path);

// Throws OptionError for `field` when the file system refuses the path itself (too long, a
// component that is a file) rather than saying whether a file is there.
void check_path(const std::string& path, const std::string& field);

// Throws OptionError for `field` unless `folder` is a folder or nothing yet (then it is made
// when the outputs are written).
void check_output_folder(const std::string& folder, const std::string& field);

// The store at `db`: for `write` made if missing (the run commands open it before they run, so
// that a store they cannot use stops them before any work or output); for `read` it must exist
// (OptionError otherwise: a read never makes a store). Throws StoreError for a store that cannot
// be used.
[[nodiscard]] std::unique_ptr<reports::RunStore> open_store(const std::string& db,
                                                            reports::StoreAccess access);

} // namespace specflow::tools
