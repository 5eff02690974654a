#pragma once

// Opening the results store's database (used by store.cpp): what is not a specflow store, or
// cannot be used as the command asks, is refused before anything is written to it.

#include "reports/store.hpp"

#include <filesystem>
#include <memory>

namespace SQLite {
class Database;
}

namespace specflow::reports {

// The database at `path`, WAL mode, foreign keys on, the busy timeout set; made when it does
// not exist and `access` is write. Throws StoreError for a folder, a file that is not SQLite,
// another application's database, a store that cannot be written (`write`) or does not exist
// (`read`), and one locked or unreadable. The schema is left to RunStore::migrate.
[[nodiscard]] std::unique_ptr<SQLite::Database>
open_store_database(const std::filesystem::path& path, StoreAccess access);

// What SQLite's error means for the store, in words ("database is locked" → another program is
// writing it, …).
[[nodiscard]] std::string store_failure(int sqlite_code, const std::string& what);

} // namespace specflow::reports
