#include "reports/store_granular.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace specflow::reports {

// Amounts in pence, as everywhere in the store; gap_pct is NULL where the fair share is zero.
const char* const k_schema_v7_granular = R"sql(
CREATE TABLE granular (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), fy TEXT NOT NULL, icb_code TEXT NOT NULL,
    icb_name TEXT NOT NULL, region TEXT NOT NULL, service_line_code TEXT NOT NULL,
    service_line_name TEXT NOT NULL, category TEXT NOT NULL, spend INTEGER NOT NULL,
    fair_share INTEGER NOT NULL, gap INTEGER NOT NULL, gap_pct REAL);
CREATE INDEX granular_run ON granular(run_id, fy);
)sql";

void insert_granular(SQLite::Database& db, std::int64_t run, const std::vector<GranularRow>& rows) {
    SQLite::Statement st(db, "INSERT INTO granular VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& row : rows) {
        st.bind(1, run);
        st.bind(2, row.fy);
        st.bind(3, row.icb_code);
        st.bind(4, row.icb_name);
        st.bind(5, row.region_name);
        st.bind(6, row.service_line_code);
        st.bind(7, row.service_line_name);
        st.bind(8, std::string(entities::to_string(row.category)));
        st.bind(9, row.spend.pence());
        st.bind(10, row.fair_share.pence());
        st.bind(11, row.gap().pence());
        if (const auto pct = row.gap_pct()) {
            st.bind(12, *pct);
        } else {
            st.bind(12); // NULL
        }
        st.exec();
        st.reset();
    }
}

} // namespace specflow::reports
