#include "reports/store_options.hpp"

#include "reports/options_table.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace specflow::reports {

const char* const k_schema_v6_options = R"sql(
CREATE TABLE options_summary (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), set_id INTEGER NOT NULL,
    position INTEGER NOT NULL, option_name TEXT NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL,
    name TEXT NOT NULL, fy TEXT NOT NULL, measure TEXT NOT NULL, value REAL NOT NULL);
CREATE INDEX options_summary_set ON options_summary(set_id);
)sql";

void insert_option(SQLite::Database& db, std::int64_t run, std::int64_t set,
                   const OptionSummary& option) {
    SQLite::Statement st(db, "INSERT INTO options_summary VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (const auto& f : option.figures) {
        st.bind(1, run);
        st.bind(2, set);
        st.bind(3, static_cast<std::int64_t>(option.position));
        st.bind(4, option.name);
        st.bind(5, f.kind);
        st.bind(6, f.code);
        st.bind(7, f.name);
        st.bind(8, f.fy);
        st.bind(9, f.measure);
        st.bind(10, f.value);
        st.exec();
        st.reset();
    }
}

} // namespace specflow::reports
