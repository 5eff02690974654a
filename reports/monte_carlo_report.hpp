#pragma once

#include "entities/scenario.hpp"
#include "reports/monte_carlo_summary.hpp"

#include <string>
#include <utility>
#include <vector>

namespace specflow::reports {

// summary_provider_year.csv (provider × FY × income, cost, pressure: mean, P5, P10, P50, P90,
// P95, and for pressure the probability of exceeding the threshold), summary_icb_year.csv
// (ICB × FY: variance) and fan_provider_month.csv (provider × month × income, pressure: the
// same percentiles, for fan charts), summary_national_year.csv (England's budgets and routes
// × FY). Amounts in pounds with two decimals. Their names and texts, for write_text_files: the
// run command works them out on one thread while another writes the run to the store.
[[nodiscard]] std::vector<std::pair<std::string, std::string>>
monte_carlo_csv_files(const entities::Scenario& scenario, const SummarySink& summary);

// For the terminal: per FY, England's expected totals and the ten providers with the highest
// P90 pressure, with their income and pressure distributions in £m.
[[nodiscard]] std::string monte_carlo_text(const entities::Scenario& scenario,
                                           const SummarySink& summary);

} // namespace specflow::reports
