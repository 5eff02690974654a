#pragma once

#include "entities/icb.hpp"
#include "entities/reconfiguration.hpp"
#include "scenarios/code_index.hpp"
#include "scenarios/toml_reader.hpp"

#include <filesystem>
#include <vector>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// What reading [[reconfiguration]] entries depends on and adds to.
struct ReconfigurationInputs {
    const CodeIndex& regions;
    // The ICBs read so far: those of the first FY. An ICB a reconfiguration forms is added,
    // existing from its FY; one it ends gets `until`.
    CodedRows<entities::Icb>& icbs;
    entities::FinancialYear first_year;
};

struct Reconfigurations {
    std::vector<entities::Reconfiguration> entries; // in FY order
    // The populations and need indices the entries' ICB tables give for their FY.
    std::vector<entities::IcbYearNeed> needs;
};

// The [[reconfiguration]] entries (docs/scenario-format.md): each at the start of a FY after
// the first (`start = "2026/27 M01"`), at most one per FY, with a table of the FY's ICBs
// (`icbs`) and a mapping of every ICB existing the year before to them by population share
// (`mapping`): each old ICB's shares add up to exactly 1 and every new ICB takes some.
[[nodiscard]] Reconfigurations read_reconfigurations(const TomlReader& toml,
                                                     const toml::table& root,
                                                     const ReconfigurationInputs& inputs);

// icb_needs.csv (docs/scenario-format.md): an ICB's population and need index for a FY in
// which it exists, once per (ICB, FY), and not for a FY whose reconfiguration table gives them.
[[nodiscard]] std::vector<entities::IcbYearNeed>
read_icb_needs(const std::filesystem::path& file, const CodeIndex& icbs,
               const std::vector<entities::Icb>& rows,
               const std::vector<entities::IcbYearNeed>& given);

} // namespace specflow::scenarios::detail
