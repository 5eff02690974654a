#include "reports/run_workbook.hpp"

#include "entities/money.hpp"
#include "entities/utf8_text.hpp"
#include "reports/column_kind.hpp"
#include "reports/csv_output.hpp"
#include "reports/scenario_parameters.hpp"
#include "reports/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <ctime>
#include <fmt/format.h>
#include <iomanip>
#include <memory>
#include <sstream>
#include <xlsxwriter.h>

namespace specflow::reports {

namespace fs = std::filesystem;

namespace {

using Rows = std::vector<std::vector<std::string>>;

constexpr double k_pence_per_pound = 100.0;
constexpr double k_percent = 100.0;
constexpr std::size_t k_width_min = 8;
constexpr std::size_t k_width_max = 60;
constexpr std::size_t k_rows_max = LXW_ROW_MAX; // a worksheet's rows, its header included
constexpr const char* k_about = "About this run";

// The file's creation time: the run's end (ISO 8601, UTC), so that the workbook of a run does
// not depend on when it was exported; 0 (now) if it does not read.
std::time_t utc_time(const std::string& iso) {
    std::tm parts{};
    std::istringstream text(iso);
    text >> std::get_time(&parts, "%Y-%m-%dT%H:%M:%S");
    return text.fail() ? 0 : timegm(&parts);
}

// An open libxlsxwriter workbook: written by close(), freed unwritten if anything throws first.
class Workbook {
public:
    Workbook(const fs::path& path, const std::string& title, std::time_t created)
        : book_(workbook_new(path.c_str())) {
        if (book_ == nullptr) {
            throw OutputError(fmt::format("cannot start the workbook {}", path.string()));
        }
        // The library copies it, from a non-const char*; U+FFFD for any stray byte, as in cells.
        std::string title_text = entities::with_valid_utf8(title);
        lxw_doc_properties properties{};
        properties.title = title_text.data();
        properties.created = created;
        check(workbook_set_properties(book_.get(), &properties), "properties");
        header = format([](lxw_format* f) { format_set_bold(f); });
        money = format([](lxw_format* f) { format_set_num_format(f, "£#,##0.00;-£#,##0.00"); });
        percent = format([](lxw_format* f) { format_set_num_format(f, "0.00%"); });
        cases = format([](lxw_format* f) { format_set_num_format(f, "#,##0.000"); });
    }
    Workbook(const Workbook&) = delete; // on purpose: one owner of the library's workbook
    Workbook& operator=(const Workbook&) = delete;

    lxw_worksheet* add_sheet(const std::string& name) {
        auto* sheet = workbook_add_worksheet(book_.get(), name.c_str());
        if (sheet == nullptr) {
            throw OutputError(fmt::format("cannot add the sheet '{}' to the workbook", name));
        }
        return sheet;
    }

    void close() {
        check(workbook_close(book_.release()), "file"); // which frees it, written or not
    }

    static void check(lxw_error error, const std::string& what) {
        if (error != LXW_NO_ERROR) {
            throw OutputError(
                fmt::format("cannot write the workbook's {}: {}", what, lxw_strerror(error)));
        }
    }

    lxw_format* header = nullptr;
    lxw_format* money = nullptr;
    lxw_format* percent = nullptr;
    lxw_format* cases = nullptr;

private:
    template <typename Set>
    lxw_format* format(Set set) {
        auto* f = workbook_add_format(book_.get());
        if (f == nullptr) {
            throw OutputError("cannot add a cell format to the workbook");
        }
        set(f);
        return f;
    }

    struct Free {
        void operator()(lxw_workbook* book) const { lxw_workbook_free(book); }
    };
    std::unique_ptr<lxw_workbook, Free> book_;
};

// Whether a text sets its column's width, or runs on over the empty cells to its right.
enum class Fit { column, overflow };

// One worksheet being written, with each column's widest text for its width.
class Sheet {
public:
    Sheet(Workbook& book, const std::string& name) : book_(book), sheet_(book.add_sheet(name)) {}

    // A text that is not UTF-8 (a name in a store written before names had to be) would make
    // the sheet's XML unreadable: its stray bytes are written as U+FFFD.
    void text(std::size_t row, std::size_t column, const std::string& raw,
              lxw_format* format = nullptr, Fit fit = Fit::column) {
        if (raw.empty()) {
            return;
        }
        const std::string value = entities::with_valid_utf8(raw);
        Workbook::check(worksheet_write_string(sheet_, cell_row(row), cell_column(column),
                                               value.c_str(), format),
                        fmt::format("cell ({}, {})", row + 1, column + 1));
        if (fit == Fit::column) {
            widen(column, value.size());
        }
    }

    void number(std::size_t row, std::size_t column, double value, std::size_t shown,
                lxw_format* format = nullptr) {
        Workbook::check(
            worksheet_write_number(sheet_, cell_row(row), cell_column(column), value, format),
            fmt::format("cell ({}, {})", row + 1, column + 1));
        widen(column, shown);
    }

    void header(std::size_t row, const std::vector<std::string>& names) {
        for (std::size_t c = 0; c < names.size(); ++c) {
            text(row, c, names[c], book_.header);
        }
    }

    // Freezes the rows above `rows` and sets every column's width to fit its text.
    void finish(std::size_t rows) {
        worksheet_freeze_panes(sheet_, cell_row(rows), 0);
        for (std::size_t c = 0; c < widths_.size(); ++c) {
            const auto width = std::clamp(widths_[c] + 2, k_width_min, k_width_max);
            Workbook::check(worksheet_set_column(sheet_, cell_column(c), cell_column(c),
                                                 static_cast<double>(width), nullptr),
                            "column widths");
        }
    }

private:
    static lxw_row_t cell_row(std::size_t row) { return static_cast<lxw_row_t>(row); }
    static lxw_col_t cell_column(std::size_t column) { return static_cast<lxw_col_t>(column); }

    void widen(std::size_t column, std::size_t shown) {
        if (widths_.size() <= column) {
            widths_.resize(column + 1, 0);
        }
        widths_[column] = std::max(widths_[column], shown);
    }

    Workbook& book_;
    lxw_worksheet* sheet_;
    std::vector<std::size_t> widths_;
};

// The characters "£1,234.56" takes.
std::size_t pounds_shown(std::int64_t pence) {
    const auto digits = entities::Money::from_pence(pence).to_pounds_string().size() - 3;
    return digits + (digits - 1) / 3 + 4;
}

// One stored cell, in the form its kind asks for.
void write_cell(Sheet& sheet, Workbook& book, std::size_t row, std::size_t column, ColumnKind kind,
                const std::string& value) {
    if (value.empty()) {
        return; // NULL in the store: an empty cell
    }
    switch (kind) {
    case ColumnKind::text:
    case ColumnKind::measured:
        sheet.text(row, column, value);
        return;
    case ColumnKind::integer:
        sheet.number(row, column, std::stod(value), value.size());
        return;
    case ColumnKind::number:
        sheet.number(row, column, std::stod(value), value.size() + 4, book.cases);
        return;
    case ColumnKind::pence:
    case ColumnKind::pounds: {
        const auto pence = *stored_pence(kind, value);
        sheet.number(row, column, static_cast<double>(pence) / k_pence_per_pound,
                     pounds_shown(pence), book.money);
        return;
    }
    case ColumnKind::fraction:
        sheet.number(row, column, std::stod(value), 8, book.percent);
        return;
    case ColumnKind::percent:
        sheet.number(row, column, std::stod(value) / k_percent, 8, book.percent);
        return;
    }
}

void table_sheet(Workbook& book, const std::string& name, const Rows& rows, std::int64_t run) {
    if (rows.size() > k_rows_max) {
        throw OutputError(fmt::format("{} of run {} has {} rows, more than a worksheet holds ({}); "
                                      "valid: export it alone as CSV (`specflow export {} {}`)",
                                      name, run, rows.size() - 1, k_rows_max - 1, run, name));
    }
    Sheet sheet(book, name);
    const auto& header = rows.front();
    sheet.header(0, header);
    std::vector<ColumnKind> kinds;
    for (const auto& column : header) {
        kinds.push_back(column_kind(name, column));
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < header.size(); ++c) {
            const auto kind =
                kinds[c] == ColumnKind::measured ? cell_kind(name, header, rows[r], c) : kinds[c];
            write_cell(sheet, book, r, c, kind, rows[r][c]);
        }
    }
    sheet.finish(1);
}

// The run's record as the store keeps it, its scenario text (too long for a cell) pointing to
// the sheet that holds it line by line.
Rows runs_rows(RunStore& store, std::int64_t run, std::size_t text_lines) {
    SQLite::Statement st(store.database(), "SELECT * FROM runs WHERE run_id = ?");
    st.bind(1, run);
    Rows rows(1);
    for (int c = 0; c < st.getColumnCount(); ++c) {
        rows[0].emplace_back(st.getColumnName(c));
    }
    if (st.executeStep()) {
        auto& row = rows.emplace_back();
        for (int c = 0; c < st.getColumnCount(); ++c) {
            row.push_back(rows[0][static_cast<std::size_t>(c)] == "scenario_text"
                              ? fmt::format("{} lines: the sheet scenario_text", text_lines)
                          : st.getColumn(c).isNull() ? std::string{}
                                                     : st.getColumn(c).getString());
        }
    }
    return rows;
}

Rows scenario_text_rows(const std::string& text) {
    Rows rows{{"line", "text"}};
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        rows.push_back({std::to_string(rows.size()), line});
    }
    return rows;
}

std::string replications_text(const RunRecord& r) {
    return r.replications == 0
               ? fmt::format("a single replication: number {}{}", r.replication,
                             r.replication == 0 ? " (the expected-value run: activity = plan)" : "")
               : fmt::format("{} replications (Monte Carlo)", fmt::group_digits(r.replications));
}

// The first sheet: what was asked, of which scenario, how, and on what assumptions.
void about_sheet(Workbook& book, const StoredRun& stored) {
    const auto& r = stored.record;
    Sheet sheet(book, k_about);
    sheet.header(0, {"", fmt::format("specflow run {}", stored.id)});
    const std::vector<std::pair<std::string, std::string>> items{
        {"question",
         r.scenario_question.empty() ? "(the scenario asks none)" : r.scenario_question},
        {"scenario", r.scenario_name},
        {"scenario title", r.scenario_title},
        {"kind", r.provider_code.empty() ? r.kind : r.kind + " of " + r.provider_code},
        {"seed", std::to_string(r.seed)},
        {"replications", replications_text(r)},
        {"years", std::to_string(r.years)},
        {"program version", r.program_version},
        {"started (UTC)", r.started_at},
        {"finished (UTC)", r.finished_at},
        {"command", r.command},
        {"scenario hash (SHA-256)", r.scenario_hash},
        {"money", "in pounds (the store keeps pence); shares and probabilities as percentages"},
    };
    std::size_t row = 1;
    for (const auto& [item, value] : items) {
        sheet.text(row, 0, item, book.header);
        sheet.text(row++, 1, value);
    }
    ++row;
    sheet.text(row++, 0, "Assumptions: every parameter the scenario's files set", book.header,
               Fit::overflow);
    sheet.text(row++, 0,
               "Published: the name and value are a published figure of the England scenario "
               "(scenarios/england-2024-25/README.md, Published facts) for the year it applies "
               "to; everything else is illustrative. A scenario's own file comes before the one "
               "it extends, and its values win.",
               nullptr, Fit::overflow);
    sheet.header(row++, {"parameter", "value", "financial year", "published or illustrative",
                         "source", "file"});
    for (const auto& p : scenario_parameters(r.scenario_text)) {
        sheet.text(row, 0, p.name);
        sheet.text(row, 1, p.value);
        sheet.text(row, 2, p.financial_year);
        sheet.text(row, 3, std::string(to_string(p.provenance)));
        sheet.text(row, 4, p.source);
        sheet.text(row++, 5, p.file);
    }
    sheet.finish(1);
}

std::vector<std::string> write_sheets(Workbook& book, RunStore& store, const StoredRun& stored) {
    std::vector<std::string> names{k_about};
    about_sheet(book, stored);
    const auto text = scenario_text_rows(stored.record.scenario_text);
    table_sheet(book, "runs", runs_rows(store, stored.id, text.size() - 1), stored.id);
    names.emplace_back("runs");
    for (const auto& table : RunStore::tables()) {
        const auto rows = store.table(stored.id, table);
        if (rows.size() > 1) {
            table_sheet(book, table, rows, stored.id);
            names.push_back(table);
        }
    }
    table_sheet(book, "scenario_text", text, stored.id);
    names.emplace_back("scenario_text");
    return names;
}

} // namespace

std::vector<std::string> write_run_workbook(RunStore& store, std::int64_t run,
                                            const fs::path& out) {
    const auto stored = store.existing_run(run);
    const auto directory = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    std::error_code error;
    fs::create_directories(directory, error);
    if (error) {
        throw OutputError(fmt::format("cannot create output directory {}: {}", directory.string(),
                                      error.message()));
    }
    if (fs::is_directory(out, error)) {
        throw OutputError(fmt::format("cannot write {}: it is a folder; valid: a path where a "
                                      "file may be written",
                                      out.string()));
    }
    const auto partial = directory / (out.filename().string() + ".partial");
    try {
        Workbook book(partial,
                      fmt::format("specflow run {}: {}", run, stored.record.scenario_title),
                      utc_time(stored.record.finished_at));
        const auto names = write_sheets(book, store, stored);
        book.close();
        fs::rename(partial, out, error);
        if (error) {
            throw OutputError(
                fmt::format("cannot move {} into place: {}", out.string(), error.message()));
        }
        return names;
    } catch (...) {
        fs::remove(partial, error);
        throw;
    }
}

} // namespace specflow::reports
