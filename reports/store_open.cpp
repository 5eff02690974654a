#include "reports/store_open.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <cstdlib>
#include <fmt/format.h>
#include <sqlite3.h>
#include <string>
#include <system_error>
#include <vector>

namespace specflow::reports {

namespace {

namespace fs = std::filesystem;

// How long a writer waits for another to finish before giving up.
constexpr int k_busy_timeout_ms_default = 30'000;

int busy_timeout_ms() {
    const char* text = std::getenv("SPECFLOW_STORE_BUSY_TIMEOUT_MS");
    if (text == nullptr) {
        return k_busy_timeout_ms_default;
    }
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    const bool valid = end != text && *end == '\0' && value >= 0 && value <= 86'400'000;
    return valid ? static_cast<int>(value) : k_busy_timeout_ms_default;
}

std::string failure(const fs::path& path, const std::string& problem) {
    return fmt::format("results store {}: {}", path.string(), problem);
}

// The tables and views of the database, in the order SQLite lists them.
std::vector<std::string> schema_objects(SQLite::Database& db) {
    SQLite::Statement list(db, "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                               "ORDER BY rowid");
    std::vector<std::string> names;
    while (list.executeStep()) {
        names.push_back(list.getColumn(0).getString());
    }
    return names;
}

// A database that holds tables but no schema_version belongs to another application: specflow
// must not add its tables to it.
void check_is_a_store(SQLite::Database& db, const fs::path& path) {
    const auto objects = schema_objects(db);
    if (objects.empty() || db.tableExists("schema_version")) {
        return;
    }
    constexpr std::size_t k_named_max = 3;
    std::string named;
    for (std::size_t i = 0; i < objects.size() && i < k_named_max; ++i) {
        named += (i == 0 ? "" : ", ") + objects[i];
    }
    if (objects.size() > k_named_max) {
        named += fmt::format(" and {} more", objects.size() - k_named_max);
    }
    throw StoreError(failure(
        path, fmt::format("an SQLite database of another application (it holds {}), not a "
                          "specflow results store; valid: a store specflow wrote, or a path "
                          "where no file is yet",
                          named)));
}

} // namespace

std::string store_failure(int sqlite_code, const std::string& what) {
    switch (sqlite_code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "another program is writing it and did not finish within the busy timeout ("
               "SPECFLOW_STORE_BUSY_TIMEOUT_MS, default 30 s); valid: a store no other program "
               "holds locked";
    case SQLITE_FULL:
        return "the disk is full; valid: a store on a disk with room for the run";
    case SQLITE_READONLY:
        return "it cannot be written (read-only); valid: a store this user may write";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return what + "; valid: a results store specflow wrote, or a path where no file is yet";
    case SQLITE_CANTOPEN:
        return "cannot open or create the file; valid: a file path in a folder this user may "
               "write";
    case SQLITE_IOERR:
        return what + " (the disk may be full or failing); valid: a store on a working disk "
                      "with room for the run";
    default:
        return what;
    }
}

std::unique_ptr<SQLite::Database> open_store_database(const fs::path& path, StoreAccess access) {
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error && error != std::errc::no_such_file_or_directory) {
        throw StoreError(failure(path, error.message()));
    }
    if (fs::is_directory(status)) {
        throw StoreError(failure(path, "a folder, not a file; valid: the path of a store file"));
    }
    if (!fs::exists(status) && access == StoreAccess::read) {
        throw StoreError(failure(path, "no such file; valid: a store a run has written"));
    }
    // One thread uses a connection (NOMUTEX): SQLite takes no lock of its own on every call, a
    // tenth of writing a Monte Carlo run's thousands of summary rows.
    const int flags = SQLite::OPEN_NOMUTEX |
                      (access == StoreAccess::write ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE
                                                    : SQLite::OPEN_READWRITE);
    try {
        auto db = std::make_unique<SQLite::Database>(path.string(), flags);
        db->setBusyTimeout(busy_timeout_ms());
        // Reading the schema is the first read of the file: a file that is not SQLite fails here.
        check_is_a_store(*db, path);
        if (access == StoreAccess::write && sqlite3_db_readonly(db->getHandle(), "main") == 1) {
            throw StoreError(failure(path, store_failure(SQLITE_READONLY, "")));
        }
        db->exec("PRAGMA journal_mode=WAL");
        db->exec("PRAGMA foreign_keys=ON");
        return db;
    } catch (const SQLite::Exception& failed) {
        throw StoreError(failure(path, store_failure(failed.getErrorCode(), failed.what())));
    }
}

} // namespace specflow::reports
