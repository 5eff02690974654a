#include "reports/store_national.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <string>

namespace specflow::reports {

// Pounds, as the other Monte Carlo summaries hold them. The same version splits the delegable
// money NHS England holds for a joint ICB out of the allocations' `retained`.
const char* const k_schema_v8_national = R"sql(
CREATE TABLE national_summary (
    run_id INTEGER NOT NULL REFERENCES runs(run_id), budget TEXT NOT NULL, fy TEXT NOT NULL,
    measure TEXT NOT NULL, mean REAL NOT NULL, p5 REAL NOT NULL, p10 REAL NOT NULL,
    p50 REAL NOT NULL, p90 REAL NOT NULL, p95 REAL NOT NULL);
ALTER TABLE allocations ADD COLUMN held_for_icb INTEGER NOT NULL DEFAULT 0;
)sql";

void insert_national_summary(SQLite::Database& db, std::int64_t run, const SummarySink& summary) {
    const auto& shape = summary.shape();
    SQLite::Statement st(db, "INSERT INTO national_summary VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (std::size_t y = 0; y < shape.years; ++y) {
        const auto fy =
            entities::FinancialYear(shape.first_year.start_year() + static_cast<int>(y)).label();
        for (const auto measure : k_national_measure_list) {
            const auto& d = summary.year(summary.year_slot(measure, 0, y));
            st.bind(1, run);
            st.bind(2, std::string(national_budget_name(measure)));
            st.bind(3, fy);
            st.bind(4, std::string(measure_name(measure)));
            st.bind(5, d.mean() / 100.0);
            int column = 6;
            for (const double q : d.summary_quantiles()) {
                st.bind(column++, q / 100.0);
            }
            st.exec();
            st.reset();
        }
    }
}

} // namespace specflow::reports
