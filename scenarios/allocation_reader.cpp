#include "scenarios/allocation_reader.hpp"

#include "entities/contract.hpp"
#include "scenarios/text.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace specflow::scenarios::detail {

namespace {

using entities::Money;
using entities::YearPolicy;

constexpr std::string_view k_section = "allocation";
constexpr std::string_view k_all_regions = "all";

constexpr std::array<std::string_view, 7> k_allocation_keys{"policy",
                                                            "baseline_total_pounds",
                                                            "hcdd_share_pct",
                                                            "delegable_share_pct",
                                                            "not_ready_share_pct",
                                                            "retained_share_pct",
                                                            "years"};
constexpr std::array<std::string_view, 12> k_year_keys{
    "financial_year",   "budget_pounds",        "growth_pct",
    "floor_growth_pct", "cap_growth_pct",       "tolerance_pct",
    "pace_pct",         "cost_uplift_pct",      "efficiency_pct",
    "delegate_regions", "lva_threshold_pounds", "reserve_pct"};

// A required percentage of a year entry and where it goes.
struct YearPercent {
    std::string_view key;
    std::int32_t YearPolicy::*member;
    PercentRange range;
};

constexpr std::array<YearPercent, 6> k_year_percents{{
    {"floor_growth_pct", &YearPolicy::floor_growth_bp, k_growth_range},
    {"cap_growth_pct", &YearPolicy::cap_growth_bp, k_growth_range},
    {"tolerance_pct", &YearPolicy::tolerance_bp, k_share_range},
    {"pace_pct", &YearPolicy::pace_bp, k_share_range},
    {"cost_uplift_pct", &YearPolicy::cost_uplift_bp, k_share_range},
    {"efficiency_pct", &YearPolicy::efficiency_bp, k_share_range},
}};

class AllocationReader {
public:
    AllocationReader(const TomlReader& toml, entities::FinancialYear first_year,
                     const CodeIndex& regions)
        : toml_(toml), first_year_(first_year), regions_(regions) {}

    [[nodiscard]] AllocationSection read(const toml::table& section) const;

private:
    [[nodiscard]] entities::ConvergencePolicy read_policy(const toml::table& section) const;
    void read_shares(const toml::table& section, entities::AllocationPolicy& policy) const;
    [[nodiscard]] std::vector<YearPolicy> read_years(const toml::table& section,
                                                     Money baseline_total) const;
    [[nodiscard]] YearPolicy read_year(const toml::table& entry, const std::string& prefix,
                                       entities::FinancialYear expected, Money previous) const;
    [[nodiscard]] entities::FinancialYear
    read_financial_year(const toml::table& entry, const std::string& prefix,
                        entities::FinancialYear expected) const;
    [[nodiscard]] Money read_budget(const toml::table& entry, const std::string& prefix,
                                    Money previous) const;
    [[nodiscard]] std::vector<entities::RegionId>
    read_delegate_regions(const toml::node& node, const std::string& field) const;
    [[nodiscard]] const toml::node& required_in_year(const toml::table& entry,
                                                     const std::string& prefix,
                                                     std::string_view key) const;

    [[nodiscard]] static std::string field(std::string_view key) {
        return TomlReader::dotted(k_section, key);
    }

    const TomlReader& toml_;
    entities::FinancialYear first_year_;
    const CodeIndex& regions_;
};

AllocationSection AllocationReader::read(const toml::table& section) const {
    toml_.check_keys(section, "allocation.", k_allocation_keys);
    AllocationSection out;
    out.policy.source = toml_.source_ref(section);
    out.policy.policy = read_policy(section);
    out.policy.baseline_total =
        toml_.pounds(toml_.required(section, k_section, "baseline_total_pounds"),
                     field("baseline_total_pounds"));
    if (const toml::node* hcdd = section.get("hcdd_share_pct")) {
        out.hcdd_share_bp = toml_.percent_bp(*hcdd, field("hcdd_share_pct"), k_share_range);
    }
    read_shares(section, out.policy);
    out.policy.years = read_years(section, out.policy.baseline_total);
    return out;
}

entities::ConvergencePolicy AllocationReader::read_policy(const toml::table& section) const {
    constexpr std::array<entities::ConvergencePolicy, 2> k_policies{
        entities::ConvergencePolicy::level_up, entities::ConvergencePolicy::pace};
    const toml::node& node = toml_.required(section, k_section, "policy");
    const std::string_view text = toml_.string(node, field("policy"));
    for (const auto policy : k_policies) {
        if (entities::to_string(policy) == text) {
            return policy;
        }
    }
    toml_.fail(node.source(), field("policy"),
               in_quotes(text) + " is not a valid value; valid: level_up, pace");
}

// The shares of the allocation after HCDD by portfolio category: each 0..100, together 100.
void AllocationReader::read_shares(const toml::table& section,
                                   entities::AllocationPolicy& policy) const {
    const auto share = [&](std::string_view key) {
        return toml_.percent_bp(toml_.required(section, k_section, key), field(key), k_share_range);
    };
    policy.delegable_share_bp = share("delegable_share_pct");
    policy.not_ready_share_bp = share("not_ready_share_pct");
    policy.retained_share_bp = share("retained_share_pct");
    const std::int64_t sum_bp = std::int64_t{policy.delegable_share_bp} +
                                policy.not_ready_share_bp + policy.retained_share_bp;
    if (sum_bp != entities::k_basis_points_per_unit) {
        toml_.fail(section.source(), std::string(k_section),
                   "delegable_share_pct " + percent_text(policy.delegable_share_bp) +
                       " + not_ready_share_pct " + percent_text(policy.not_ready_share_bp) +
                       " + retained_share_pct " + percent_text(policy.retained_share_bp) + " = " +
                       percent_text(sum_bp) + "; valid: three shares that add up to exactly 100");
    }
}

std::vector<YearPolicy> AllocationReader::read_years(const toml::table& section,
                                                     Money baseline_total) const {
    const toml::node& node = toml_.required(section, k_section, "years");
    const std::string valid = "; valid: one [[allocation.years]] table per financial year, "
                              "consecutive from [scenario].financial_year " +
                              first_year_.label();
    const toml::array* entries = node.as_array();
    if (entries == nullptr) {
        toml_.fail(node.source(), field("years"),
                   "expected an array of tables, found " + std::string(type_name(node.type())) +
                       valid);
    }
    if (entries->empty()) {
        toml_.fail(node.source(), field("years"), "no entries" + valid);
    }
    std::vector<YearPolicy> years;
    entities::FinancialYear expected = first_year_;
    Money previous = baseline_total;
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const toml::node& item = *entries->get(i);
        // Entries are numbered from 1, as a reader counts the [[allocation.years]] headers.
        const std::string prefix = field("years") + "[" + std::to_string(i + 1) + "]";
        const toml::table* entry = item.as_table();
        if (entry == nullptr) {
            toml_.fail(item.source(), prefix,
                       "expected a table, found " + std::string(type_name(item.type())) + valid);
        }
        years.push_back(read_year(*entry, prefix, expected, previous));
        expected = expected.next();
        previous = years.back().budget;
    }
    return years;
}

YearPolicy AllocationReader::read_year(const toml::table& entry, const std::string& prefix,
                                       entities::FinancialYear expected, Money previous) const {
    toml_.check_keys(entry, prefix + ".", k_year_keys);
    YearPolicy year;
    for (auto&& [key, node] : entry) {
        year.sources.emplace(std::string(key.str()), toml_.source_ref(node));
    }
    year.year = read_financial_year(entry, prefix, expected);
    year.budget = read_budget(entry, prefix, previous);
    for (const auto& [key, member, range] : k_year_percents) {
        year.*member = toml_.percent_bp(required_in_year(entry, prefix, key),
                                        TomlReader::dotted(prefix, key), range);
    }
    if (const toml::node* regions = entry.get("delegate_regions")) {
        year.delegate_regions =
            read_delegate_regions(*regions, TomlReader::dotted(prefix, "delegate_regions"));
    }
    if (const toml::node* reserve = entry.get("reserve_pct")) {
        year.reserve_bp =
            toml_.percent_bp(*reserve, TomlReader::dotted(prefix, "reserve_pct"), k_share_range);
    }
    if (const toml::node* threshold = entry.get("lva_threshold_pounds")) {
        year.lva_threshold =
            toml_.pounds(*threshold, TomlReader::dotted(prefix, "lva_threshold_pounds"));
    }
    return year;
}

entities::FinancialYear
AllocationReader::read_financial_year(const toml::table& entry, const std::string& prefix,
                                      entities::FinancialYear expected) const {
    const std::string year_field = TomlReader::dotted(prefix, "financial_year");
    const toml::node& node = required_in_year(entry, prefix, "financial_year");
    const std::string_view text = toml_.string(node, year_field);
    const std::string valid = "; valid: \"" + expected.label() +
                              "\" (one entry per financial year, consecutive from "
                              "[scenario].financial_year " +
                              first_year_.label() + ")";
    const auto year = entities::FinancialYear::parse(text);
    if (!year) {
        toml_.fail(node.source(), year_field, in_quotes(text) + " is not a financial year" + valid);
    }
    if (*year != expected) {
        toml_.fail(node.source(), year_field, in_quotes(text) + " is out of sequence" + valid);
    }
    return *year;
}

// The year's total: given, or the previous year's (the baseline's, for the first) grown by
// growth_pct and rounded to the nearest penny, half to even, in exact integer arithmetic.
Money AllocationReader::read_budget(const toml::table& entry, const std::string& prefix,
                                    Money previous) const {
    const toml::node* budget = entry.get("budget_pounds");
    const toml::node* growth = entry.get("growth_pct");
    const std::string valid = "; valid: exactly one of budget_pounds (the year's total) and "
                              "growth_pct (growth over the previous year's total)";
    if (budget != nullptr && growth != nullptr) {
        toml_.fail(growth->source(), TomlReader::dotted(prefix, "growth_pct"),
                   "given with budget_pounds (line " + std::to_string(budget->source().begin.line) +
                       ")" + valid);
    }
    if (budget != nullptr) {
        return toml_.pounds(*budget, TomlReader::dotted(prefix, "budget_pounds"));
    }
    if (growth == nullptr) {
        toml_.fail(entry.source(), prefix, "neither budget_pounds nor growth_pct is given" + valid);
    }
    const std::string growth_field = TomlReader::dotted(prefix, "growth_pct");
    const std::int32_t growth_bp = toml_.percent_bp(*growth, growth_field, k_growth_range);
    try {
        return previous.scale(entities::k_basis_points_per_unit + growth_bp,
                              entities::k_basis_points_per_unit, entities::Rounding::nearest_even);
    } catch (const entities::MoneyOverflow&) {
        toml_.fail(growth->source(), growth_field,
                   "the total it gives is too large to hold in pence; valid: a smaller growth");
    }
}

std::vector<entities::RegionId>
AllocationReader::read_delegate_regions(const toml::node& node,
                                        const std::string& regions_field) const {
    const std::string valid =
        "; valid: [\"all\"], or an array of region codes, each " + regions_.valid_codes();
    const toml::array* items = node.as_array();
    if (items == nullptr) {
        toml_.fail(node.source(), regions_field,
                   "expected an array, found " + std::string(type_name(node.type())) + valid);
    }
    std::vector<entities::RegionId> regions;
    for (const toml::node& item : *items) {
        const std::string_view code = toml_.string(item, regions_field);
        if (code == k_all_regions) {
            if (items->size() != 1) {
                toml_.fail(item.source(), regions_field,
                           "\"all\" is given with other items" + valid);
            }
            for (std::uint32_t index = 0; index < regions_.size(); ++index) {
                regions.emplace_back(index);
            }
            return regions;
        }
        const auto index = regions_.find(code);
        if (!index) {
            toml_.fail(item.source(), regions_field,
                       "unknown region code " + in_quotes(code) + "; valid: \"all\", or " +
                           regions_.valid_codes());
        }
        if (std::find(regions.begin(), regions.end(), entities::RegionId(*index)) !=
            regions.end()) {
            toml_.fail(item.source(), regions_field,
                       "region " + in_quotes(code) + " is listed twice" + valid);
        }
        regions.emplace_back(*index);
    }
    return regions;
}

const toml::node& AllocationReader::required_in_year(const toml::table& entry,
                                                     const std::string& prefix,
                                                     std::string_view key) const {
    if (const toml::node* node = entry.get(key)) {
        return *node;
    }
    toml_.fail(entry.source(), TomlReader::dotted(prefix, key),
               "missing required key in this [[allocation.years]] entry");
}

} // namespace

AllocationSection read_allocation_section(const TomlReader& toml, const toml::table& section,
                                          entities::FinancialYear first_year,
                                          const CodeIndex& regions) {
    return AllocationReader(toml, first_year, regions).read(section);
}

} // namespace specflow::scenarios::detail
