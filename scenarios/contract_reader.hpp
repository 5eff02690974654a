#pragma once

#include "entities/contract.hpp"
#include "entities/scenario.hpp"
#include "scenarios/code_index.hpp"

#include <cstddef>
#include <filesystem>
#include <vector>

// Internal to scenarios/.
namespace specflow::scenarios::detail {

// What reading contracts.csv depends on: the tables it refers to, and the policy whose API
// rates a contract takes when it gives none.
struct ContractReferences {
    const CodeIndex& icbs;
    const CodeIndex& providers;
    const CodeIndex& service_lines;
    const entities::Policy& policy;
};

// The contracts and where each was, for messages about the flows they pay for.
struct ContractTable {
    std::vector<entities::Contract> rows;
    CodeIndex codes;
    std::vector<std::size_t> lines; // lines[i]: the line rows[i] starts on
    std::filesystem::path file;
};

// contracts.csv (docs/scenario-format.md): codes once each, a payer (an ICB or NHSE), the
// service lines covered, and the value and rates the contract's kind takes.
[[nodiscard]] ContractTable read_contracts(const std::filesystem::path& file,
                                           const ContractReferences& refs);

} // namespace specflow::scenarios::detail
