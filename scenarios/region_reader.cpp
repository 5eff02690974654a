#include "scenarios/region_reader.hpp"

#include "scenarios/cell_readers.hpp"
#include "scenarios/table.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace specflow::scenarios::detail {

namespace {
constexpr std::array<std::string_view, 2> k_region_columns{"region_code", "region_name"};
} // namespace

CodedRows<entities::Region> read_regions(const std::filesystem::path& file) {
    const Table table(file, k_region_columns);
    CodedRows<entities::Region> regions{.rows = {},
                                        .codes = CodeIndex("region", "region_code", table.path())};
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Region region;
        region.id = entities::RegionId(regions.next_index());
        region.code = read_code(row["region_code"]);
        regions.codes.add(row["region_code"]);
        region.name = read_name(row["region_name"]);
        regions.rows.push_back(std::move(region));
    }
    table.require_records("region");
    return regions;
}

} // namespace specflow::scenarios::detail
