#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace specflow::reports {

class RunStore;

// Writes a stored run as an Excel workbook (xlsx) for finance teams: a first sheet "About this
// run" (the question, the scenario, seed, replications, years, version, times and every
// parameter the scenario sets, each marked published or illustrative), the run's record
// (`runs`), one sheet for each result table that has rows for the run, named after it, and the
// scenario's files line by line (`scenario_text`). Money is in pounds with a £ format,
// shares and probabilities are percentages, header rows are bold and frozen. The file is
// written beside `out` and renamed into place, so it is whole or absent; OutputError if it
// cannot be written (a table with more rows than a worksheet holds included). Returns the
// sheets' names in order.
std::vector<std::string> write_run_workbook(RunStore& store, std::int64_t run,
                                            const std::filesystem::path& out);

} // namespace specflow::reports
