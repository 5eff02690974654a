#pragma once

#include "entities/allocation_policy.hpp"
#include "entities/money.hpp"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <toml++/toml.h>

// Internal to scenarios/ (toml++ is a private dependency of the library).
namespace specflow::scenarios::detail {

enum class Presence { required, optional };

// The range a percentage may take, in basis points (bounds included), and how to say it.
struct PercentRange {
    std::int64_t min_bp = 0;
    std::int64_t max_bp = 0;
    std::string_view valid{}; // "a percentage from 0 to 100, at most two decimals"
};

// Shares, rates and tolerances.
inline constexpr PercentRange k_share_range{
    .min_bp = 0, .max_bp = 10'000, .valid = "a percentage from 0 to 100, at most two decimals"};
// Growth may be a cut, but not of everything. The upper bound only keeps basis points in 32
// bits; it is far beyond any real growth.
inline constexpr PercentRange k_growth_range{
    .min_bp = -9'999,
    .max_bp = 100'000'000,
    .valid = "a percentage greater than -100 and at most 1000000, at most two decimals"};

// "a table", "an integer": a TOML type as a message names it.
[[nodiscard]] std::string_view type_name(toml::node_type type);

// Reads values out of the parsed TOML file, naming the file, the position and the dotted key
// of anything wrong.
class TomlReader {
public:
    explicit TomlReader(std::filesystem::path file) : file_(std::move(file)) {}

    [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }

    [[noreturn]] void fail(const toml::source_region& source, std::string field,
                           const std::string& problem) const;

    // Where `node` is, to report a problem with it after loading.
    [[nodiscard]] entities::SourceRef source_ref(const toml::node& node) const;

    // Every key of `table` must be one of `valid`; `prefix` is the section ("policy.").
    void check_keys(const toml::table& table, std::string_view prefix,
                    std::span<const std::string_view> valid) const;

    // A section ([scenario]); nullptr when it is absent and optional.
    [[nodiscard]] const toml::table* section(const toml::table& root, std::string_view name,
                                             Presence presence) const;

    // section.key, which must be there; `section_name` is for the message ("allocation").
    [[nodiscard]] const toml::node&
    required(const toml::table& section, std::string_view section_name, std::string_view key) const;

    [[nodiscard]] std::string_view string(const toml::node& node, const std::string& field) const;
    [[nodiscard]] std::int64_t integer(const toml::node& node, const std::string& field) const;

    // A number with at most two decimals (pounds, percentages) in hundredths. TOML gives 99.5
    // as a double, which cannot hold it exactly: it is accepted when it is within a relative
    // 1e-9 of a whole number of hundredths, which no honest two-decimal value misses.
    [[nodiscard]] std::int64_t hundredths(const toml::node& node, const std::string& field,
                                          std::string_view valid) const;
    // A percentage with at most two decimals, in basis points, within `range`.
    [[nodiscard]] std::int32_t percent_bp(const toml::node& node, const std::string& field,
                                          const PercentRange& range) const;
    // Pounds and pence, not negative.
    [[nodiscard]] entities::Money pounds(const toml::node& node, const std::string& field) const;

    // "policy.monthly_profile"
    [[nodiscard]] static std::string dotted(std::string_view section, std::string_view key) {
        return std::string(section) + "." + std::string(key);
    }

private:
    std::filesystem::path file_;
};

} // namespace specflow::scenarios::detail
