// Tests of the column kinds (reports/column_kind.hpp): every numeric column of the store has a
// kind, money converts exactly between the store's pence and pounds, and options_summary's value
// takes its kind from the row's measure.

#include "reports/column_kind.hpp"
#include "reports/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using specflow::reports::cell_kind;
using specflow::reports::column_kind;
using specflow::reports::ColumnKind;
using specflow::reports::MoneyUnit;
using specflow::reports::rows_in_unit;
using specflow::reports::RunStore;
using specflow::reports::stored_pence;

} // namespace

TEST_CASE("every INTEGER or REAL column of a fresh store has a kind other than text, so that no "
          "number is exported as text and no amount escapes the conversion to pounds") {
    const auto path =
        fs::temp_directory_path() / ("specflow_column_kind_" + std::to_string(::getpid()) + ".db");
    fs::remove(path);
    {
        RunStore store(path);
        auto tables = RunStore::tables();
        tables.emplace_back("runs");
        for (const auto& table : tables) {
            SQLite::Statement columns(store.database(),
                                      "SELECT name, type FROM pragma_table_info(?)");
            columns.bind(1, table);
            int seen = 0;
            while (columns.executeStep()) {
                ++seen;
                const auto name = columns.getColumn(0).getString();
                const auto type = columns.getColumn(1).getString();
                INFO(table << "." << name << " " << type);
                CHECK((type == "TEXT") == (column_kind(table, name) == ColumnKind::text));
            }
            CHECK(seen > 0);
        }
    }
    fs::remove(path);
    fs::remove(path.string() + "-wal");
    fs::remove(path.string() + "-shm");
}

TEST_CASE("money columns by table: pence, pounds estimates, fractions and percentages") {
    CHECK(column_kind("provider_month", "income") == ColumnKind::pence);
    CHECK(column_kind("provider_month", "forecast_pressure") == ColumnKind::pence);
    CHECK(column_kind("provider_month", "provider_name") == ColumnKind::text);
    CHECK(column_kind("icb_month", "held_by_icb") == ColumnKind::integer);
    CHECK(column_kind("settlements", "outstanding") == ColumnKind::pence);
    CHECK(column_kind("provider_summary", "p95") == ColumnKind::pounds);
    CHECK(column_kind("provider_summary", "threshold") == ColumnKind::pence);
    CHECK(column_kind("provider_summary", "probability_above") == ColumnKind::fraction);
    CHECK(column_kind("allocations", "dft_after_pct") == ColumnKind::percent);
    CHECK(column_kind("flows", "planned_cases") == ColumnKind::number);
    CHECK(column_kind("tornado", "variance_share") == ColumnKind::fraction);
    CHECK(column_kind("runs", "seed") == ColumnKind::integer);
    CHECK(column_kind("icb_summary", "run_id") == ColumnKind::integer);
}

TEST_CASE(
    "stored_pence: whole pence exactly, estimates rounded to the nearest penny, NULL as none") {
    CHECK(stored_pence(ColumnKind::pence, "16621333917") == 16621333917);
    CHECK(stored_pence(ColumnKind::pence, "-5") == -5);
    CHECK(stored_pence(ColumnKind::pence, "1234.5") == 1235);      // a real of pence: nearest penny
    CHECK(stored_pence(ColumnKind::pounds, "1234.567") == 123457); // £1,234.567 → 123,457p
    CHECK(stored_pence(ColumnKind::pounds, "-0.004") == 0);
    CHECK(stored_pence(ColumnKind::pounds, "-2.5e-1") == -25);
    // Half a penny away from zero, as run's CSV rounds the estimate in pence, although
    // 1548764.605 × 100 is 154876460.49999997 in binary.
    CHECK(stored_pence(ColumnKind::pounds, "1548764.605") == 154876461);
    CHECK(stored_pence(ColumnKind::pounds, "-1548764.605") == -154876461);
    CHECK(stored_pence(ColumnKind::pounds, "-0.5") == -50);
    CHECK(stored_pence(ColumnKind::pounds, "7") == 700);
    CHECK_FALSE(stored_pence(ColumnKind::pence, "").has_value());
}

TEST_CASE(
    "rows_in_unit: money in pounds with two decimals, or whole pence, and the rest as stored") {
    const std::vector<std::vector<std::string>> rows{
        {"run_id", "provider_code", "fy", "month", "income", "cost", "pressure", "forecast_income"},
        {"1", "RBV", "2024/25", "1", "123456", "-5", "0", ""},
    };
    const auto pounds = rows_in_unit("provider_month", rows, MoneyUnit::pounds);
    CHECK(pounds[0] == rows[0]);
    CHECK(pounds[1] ==
          std::vector<std::string>{"1", "RBV", "2024/25", "1", "1234.56", "-0.05", "0.00", ""});
    CHECK(rows_in_unit("provider_month", rows, MoneyUnit::pence) == rows);

    const std::vector<std::vector<std::string>> summary{
        {"run_id", "provider_code", "measure", "mean", "p5", "probability_above", "threshold"},
        {"2", "RBV", "pressure", "1234.565001", "-17.5", "0.25", "200000000"},
    };
    CHECK(rows_in_unit("provider_summary", summary, MoneyUnit::pounds)[1] ==
          std::vector<std::string>{"2", "RBV", "pressure", "1234.57", "-17.50", "0.25",
                                   "2000000.00"});
    CHECK(rows_in_unit("provider_summary", summary, MoneyUnit::pence)[1] ==
          std::vector<std::string>{"2", "RBV", "pressure", "123457", "-1750", "0.25", "200000000"});
}

TEST_CASE("options_summary's value: a probability for probability_overspend_above, pence for "
          "every other measure") {
    const std::vector<std::string> header{"run_id", "set_id", "measure", "value"};
    const std::vector<std::string> probability{"3", "3", "probability_overspend_above", "0.125"};
    const std::vector<std::string> outturn{"3", "3", "outturn_p50", "-123456789.4"};
    CHECK(cell_kind("options_summary", header, probability, 3) == ColumnKind::fraction);
    CHECK(cell_kind("options_summary", header, outturn, 3) == ColumnKind::pence);
    CHECK(cell_kind("options_summary", header, outturn, 2) == ColumnKind::text);
    const auto pounds =
        rows_in_unit("options_summary", {header, probability, outturn}, MoneyUnit::pounds);
    CHECK(pounds[1][3] == "0.125");
    CHECK(pounds[2][3] == "-1234567.89");
}
