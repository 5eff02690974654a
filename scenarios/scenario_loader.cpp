#include "scenarios/scenario_loader.hpp"

#include "scenarios/csv_reader.hpp"
#include "scenarios/scenario_error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace specflow::scenarios {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_nhse_payer = "NHSE";
constexpr std::size_t k_codes_listed_max = 12; // longer lists of valid codes are cut short

// ---------------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------------

std::string join(std::span<const std::string_view> items, std::string_view separator) {
    std::string out;
    for (const auto item : items) {
        if (!out.empty()) {
            out += separator;
        }
        out += item;
    }
    return out;
}

// How a value from the input is shown in a message: quoted, so that spaces are visible.
std::string in_quotes(std::string_view text) {
    return text.empty() ? std::string("an empty field") : "'" + std::string(text) + "'";
}

bool is_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ---------------------------------------------------------------------------------------------
// Exact decimals: every number in the tables is read into an integer of its smallest unit
// (milli-cases, basis points, millionths), never through a double.
// ---------------------------------------------------------------------------------------------

enum class NumberProblem { none, not_a_number, too_many_decimals, out_of_range };

// Parses "-12.345" as value × 10^places; no exponent, no sign but '-', digits on both sides of
// the point.
NumberProblem parse_scaled_decimal(std::string_view text, std::size_t places, std::int64_t& out) {
    const bool negative = text.starts_with('-');
    if (negative) {
        text.remove_prefix(1);
    }
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction =
        dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty() || (dot != std::string_view::npos && fraction.empty()) || !is_digits(whole) ||
        !is_digits(fraction)) {
        return NumberProblem::not_a_number;
    }
    if (fraction.size() > places) {
        return NumberProblem::too_many_decimals;
    }
    std::int64_t value = 0;
    const auto push_digit = [&value](int digit) {
        return !__builtin_mul_overflow(value, std::int64_t{10}, &value) &&
               !__builtin_add_overflow(value, std::int64_t{digit}, &value);
    };
    for (const char c : whole) {
        if (!push_digit(c - '0')) {
            return NumberProblem::out_of_range;
        }
    }
    for (std::size_t i = 0; i < places; ++i) {
        if (!push_digit(i < fraction.size() ? fraction[i] - '0' : 0)) {
            return NumberProblem::out_of_range;
        }
    }
    out = negative ? -value : value;
    return NumberProblem::none;
}

// What a numeric column holds, for parsing and for saying what would be valid.
struct NumberFormat {
    std::string_view what{}; // "a number of cases"
    std::size_t places = 0;  // decimal places kept exactly
    bool allow_negative = false;
    bool require_positive = false;
    std::string_view example{};    // a valid value
    std::string_view extra_rule{}; // anything else worth saying about valid values
};

constexpr NumberFormat k_cases_format{.what = "a number of cases", .places = 3, .example = "12.5"};
constexpr NumberFormat k_need_index_format{
    .what = "a need index", .places = 6, .require_positive = true, .example = "0.925"};
constexpr NumberFormat k_dft_format{
    .what = "a percentage", .places = 2, .allow_negative = true, .example = "-11.11"};
constexpr NumberFormat k_rate_format{.what = "a percentage", .places = 2, .example = "75"};
constexpr NumberFormat k_population_format{
    .what = "a population", .require_positive = true, .example = "1084885"};
constexpr NumberFormat k_pounds_format{.what = "an amount in pounds",
                                       .places = 2,
                                       .example = "1234.56",
                                       .extra_rule =
                                           "without a pound sign or thousands separators"};

std::string valid_text(const NumberFormat& format) {
    std::string text = format.places == 0
                           ? std::string("a whole number")
                           : "a decimal with at most " + std::to_string(format.places) +
                                 " decimal places and no exponent";
    if (!format.extra_rule.empty()) {
        text += ", " + std::string(format.extra_rule);
    }
    if (format.require_positive) {
        text += ", greater than 0";
    } else if (!format.allow_negative) {
        text += ", not negative";
    }
    return "valid: " + text + ", e.g. " + std::string(format.example);
}

// ---------------------------------------------------------------------------------------------
// CSV cells and tables with their positions, so that any value can report where it came from.
// ---------------------------------------------------------------------------------------------

class Cell {
public:
    Cell(const fs::path& path, std::size_t line, std::size_t position, std::string_view column,
         std::string_view text)
        : path_(&path), line_(line), position_(position), column_(column), text_(text) {}

    [[nodiscard]] std::string_view text() const noexcept { return text_; }
    [[nodiscard]] std::size_t line() const noexcept { return line_; }

    [[noreturn]] void fail(const std::string& problem) const {
        throw ScenarioError(
            {.file = *path_, .line = line_, .column = position_ + 1, .field = std::string(column_)},
            problem);
    }

private:
    const fs::path* path_;
    std::size_t line_;
    std::size_t position_; // 0-based index of the field in the record
    std::string_view column_;
    std::string_view text_;
};

// A CSV table whose header holds exactly the columns the format defines, in any order.
class Table {
public:
    Table(CsvTable csv, std::span<const std::string_view> columns)
        : csv_(std::move(csv)), columns_(columns) {
        check_header();
        if (csv_.records.size() > std::numeric_limits<std::uint32_t>::max()) {
            throw ScenarioError({.file = csv_.path, .line = 0, .column = 0, .field = {}},
                                "too many records; valid: fewer than 2^32");
        }
    }

    [[nodiscard]] const fs::path& path() const noexcept { return csv_.path; }
    [[nodiscard]] const std::vector<CsvRecord>& records() const noexcept { return csv_.records; }

    [[nodiscard]] Cell cell(const CsvRecord& record, std::string_view column) const {
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            if (columns_[i] == column) {
                return {csv_.path, record.line, positions_[i], columns_[i],
                        record.fields[positions_[i]]};
            }
        }
        throw std::logic_error("Table::cell: column '" + std::string(column) +
                               "' is not one of the table's columns");
    }

    // A table with no records, where the scenario cannot work without one.
    void require_records(std::string_view what) const {
        if (csv_.records.empty()) {
            throw ScenarioError({.file = csv_.path, .line = 1, .column = 0, .field = {}},
                                "the table has no records; valid: at least one " +
                                    std::string(what));
        }
    }

private:
    void check_header() {
        const std::string valid = "valid columns (in any order): " + join(columns_, ",");
        for (std::size_t i = 0; i < csv_.header.size(); ++i) {
            if (std::find(columns_.begin(), columns_.end(), csv_.header[i]) == columns_.end()) {
                throw ScenarioError(
                    {.file = csv_.path, .line = 1, .column = i + 1, .field = csv_.header[i]},
                    "unknown column; " + valid);
            }
        }
        for (const auto column : columns_) {
            const auto position = csv_.column(column);
            if (!position) {
                throw ScenarioError(
                    {.file = csv_.path, .line = 1, .column = 0, .field = std::string(column)},
                    "missing column in the header; " + valid);
            }
            positions_.push_back(*position);
        }
    }

    CsvTable csv_;
    std::span<const std::string_view> columns_;
    std::vector<std::size_t> positions_; // positions_[i]: where columns_[i] is in the file
};

// One record of a Table, read by column name.
class Row {
public:
    Row(const Table& table, const CsvRecord& record) : table_(&table), record_(&record) {}

    [[nodiscard]] Cell operator[](std::string_view column) const {
        return table_->cell(*record_, column);
    }
    [[nodiscard]] std::size_t line() const noexcept { return record_->line; }

private:
    const Table* table_;
    const CsvRecord* record_;
};

// ---------------------------------------------------------------------------------------------
// Reading typed values out of cells
// ---------------------------------------------------------------------------------------------

std::string read_code(const Cell& cell) {
    const std::string_view text = cell.text();
    if (text.empty()) {
        cell.fail("empty; valid: a code such as QHG");
    }
    if (std::isspace(static_cast<unsigned char>(text.front())) != 0 ||
        std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        cell.fail(in_quotes(text) + " has spaces around it; valid: the code alone");
    }
    return std::string(text);
}

std::string read_name(const Cell& cell) {
    if (cell.text().empty()) {
        cell.fail("empty; valid: a name");
    }
    return std::string(cell.text());
}

std::int64_t read_number(const Cell& cell, const NumberFormat& format) {
    std::int64_t value = 0;
    switch (parse_scaled_decimal(cell.text(), format.places, value)) {
    case NumberProblem::none:
        break;
    case NumberProblem::not_a_number:
        cell.fail(in_quotes(cell.text()) + " is not " + std::string(format.what) + "; " +
                  valid_text(format));
    case NumberProblem::too_many_decimals:
        cell.fail(in_quotes(cell.text()) + " has more than " + std::to_string(format.places) +
                  " decimal places; " + valid_text(format));
    case NumberProblem::out_of_range:
        cell.fail(in_quotes(cell.text()) + " is too large; " + valid_text(format));
    }
    if (value < 0 && !format.allow_negative) {
        cell.fail(in_quotes(cell.text()) + " is negative; " + valid_text(format));
    }
    if (value <= 0 && format.require_positive) {
        cell.fail(in_quotes(cell.text()) + " is not greater than 0; " + valid_text(format));
    }
    return value;
}

// Pounds go through Money::parse_pounds, the one exact parser of money; it only says yes or
// no, so a rejected text is classified again by read_number to say what is wrong with it.
entities::Money read_pounds(const Cell& cell) {
    entities::Money amount;
    if (entities::Money::parse_pounds(cell.text(), amount) && !amount.is_negative()) {
        return amount;
    }
    (void)read_number(cell, k_pounds_format);
    cell.fail(in_quotes(cell.text()) + " is not an amount in pounds; " +
              valid_text(k_pounds_format));
}

// A percentage share of the unit price, 0 to 100, in basis points.
std::int32_t read_rate_bp(const Cell& cell) {
    const std::int64_t rate_bp = read_number(cell, k_rate_format);
    if (rate_bp > entities::k_basis_points_per_unit) {
        cell.fail(in_quotes(cell.text()) + " is above 100; valid: a percentage from 0 to 100");
    }
    return static_cast<std::int32_t>(rate_bp);
}

template <typename Value>
struct Choice {
    std::string_view text;
    Value value;
};

constexpr std::array<Choice<entities::DelegationStatus>, 3> k_delegations{{
    {"delegated", entities::DelegationStatus::delegated},
    {"joint", entities::DelegationStatus::joint},
    {"retained", entities::DelegationStatus::retained},
}};
constexpr std::array<Choice<bool>, 2> k_yes_no{{{"yes", true}, {"no", false}}};
constexpr std::array<Choice<entities::ProviderKind>, 2> k_provider_kinds{{
    {"specialist", entities::ProviderKind::specialist},
    {"acute", entities::ProviderKind::acute},
}};
constexpr std::array<Choice<entities::PortfolioCategory>, 4> k_categories{{
    {"delegable", entities::PortfolioCategory::delegable},
    {"not_ready", entities::PortfolioCategory::not_ready},
    {"retained", entities::PortfolioCategory::retained},
    {"hcdd", entities::PortfolioCategory::hcdd},
}};
constexpr std::array<Choice<entities::ContractKind>, 4> k_contract_kinds{{
    {"block", entities::ContractKind::block},
    {"api", entities::ContractKind::api},
    {"activity", entities::ContractKind::activity},
    {"lva", entities::ContractKind::lva},
}};

template <typename Value, std::size_t Count>
Value read_choice(const Cell& cell, const std::array<Choice<Value>, Count>& choices) {
    for (const auto& choice : choices) {
        if (choice.text == cell.text()) {
            return choice.value;
        }
    }
    std::array<std::string_view, Count> texts;
    std::transform(choices.begin(), choices.end(), texts.begin(),
                   [](const Choice<Value>& choice) { return choice.text; });
    cell.fail(in_quotes(cell.text()) + " is not a valid value; valid: " + join(texts, ", "));
}

// ---------------------------------------------------------------------------------------------
// Codes of one table, to find rows by code and to report duplicates with both lines.
// ---------------------------------------------------------------------------------------------

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
        return std::hash<std::string_view>{}(text);
    }
};

class CodeIndex {
public:
    CodeIndex() = default;
    CodeIndex(std::string_view noun, std::string_view column, const fs::path& file)
        : noun_(noun), column_(column), file_name_(file.filename().string()) {}

    // Adds the code in `cell` with the next index; a code already present is an error.
    void add(const Cell& cell) {
        const auto index = static_cast<std::uint32_t>(codes_.size());
        const auto [it, inserted] =
            entries_.try_emplace(std::string(cell.text()), Entry{index, cell.line()});
        if (!inserted) {
            cell.fail("duplicate " + column_ + " " + in_quotes(cell.text()) + " (first on line " +
                      std::to_string(it->second.line) + "); valid: each " + column_ + " once");
        }
        codes_.emplace_back(cell.text());
    }

    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view code) const {
        const auto it = entries_.find(code);
        return it == entries_.end() ? std::nullopt : std::optional(it->second.index);
    }

    // The index of the code in `cell`, which must be one of this table's.
    [[nodiscard]] std::uint32_t require(const Cell& cell) const {
        if (const auto index = find(cell.text())) {
            return *index;
        }
        cell.fail("unknown " + noun_ + " code " + in_quotes(cell.text()) +
                  "; valid: " + valid_codes());
    }

    [[nodiscard]] std::string valid_codes() const {
        std::string text = "a code from " + file_name_ + "'s " + column_ + " column";
        if (codes_.empty()) {
            return text + ", which has none";
        }
        const std::size_t listed = std::min(codes_.size(), k_codes_listed_max);
        text += " (";
        for (std::size_t i = 0; i < listed; ++i) {
            text += (i == 0 ? "" : ", ") + codes_[i];
        }
        if (listed < codes_.size()) {
            text += ", ... " + std::to_string(codes_.size()) + " in all";
        }
        return text + ")";
    }

private:
    struct Entry {
        std::uint32_t index;
        std::size_t line;
    };
    std::string noun_;
    std::string column_;
    std::string file_name_;
    std::unordered_map<std::string, Entry, StringHash, std::equal_to<>> entries_;
    std::vector<std::string> codes_; // in file order, for messages
};

template <typename Item>
std::uint32_t next_index(const std::vector<Item>& items) {
    return static_cast<std::uint32_t>(items.size());
}

// ---------------------------------------------------------------------------------------------
// The TOML file
// ---------------------------------------------------------------------------------------------

std::string_view type_name(toml::node_type type) {
    switch (type) {
    case toml::node_type::none:
        return "nothing";
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a floating-point number";
    case toml::node_type::boolean:
        return "a boolean";
    case toml::node_type::date:
        return "a date";
    case toml::node_type::time:
        return "a time";
    case toml::node_type::date_time:
        return "a date-time";
    }
    return "an unknown type";
}

enum class Presence { required, optional };

// Reads values out of the parsed TOML file, naming the file, the position and the dotted key
// of anything wrong.
class TomlReader {
public:
    explicit TomlReader(fs::path file) : file_(std::move(file)) {}

    [[nodiscard]] const fs::path& file() const noexcept { return file_; }

    [[noreturn]] void fail(const toml::source_region& source, std::string field,
                           const std::string& problem) const {
        throw ScenarioError({.file = file_,
                             .line = source.begin.line,
                             .column = source.begin.column,
                             .field = std::move(field)},
                            problem);
    }

    // Every key of `table` must be one of `valid`; `prefix` is the section ("policy.").
    void check_keys(const toml::table& table, std::string_view prefix,
                    std::span<const std::string_view> valid) const {
        const std::string_view noun = prefix.empty() ? "section" : "key";
        for (auto&& [key, node] : table) {
            if (std::find(valid.begin(), valid.end(), key.str()) == valid.end()) {
                fail(key.source(), std::string(prefix) + std::string(key.str()),
                     "unknown " + std::string(noun) + "; valid: " + join(valid, ", "));
            }
        }
    }

    // A section ([scenario]); nullptr when it is absent and optional.
    [[nodiscard]] const toml::table* section(const toml::table& root, std::string_view name,
                                             Presence presence) const {
        const toml::node* node = root.get(name);
        if (node == nullptr) {
            if (presence == Presence::required) {
                throw ScenarioError(
                    {.file = file_, .line = 0, .column = 0, .field = std::string(name)},
                    "missing section; valid: a [" + std::string(name) + "] table");
            }
            return nullptr;
        }
        if (!node->is_table()) {
            fail(node->source(), std::string(name),
                 "expected a [" + std::string(name) + "] table, found " +
                     std::string(type_name(node->type())));
        }
        return node->as_table();
    }

    [[nodiscard]] const toml::node& required(const toml::table& section,
                                             std::string_view section_name,
                                             std::string_view key) const {
        const toml::node* node = section.get(key);
        if (node == nullptr) {
            fail(section.source(), dotted(section_name, key),
                 "missing required key in [" + std::string(section_name) + "]");
        }
        return *node;
    }

    [[nodiscard]] std::string_view string(const toml::node& node, const std::string& field) const {
        if (const auto* value = node.as_string()) {
            return value->get();
        }
        fail(node.source(), field,
             "expected a string, found " + std::string(type_name(node.type())));
    }

    [[nodiscard]] std::int64_t integer(const toml::node& node, const std::string& field) const {
        if (const auto* value = node.as_integer()) {
            return value->get();
        }
        fail(node.source(), field,
             "expected a whole number, found " + std::string(type_name(node.type())));
    }

    // A number with at most two decimals (pounds, percentages) in hundredths. TOML gives 99.5
    // as a double, which cannot hold it exactly: it is accepted when it is within a relative
    // 1e-9 of a whole number of hundredths, which no honest two-decimal value misses.
    [[nodiscard]] std::int64_t hundredths(const toml::node& node, const std::string& field,
                                          std::string_view valid) const;

    [[nodiscard]] static std::string dotted(std::string_view section, std::string_view key) {
        return std::string(section) + "." + std::string(key);
    }

private:
    fs::path file_;
};

std::int64_t TomlReader::hundredths(const toml::node& node, const std::string& field,
                                    std::string_view valid) const {
    constexpr std::int64_t k_hundredths_per_unit = 100;
    constexpr double k_exact_double_max = 9.0e15; // below 2^53, where doubles are still integers
    constexpr double k_relative_tolerance = 1e-9;
    if (const auto* whole = node.as_integer()) {
        std::int64_t scaled = 0;
        if (__builtin_mul_overflow(whole->get(), k_hundredths_per_unit, &scaled)) {
            fail(node.source(), field, "too large; valid: " + std::string(valid));
        }
        return scaled;
    }
    if (const auto* real = node.as_floating_point()) {
        const double scaled = real->get() * static_cast<double>(k_hundredths_per_unit);
        if (!std::isfinite(scaled) || std::fabs(scaled) > k_exact_double_max) {
            fail(node.source(), field, "out of range; valid: " + std::string(valid));
        }
        const double nearest = std::nearbyint(scaled);
        if (std::fabs(scaled - nearest) > k_relative_tolerance * std::max(1.0, std::fabs(scaled))) {
            fail(node.source(), field,
                 "has more than two decimal places; valid: " + std::string(valid));
        }
        return std::llround(scaled);
    }
    fail(node.source(), field,
         "expected a number, found " + std::string(type_name(node.type())) +
             "; valid: " + std::string(valid));
}

constexpr std::array<std::string_view, 3> k_root_keys{"scenario", "tables", "policy"};
constexpr std::array<std::string_view, 4> k_scenario_keys{"name", "title", "financial_year",
                                                          "seed"};
constexpr std::array<std::string_view, 5> k_policy_keys{
    "api_rate_above_plan_pct", "api_rate_below_plan_pct", "lva_threshold_pounds",
    "nhse_direct_budget_pounds", "monthly_profile"};

// The CSV files named in [tables], resolved against the TOML file's folder.
struct TablePaths {
    fs::path regions;
    fs::path icbs;
    fs::path providers;
    fs::path service_lines;
    fs::path costs;
    fs::path flows;
    fs::path contracts;
};

// A key of [tables] and where its path goes.
struct TableKey {
    std::string_view key;
    fs::path TablePaths::*member;
};

const std::array<TableKey, 7> k_table_keys{{
    {"regions", &TablePaths::regions},
    {"icbs", &TablePaths::icbs},
    {"providers", &TablePaths::providers},
    {"service_lines", &TablePaths::service_lines},
    {"costs", &TablePaths::costs},
    {"flows", &TablePaths::flows},
    {"contracts", &TablePaths::contracts},
}};

// ---------------------------------------------------------------------------------------------
// Column lists of the CSV tables (docs/scenario-format.md)
// ---------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 2> k_region_columns{"region_code", "region_name"};
constexpr std::array<std::string_view, 9> k_icb_columns{
    "icb_code", "icb_name",   "region_code", "registered_population", "need_index",
    "dft_pct",  "delegation", "ringfenced",  "budget_pounds"};
constexpr std::array<std::string_view, 4> k_provider_columns{"provider_code", "provider_name",
                                                             "home_icb_code", "provider_kind"};
constexpr std::array<std::string_view, 4> k_service_line_columns{
    "service_line_code", "service_line_name", "category", "unit_price_pounds"};
constexpr std::array<std::string_view, 4> k_cost_columns{"provider_code", "service_line_code",
                                                         "fixed_cost_pounds_per_year",
                                                         "marginal_cost_pounds_per_case"};
constexpr std::array<std::string_view, 4> k_flow_columns{
    "icb_code", "provider_code", "service_line_code", "expected_cases_per_year"};
constexpr std::array<std::string_view, 8> k_contract_columns{
    "contract_code",       "payer",         "provider_code",      "kind",
    "annual_value_pounds", "service_lines", "api_rate_above_pct", "api_rate_below_pct"};

// ---------------------------------------------------------------------------------------------
// The loader: TOML first, then the tables in the order they refer to each other.
// ---------------------------------------------------------------------------------------------

// Loads one scenario; load() may be called once.
class Loader {
public:
    explicit Loader(const fs::path& toml_path) : toml_(toml_path) {}

    entities::Scenario load() {
        const toml::table root = parse_toml();
        toml_.check_keys(root, "", k_root_keys);
        read_scenario_section(*toml_.section(root, "scenario", Presence::required));
        const TablePaths paths =
            read_tables_section(*toml_.section(root, "tables", Presence::required));
        if (const toml::table* policy = toml_.section(root, "policy", Presence::optional)) {
            read_policy_section(*policy);
        }
        read_regions(Table(read_csv(paths.regions), k_region_columns));
        read_icbs(Table(read_csv(paths.icbs), k_icb_columns));
        read_providers(Table(read_csv(paths.providers), k_provider_columns));
        read_service_lines(Table(read_csv(paths.service_lines), k_service_line_columns));
        read_costs(Table(read_csv(paths.costs), k_cost_columns));
        read_contracts(Table(read_csv(paths.contracts), k_contract_columns));
        read_flows(Table(read_csv(paths.flows), k_flow_columns));
        // Everything above validated user input; verify() failing now would be a loader bug.
        scenario_.verify();
        return std::move(scenario_);
    }

private:
    toml::table parse_toml() const;
    void read_scenario_section(const toml::table& section);
    TablePaths read_tables_section(const toml::table& section) const;
    void read_policy_section(const toml::table& section);
    void read_monthly_profile(const toml::node& node);

    void read_regions(const Table& table);
    void read_icbs(const Table& table);
    void read_providers(const Table& table);
    void read_service_lines(const Table& table);
    void read_costs(const Table& table);
    void read_contracts(const Table& table);
    void read_flows(const Table& table);

    entities::Payer read_payer(const Cell& cell) const;
    std::vector<entities::ServiceLineId> read_line_list(const Cell& cell) const;
    void read_contract_terms(const Row& row, entities::Contract& contract) const;
    void require_cost(const Row& row, const entities::Flow& flow) const;
    entities::ContractId resolve_contract(const Row& row, const entities::Flow& flow) const;
    std::string describe(const entities::Flow& flow) const;

    TomlReader toml_;
    entities::Scenario scenario_;
    CodeIndex regions_;
    CodeIndex icbs_;
    CodeIndex providers_;
    CodeIndex service_lines_;
    CodeIndex contracts_;
    fs::path contracts_file_;
    std::vector<std::size_t> contract_lines_;
    std::vector<std::vector<std::uint32_t>> contracts_by_provider_;
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> cost_lines_;
};

toml::table Loader::parse_toml() const {
    const fs::path& file = toml_.file();
    std::error_code status_error;
    std::ifstream in(file, std::ios::binary);
    if (!fs::is_regular_file(file, status_error) || !in) {
        throw ScenarioError({.file = file, .line = 0, .column = 0, .field = {}},
                            "cannot open the scenario file; valid: a path to a scenario TOML "
                            "file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return toml::parse(text.view(), file.string());
    } catch (const toml::parse_error& error) {
        throw ScenarioError({.file = file,
                             .line = error.source().begin.line,
                             .column = error.source().begin.column,
                             .field = {}},
                            "TOML syntax: " + std::string(error.description()));
    }
}

void Loader::read_scenario_section(const toml::table& section) {
    toml_.check_keys(section, "scenario.", k_scenario_keys);
    const auto field = [](std::string_view key) { return TomlReader::dotted("scenario", key); };

    const toml::node& name = toml_.required(section, "scenario", "name");
    scenario_.name = std::string(toml_.string(name, field("name")));
    const bool name_ok =
        !scenario_.name.empty() &&
        std::all_of(scenario_.name.begin(), scenario_.name.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
        });
    if (!name_ok) {
        toml_.fail(name.source(), field("name"),
                   in_quotes(scenario_.name) +
                       " is not a short identifier; valid: letters, digits, "
                       "'-' and '_', e.g. england-2024-25");
    }

    scenario_.title =
        std::string(toml_.string(toml_.required(section, "scenario", "title"), field("title")));

    const toml::node& year = toml_.required(section, "scenario", "financial_year");
    const std::string_view year_text = toml_.string(year, field("financial_year"));
    const auto parsed_year = entities::FinancialYear::parse(year_text);
    if (!parsed_year) {
        toml_.fail(year.source(), field("financial_year"),
                   in_quotes(year_text) +
                       " is not a financial year; valid: \"YYYY/YY\" where YY is "
                       "the next year's last two digits, e.g. \"2024/25\"");
    }
    scenario_.first_year = *parsed_year;

    const toml::node& seed = toml_.required(section, "scenario", "seed");
    const std::int64_t seed_value = toml_.integer(seed, field("seed"));
    if (seed_value < 0 || seed_value > std::numeric_limits<std::uint32_t>::max()) {
        toml_.fail(seed.source(), field("seed"),
                   std::to_string(seed_value) + " is out of range; valid: 0 .. 4294967295");
    }
    scenario_.seed = static_cast<std::uint32_t>(seed_value);
}

TablePaths Loader::read_tables_section(const toml::table& section) const {
    std::array<std::string_view, k_table_keys.size()> keys;
    std::transform(k_table_keys.begin(), k_table_keys.end(), keys.begin(),
                   [](const TableKey& key) { return key.key; });
    toml_.check_keys(section, "tables.", keys);
    TablePaths paths;
    for (const auto& [key, member] : k_table_keys) {
        const std::string field = TomlReader::dotted("tables", key);
        const toml::node& node = toml_.required(section, "tables", key);
        const std::string_view relative = toml_.string(node, field);
        if (relative.empty()) {
            toml_.fail(node.source(), field,
                       "empty; valid: a CSV file name such as \"" + std::string(key) + ".csv\"");
        }
        // Relative paths are relative to the TOML file, not to the working directory.
        fs::path path = toml_.file().parent_path() / fs::path(relative);
        std::error_code error;
        if (!fs::is_regular_file(path, error)) {
            toml_.fail(node.source(), field,
                       "no such file '" + path.string() +
                           "'; valid: a CSV file, relative to the TOML file's folder");
        }
        paths.*member = std::move(path);
    }
    return paths;
}

void Loader::read_policy_section(const toml::table& section) {
    toml_.check_keys(section, "policy.", k_policy_keys);
    const auto field = [](std::string_view key) { return TomlReader::dotted("policy", key); };
    const auto rate = [&](std::string_view key, std::int32_t& out_bp) {
        const toml::node* node = section.get(key);
        if (node == nullptr) {
            return;
        }
        constexpr std::string_view valid = "a percentage from 0 to 100, at most two decimals";
        const std::int64_t rate_bp = toml_.hundredths(*node, field(key), valid);
        if (rate_bp < 0 || rate_bp > entities::k_basis_points_per_unit) {
            toml_.fail(node->source(), field(key), "out of range; valid: " + std::string(valid));
        }
        out_bp = static_cast<std::int32_t>(rate_bp);
    };
    const auto pounds = [&](std::string_view key, entities::Money& out) {
        const toml::node* node = section.get(key);
        if (node == nullptr) {
            return;
        }
        constexpr std::string_view valid = "pounds, not negative, at most two decimals (pence)";
        const std::int64_t pence = toml_.hundredths(*node, field(key), valid);
        if (pence < 0) {
            toml_.fail(node->source(), field(key), "negative; valid: " + std::string(valid));
        }
        out = entities::Money::from_pence(pence);
    };
    rate("api_rate_above_plan_pct", scenario_.policy.api_rate_above_bp);
    rate("api_rate_below_plan_pct", scenario_.policy.api_rate_below_bp);
    pounds("lva_threshold_pounds", scenario_.policy.lva_threshold);
    pounds("nhse_direct_budget_pounds", scenario_.policy.nhse_direct_budget);
    if (const toml::node* profile = section.get("monthly_profile")) {
        read_monthly_profile(*profile);
    }
}

void Loader::read_monthly_profile(const toml::node& node) {
    const std::string field = TomlReader::dotted("policy", "monthly_profile");
    constexpr std::string_view valid =
        "; valid: 12 whole numbers, April .. March, none negative and at least one positive";
    const toml::array* weights = node.as_array();
    if (weights == nullptr) {
        toml_.fail(node.source(), field,
                   "expected an array, found " + std::string(type_name(node.type())) +
                       std::string(valid));
    }
    if (weights->size() != entities::k_months_per_year) {
        toml_.fail(node.source(), field,
                   "has " + std::to_string(weights->size()) + " weights" + std::string(valid));
    }
    bool any_positive = false;
    for (std::size_t month = 0; month < weights->size(); ++month) {
        const toml::node& weight = *weights->get(month);
        const auto* value = weight.as_integer();
        if (value == nullptr || value->get() < 0) {
            toml_.fail(weight.source(), field,
                       "weight " + std::to_string(month + 1) + " is not a whole number >= 0" +
                           std::string(valid));
        }
        scenario_.policy.monthly_profile[month] = value->get();
        any_positive = any_positive || value->get() > 0;
    }
    if (!any_positive) {
        toml_.fail(node.source(), field, "every weight is 0" + std::string(valid));
    }
}

void Loader::read_regions(const Table& table) {
    regions_ = CodeIndex("region", "region_code", table.path());
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Region region;
        region.id = entities::RegionId(next_index(scenario_.regions));
        region.code = read_code(row["region_code"]);
        regions_.add(row["region_code"]);
        region.name = read_name(row["region_name"]);
        scenario_.regions.push_back(std::move(region));
    }
    table.require_records("region");
}

void Loader::read_icbs(const Table& table) {
    icbs_ = CodeIndex("ICB", "icb_code", table.path());
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Icb icb;
        icb.id = entities::IcbId(next_index(scenario_.icbs));
        icb.code = read_code(row["icb_code"]);
        if (icb.code == k_nhse_payer) {
            // A payer column holds either an ICB code or NHSE; an ICB so named would be ambiguous.
            row["icb_code"].fail("'NHSE' is reserved for NHS England as a payer; valid: an ODS "
                                 "code such as QHG");
        }
        icbs_.add(row["icb_code"]);
        icb.name = read_name(row["icb_name"]);
        icb.region = entities::RegionId(regions_.require(row["region_code"]));
        icb.registered_population = read_number(row["registered_population"], k_population_format);
        icb.need_index_micro = read_number(row["need_index"], k_need_index_format);
        // Percent with two decimals is basis points: -11.11% is -1111 bp.
        icb.dft_bp = read_number(row["dft_pct"], k_dft_format);
        icb.delegation = read_choice(row["delegation"], k_delegations);
        icb.ringfenced = read_choice(row["ringfenced"], k_yes_no);
        icb.budget = read_pounds(row["budget_pounds"]);
        scenario_.icbs.push_back(std::move(icb));
    }
    table.require_records("ICB");
}

void Loader::read_providers(const Table& table) {
    providers_ = CodeIndex("provider", "provider_code", table.path());
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Provider provider;
        provider.id = entities::ProviderId(next_index(scenario_.providers));
        provider.code = read_code(row["provider_code"]);
        providers_.add(row["provider_code"]);
        provider.name = read_name(row["provider_name"]);
        provider.home_icb = entities::IcbId(icbs_.require(row["home_icb_code"]));
        provider.kind = read_choice(row["provider_kind"], k_provider_kinds);
        scenario_.providers.push_back(std::move(provider));
    }
}

void Loader::read_service_lines(const Table& table) {
    service_lines_ = CodeIndex("service line", "service_line_code", table.path());
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::ServiceLine line;
        line.id = entities::ServiceLineId(next_index(scenario_.service_lines));
        line.code = read_code(row["service_line_code"]);
        service_lines_.add(row["service_line_code"]);
        line.name = read_name(row["service_line_name"]);
        line.category = read_choice(row["category"], k_categories);
        line.unit_price = read_pounds(row["unit_price_pounds"]);
        scenario_.service_lines.push_back(std::move(line));
    }
}

void Loader::read_costs(const Table& table) {
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::ProviderCost cost;
        cost.provider = entities::ProviderId(providers_.require(row["provider_code"]));
        cost.service_line =
            entities::ServiceLineId(service_lines_.require(row["service_line_code"]));
        const auto [it, inserted] =
            cost_lines_.try_emplace({cost.provider.value(), cost.service_line.value()}, row.line());
        if (!inserted) {
            row["service_line_code"].fail(
                "duplicate costs for provider " + scenario_.providers[cost.provider.index()].code +
                " and service line " + std::string(row["service_line_code"].text()) +
                " (first on line " + std::to_string(it->second) +
                "); valid: one row per provider and service line");
        }
        cost.fixed_per_year = read_pounds(row["fixed_cost_pounds_per_year"]);
        cost.marginal_per_case = read_pounds(row["marginal_cost_pounds_per_case"]);
        scenario_.costs.push_back(cost);
    }
}

void Loader::read_contracts(const Table& table) {
    contracts_ = CodeIndex("contract", "contract_code", table.path());
    contracts_file_ = table.path();
    contracts_by_provider_.assign(scenario_.providers.size(), {});
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Contract contract;
        contract.id = entities::ContractId(next_index(scenario_.contracts));
        contract.code = read_code(row["contract_code"]);
        contracts_.add(row["contract_code"]);
        contract.payer = read_payer(row["payer"]);
        contract.provider = entities::ProviderId(providers_.require(row["provider_code"]));
        contract.kind = read_choice(row["kind"], k_contract_kinds);
        contract.service_lines = read_line_list(row["service_lines"]);
        read_contract_terms(row, contract);
        contracts_by_provider_[contract.provider.index()].push_back(contract.id.value());
        contract_lines_.push_back(row.line());
        scenario_.contracts.push_back(std::move(contract));
    }
}

entities::Payer Loader::read_payer(const Cell& cell) const {
    if (cell.text() == k_nhse_payer) {
        return entities::Payer{};
    }
    if (const auto icb = icbs_.find(cell.text())) {
        return entities::Payer{entities::IcbId(*icb)};
    }
    cell.fail("unknown payer " + in_quotes(cell.text()) + "; valid: NHSE, or " +
              icbs_.valid_codes());
}

// "*" for every line, or codes separated by ';' (spaces around a code are allowed).
std::vector<entities::ServiceLineId> Loader::read_line_list(const Cell& cell) const {
    const std::string_view text = cell.text();
    const std::string valid = "; valid: * for every line, or service_line_code values separated "
                              "by ';', e.g. RTX;CHM";
    if (text == "*") {
        return {};
    }
    if (text.empty()) {
        cell.fail("empty" + valid);
    }
    std::vector<entities::ServiceLineId> lines;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t end = std::min(text.find(';', start), text.size());
        std::string_view code = text.substr(start, end - start);
        code.remove_prefix(std::min(code.find_first_not_of(' '), code.size()));
        code.remove_suffix(code.size() - std::min(code.find_last_not_of(' ') + 1, code.size()));
        if (code.empty()) {
            cell.fail(in_quotes(text) + " has an empty item" + valid);
        }
        const auto index = service_lines_.find(code);
        if (!index) {
            cell.fail("unknown service line code " + in_quotes(code) +
                      " in the list; valid: " + service_lines_.valid_codes());
        }
        const entities::ServiceLineId line(*index);
        if (std::find(lines.begin(), lines.end(), line) != lines.end()) {
            cell.fail("service line " + in_quotes(code) + " is listed twice" + valid);
        }
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

// The annual value and api rates, whose meaning depends on the kind of contract.
void Loader::read_contract_terms(const Row& row, entities::Contract& contract) const {
    const Cell value = row["annual_value_pounds"];
    const std::string kind(entities::to_string(contract.kind));
    if (contract.kind == entities::ContractKind::activity) {
        // An activity contract is paid per case only; a value here would be silently ignored.
        if (!value.text().empty() && !read_pounds(value).is_zero()) {
            value.fail(in_quotes(value.text()) +
                       " given for an activity contract; valid: 0 or empty (activity contracts "
                       "pay per case)");
        }
    } else {
        contract.annual_value = read_pounds(value);
    }
    const Cell above = row["api_rate_above_pct"];
    const Cell below = row["api_rate_below_pct"];
    if (contract.kind != entities::ContractKind::api) {
        for (const Cell& rate : {above, below}) {
            if (!rate.text().empty()) {
                rate.fail(in_quotes(rate.text()) + " given for a " + kind +
                          " contract; valid: empty (only api contracts take rates)");
            }
        }
        return;
    }
    contract.api_rate_above_bp =
        above.text().empty() ? scenario_.policy.api_rate_above_bp : read_rate_bp(above);
    contract.api_rate_below_bp =
        below.text().empty() ? scenario_.policy.api_rate_below_bp : read_rate_bp(below);
}

void Loader::read_flows(const Table& table) {
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, std::size_t> flow_lines;
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Flow flow;
        flow.id = entities::FlowId(next_index(scenario_.flows));
        flow.icb = entities::IcbId(icbs_.require(row["icb_code"]));
        flow.provider = entities::ProviderId(providers_.require(row["provider_code"]));
        flow.service_line =
            entities::ServiceLineId(service_lines_.require(row["service_line_code"]));
        flow.cases_per_year_milli = read_number(row["expected_cases_per_year"], k_cases_format);
        const auto [it, inserted] = flow_lines.try_emplace(
            {flow.icb.value(), flow.provider.value(), flow.service_line.value()}, row.line());
        if (!inserted) {
            row["service_line_code"].fail("duplicate flow " + describe(flow) + " (first on line " +
                                          std::to_string(it->second) +
                                          "); valid: each (icb, provider, service line) once");
        }
        require_cost(row, flow);
        flow.contract = resolve_contract(row, flow);
        scenario_.flows.push_back(flow);
    }
}

void Loader::require_cost(const Row& row, const entities::Flow& flow) const {
    if (cost_lines_.contains({flow.provider.value(), flow.service_line.value()})) {
        return;
    }
    row["service_line_code"].fail(
        "provider " + scenario_.providers[flow.provider.index()].code +
        " has no costs row for service line " +
        scenario_.service_lines[flow.service_line.index()].code +
        "; valid: a service line the provider has a row for in the costs table");
}

// The one contract that pays for a flow: same provider, covering the line, paid by the flow's
// ICB or by NHS England. Contracts are indexed by provider, so this looks at a handful.
entities::ContractId Loader::resolve_contract(const Row& row, const entities::Flow& flow) const {
    std::vector<std::uint32_t> matches;
    for (const std::uint32_t index : contracts_by_provider_[flow.provider.index()]) {
        const entities::Contract& contract = scenario_.contracts[index];
        if (contract.covers(flow.service_line) &&
            (contract.payer.is_nhse() || *contract.payer.icb == flow.icb)) {
            matches.push_back(index);
        }
    }
    if (matches.size() == 1) {
        return entities::ContractId(matches.front());
    }
    const std::string valid = "; valid: exactly one contract in " +
                              contracts_file_.filename().string() + " with provider_code " +
                              scenario_.providers[flow.provider.index()].code + ", payer " +
                              scenario_.icbs[flow.icb.index()].code +
                              " or NHSE, and service_lines "
                              "* or a list holding " +
                              scenario_.service_lines[flow.service_line.index()].code;
    if (matches.empty()) {
        row["provider_code"].fail("no contract covers the flow " + describe(flow) + valid);
    }
    const auto named = [this](std::uint32_t index) {
        return scenario_.contracts[index].code + " (line " +
               std::to_string(contract_lines_[index]) + ")";
    };
    row["provider_code"].fail("the flow " + describe(flow) + " is covered by " +
                              std::to_string(matches.size()) + " contracts, " + named(matches[0]) +
                              " and " + named(matches[1]) + valid);
}

std::string Loader::describe(const entities::Flow& flow) const {
    return "(" + scenario_.icbs[flow.icb.index()].code + ", " +
           scenario_.providers[flow.provider.index()].code + ", " +
           scenario_.service_lines[flow.service_line.index()].code + ")";
}

} // namespace

entities::Scenario load_scenario(const std::filesystem::path& toml_path) {
    return Loader(toml_path).load();
}

} // namespace specflow::scenarios
