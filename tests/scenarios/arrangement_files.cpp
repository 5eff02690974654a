#include "arrangement_files.hpp"

#include <doctest/doctest.h>

namespace specflow::scenarios::test {

const std::string k_arrangements_toml = R"([[lead_icb]]
code = "eoe-hub"
host = "QHG"
participants = ["QHG", "QUE"]
providers = ["RGT"]
service_lines = ["*"]
basis = "plan"
settlement = "quarterly"

[[risk_pool]]
code = "east"
members = ["QHG", "QUE", "QMJ"]
settlement = "year_end"
threshold_pounds = 1000000.5
cap_pounds = 20000000

[[shocks]]
kind = "repatriation"
code = "chemo-local"
start = "2024/25 M07"
ramp_months = 3
end = "2025/26 M06"
icb = "QHG"
service_line = "CHM"
from_provider = "RGT"
to_provider = "AQHG"
share_pct = 12.5

[[shocks]]
kind = "payment_cut"
start = "2024/25 M10"
payer = "NHSE"
provider = "AQHG"
cut_pct = 2.5

[[shocks]]
kind = "activity_shift"
start = "2024/25 M02"
icb = "QUE"
factor_pct = 110.25

[[shocks]]
kind = "price_change"
start = "2024/25 M04"
service_line = "RTX"
change_pct = -3.5

[[shocks]]
kind = "cost_shock"
start = "2024/25 M05"
provider = "RAL"
service_line = "RTX"
change_pct = 4

[[shocks]]
kind = "delegation_change"
start = "2025/26 M01"
region = "Y61"
status = "retained"

[[shocks]]
kind = "dispute"
start = "2024/25 M04"
arrangement = "eoe-hub"
participant = "QUE"
withheld_pct = 40
settled = "2024/25 M12"

[[shocks]]
kind = "payment_basis_change"
start = "2025/26 M01"
service_line = "RTX"
to_kind = "activity"
payer = "QHG"
provider = "RGT"

[[shocks]]
kind = "upstream_investment"
start = "2024/25 M01"
icb = "QMJ"
monthly_pounds = 25000.5
service_line = "RTX"
lag_months = 6
reduction_pct = 7.5
)";

std::map<std::string, std::string> arrangement_texts(std::string_view from, std::string_view to,
                                                     std::string_view extra) {
    std::map<std::string, std::string> files = k_minimal_files;
    // Every ICB of an arrangement holds its delegated money (the minimal QUE is joint and QMJ
    // retained).
    std::string& icbs = files.at("icbs.csv");
    icbs.replace(icbs.find(",joint,yes,"), 11, ",delegated,yes,");
    icbs.replace(icbs.find(",retained,no,"), 13, ",delegated,no,");
    std::string& toml = files.at("scenario.toml");
    toml += k_arrangements_toml;
    if (!from.empty()) {
        const auto at = toml.find(from);
        REQUIRE_MESSAGE(at != std::string::npos, "'", from, "' not in scenario.toml");
        REQUIRE_MESSAGE(toml.find(from, at + 1) == std::string::npos, "'", from, "' twice");
        toml.replace(at, from.size(), to);
    }
    toml += extra;
    return files;
}

} // namespace specflow::scenarios::test
