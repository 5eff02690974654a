// ICB reconfiguration arithmetic (DESIGN.md §8a): one split and one merger worked by hand, the
// mapping's checks, and conservation to the penny over random mappings.

#include "scenarios/csv_reader.hpp"
#include "sim/rules/reconfiguration.hpp"
#include "tests/support/random_scenario.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <map>
#include <numeric>
#include <vector>

namespace {

using specflow::entities::Money;
using specflow::sim::rules::IcbMapping;
using specflow::sim::rules::mapping_problem;
using specflow::sim::rules::MappingShare;

Money pence(std::int64_t value) {
    return Money::from_pence(value);
}

// Old ICBs A, B, C (0, 1, 2) become X, Y, Z (0, 1, 2): A splits 60% to X and 40% to Y; B and C
// merge whole into Z.
std::vector<MappingShare> split_and_merger() {
    return {{0, 0, 600'000}, {0, 1, 400'000}, {1, 2, 1'000'000}, {2, 2, 1'000'000}};
}

} // namespace

TEST_CASE("reconfiguration: one ICB splits, two merge, and every penny is carried") {
    const IcbMapping mapping(3, 3, split_and_merger());
    SUBCASE("allocations") {
        // A £1,000,000.01: 100,000,001p × 0.6 = 60,000,000.6 and × 0.4 = 40,000,000.4; the
        // floors leave a penny, which goes to the larger remainder (X). B £500,000.00 and
        // C £250,000.55 merge into Z: £750,000.55.
        const std::vector<Money> held{pence(100'000'001), pence(50'000'000), pence(25'000'055)};
        const auto carried = mapping.carry(held);
        CHECK(carried ==
              std::vector<Money>{pence(60'000'001), pence(40'000'000), pence(75'000'055)});
    }
    SUBCASE("contract values with one provider (an LVA history year is carried alike)") {
        // A's contract £300,000.01 → X 18,000,000.6 → 18,000,001p, Y 12,000,000.4 → 12,000,000p;
        // B's £100,000 and C's £50,000.50 become Z's one contract, £150,000.50.
        const std::vector<Money> held{pence(30'000'001), pence(10'000'000), pence(5'000'050)};
        CHECK(mapping.carry(held) ==
              std::vector<Money>{pence(18'000'001), pence(12'000'000), pence(15'000'050)});
    }
    SUBCASE("expected activity in thousandths of a case") {
        // A's 12.347 cases: 7,408.2 and 4,938.8 thousandths; the spare thousandth goes to the
        // larger remainder, Y. B's 3.000 and C's 0.001 merge: 3.001.
        const std::vector<std::int64_t> held{12'347, 3'000, 1};
        CHECK(mapping.carry(held) == std::vector<std::int64_t>{7'408, 4'939, 3'001});
    }
    SUBCASE("who goes where") {
        REQUIRE(mapping.of_old(0).size() == 2);
        CHECK(mapping.of_old(0)[1] == MappingShare{0, 1, 400'000});
        CHECK(mapping.of_old(2).size() == 1);
    }
}

TEST_CASE("reconfiguration: a mapping that loses or invents population is refused") {
    auto shares = split_and_merger();
    CHECK_FALSE(mapping_problem(3, 3, shares).has_value());
    SUBCASE("shares of an old ICB short of 1") {
        shares[1].share_micro = 399'999;
        CHECK(mapping_problem(3, 3, shares) ==
              "the shares of old ICB 1 add up to 0.999999, so the mapping would lose population; "
              "valid: shares that add up to exactly 1");
        CHECK_THROWS_AS(IcbMapping(3, 3, shares), std::invalid_argument);
    }
    SUBCASE("shares of an old ICB over 1") {
        shares[0].share_micro = 600'001;
        CHECK(mapping_problem(3, 3, shares) ==
              "the shares of old ICB 1 add up to 1.000001, so the mapping would invent "
              "population; valid: shares that add up to exactly 1");
    }
    SUBCASE("an old ICB with no row") {
        shares.pop_back();
        CHECK(mapping_problem(3, 3, shares) ==
              "the shares of old ICB 3 add up to 0.000000, so the mapping would lose population; "
              "valid: shares that add up to exactly 1");
    }
    SUBCASE("a new ICB formed from nobody") {
        CHECK(mapping_problem(3, 4, shares) ==
              "new ICB 4 receives no population; valid: every new ICB formed from at least one "
              "old one");
    }
    SUBCASE("a pair twice, a share of 0, an ICB out of range") {
        auto twice = shares;
        twice.push_back({1, 2, 0});
        CHECK(mapping_problem(3, 3, twice) ==
              "share 0.000000 is out of range; valid: a share greater than 0 and at most 1, six "
              "decimals at most");
        twice.back().share_micro = 1;
        CHECK(mapping_problem(3, 3, twice) ==
              "old ICB 2 and new ICB 3 have two rows; valid: one row per pair");
        auto outside = shares;
        outside[0].to = 7;
        CHECK(mapping_problem(3, 3, outside).has_value());
    }
}

TEST_CASE("reconfiguration: random mappings carry every penny, each new ICB its fair part") {
    for (std::uint64_t seed = 1; seed <= 2'000; ++seed) {
        CAPTURE(seed);
        specflow::testing::SplitMix64 rng(seed);
        const auto old_count = static_cast<std::size_t>(rng.between(1, 42));
        const auto new_count = static_cast<std::size_t>(rng.between(1, old_count));
        std::vector<MappingShare> shares;
        for (std::size_t from = 0; from < old_count; ++from) {
            // The first part goes to from % new_count, so every new ICB receives some; up to
            // two more parts go elsewhere.
            std::vector<std::size_t> to{from % new_count};
            for (auto extra = rng.between(0, 2); extra > 0 && new_count > to.size(); --extra) {
                const auto other = static_cast<std::size_t>(rng.between(0, new_count - 1));
                if (std::find(to.begin(), to.end(), other) == to.end()) {
                    to.push_back(other);
                }
            }
            std::int64_t left = specflow::sim::rules::k_share_whole;
            for (std::size_t k = 0; k < to.size(); ++k) {
                const auto share =
                    k + 1 == to.size()
                        ? left
                        : rng.between(1, left - static_cast<std::int64_t>(to.size() - k - 1));
                shares.push_back({from, to[k], share});
                left -= share;
            }
        }
        REQUIRE_FALSE(mapping_problem(old_count, new_count, shares).has_value());
        const IcbMapping mapping(old_count, new_count, shares);
        std::vector<Money> held;
        for (std::size_t i = 0; i < old_count; ++i) {
            held.push_back(pence(rng.between(-1'000'000'00, 2'000'000'000'00)));
        }
        const auto carried = mapping.carry(held);
        const auto sum = [](const std::vector<Money>& v) {
            return std::accumulate(v.begin(), v.end(), Money{});
        };
        CHECK(sum(carried) == sum(held));
        // Each new ICB gets the exact sum of its parts to within a penny per part.
        std::vector<long double> exact(new_count, 0);
        std::vector<int> parts(new_count, 0);
        for (const auto& row : shares) {
            exact[row.to] += static_cast<long double>(held[row.from].pence()) *
                             static_cast<long double>(row.share_micro) / 1e6L;
            ++parts[row.to];
        }
        for (std::size_t j = 0; j < new_count; ++j) {
            CHECK(std::abs(static_cast<long double>(carried[j].pence()) - exact[j]) <=
                  parts[j] + 0.001L);
        }
    }
}

TEST_CASE("reconfiguration: April 2026's published mapping takes 42 ICBs to 36, losing no one") {
    // facts/2026-27/icb_mapping_2025_26_to_2026_27.csv: old ICB, new ICB and the share of the
    // old ICB's GP-registered population that moved, six decimals.
    const auto table = specflow::scenarios::read_csv(
        std::filesystem::path(SPECFLOW_SOURCE_DIR) /
        "scenarios/england-2024-25/facts/2026-27/icb_mapping_2025_26_to_2026_27.csv");
    const auto old_column = table.column("old_icb_code").value();
    const auto new_column = table.column("new_icb_code").value();
    const auto share_column = table.column("share_of_old_icb").value();
    std::map<std::string, std::size_t> old_index;
    std::map<std::string, std::size_t> new_index;
    std::vector<MappingShare> shares;
    for (const auto& record : table.records) {
        const auto from = old_index.try_emplace(record.fields[old_column], old_index.size());
        const auto to = new_index.try_emplace(record.fields[new_column], new_index.size());
        const auto& text = record.fields[share_column]; // "0.123456"
        const auto point = text.find('.');
        REQUIRE(point != std::string::npos);
        REQUIRE(text.size() - point - 1 == 6);
        const std::int64_t micro =
            std::stoll(text.substr(0, point)) * 1'000'000 + std::stoll(text.substr(point + 1));
        shares.push_back({from.first->second, to.first->second, micro});
    }
    CHECK(old_index.size() == 42);
    CHECK(new_index.size() == 36);
    CHECK_FALSE(mapping_problem(42, 36, shares).has_value());
    // £1bn for each old ICB arrives whole: £42bn across the 36.
    const IcbMapping mapping(42, 36, shares);
    const std::vector<Money> held(42, Money::from_pounds(1'000'000'000));
    const auto carried = mapping.carry(held);
    CHECK(std::accumulate(carried.begin(), carried.end(), Money{}) ==
          Money::from_pounds(42'000'000'000));
}
