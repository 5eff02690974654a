#include "scenarios/provider_reader.hpp"

#include "scenarios/cell_readers.hpp"
#include "scenarios/table.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace specflow::scenarios::detail {

namespace {

constexpr std::array<std::string_view, 4> k_provider_columns{"provider_code", "provider_name",
                                                             "home_icb_code", "provider_kind"};
constexpr std::array<Choice<entities::ProviderKind>, 2> k_provider_kinds{{
    {"specialist", entities::ProviderKind::specialist},
    {"acute", entities::ProviderKind::acute},
}};

} // namespace

CodedRows<entities::Provider> read_providers(const std::filesystem::path& file,
                                             const CodeIndex& icbs) {
    const Table table(file, k_provider_columns);
    CodedRows<entities::Provider> providers{
        .rows = {}, .codes = CodeIndex("provider", "provider_code", table.path())};
    for (const auto& record : table.records()) {
        const Row row(table, record);
        entities::Provider provider;
        provider.id = entities::ProviderId(providers.next_index());
        provider.code = read_code(row["provider_code"]);
        providers.codes.add(row["provider_code"]);
        provider.name = read_name(row["provider_name"]);
        provider.home_icb = entities::IcbId(icbs.require(row["home_icb_code"]));
        provider.kind = read_choice(row["provider_kind"], k_provider_kinds);
        providers.rows.push_back(std::move(provider));
    }
    return providers;
}

} // namespace specflow::scenarios::detail
