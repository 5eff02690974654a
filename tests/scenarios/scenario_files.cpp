#include "scenario_files.hpp"

#include "scenarios/scenario_error.hpp"
#include "scenarios/scenario_loader.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace specflow::scenarios::test {

namespace fs = std::filesystem;

const std::map<std::string, std::string> k_minimal_files{
    {"scenario.toml", R"(# A tiny valid scenario written by the tests.
[scenario]
name = "tiny"
title = "Tiny test scenario"
financial_year = "2024/25"
seed = 7

[tables]
regions = "regions.csv"
icbs = "icbs.csv"
providers = "providers.csv"
service_lines = "service_lines.csv"
costs = "costs.csv"
flows = "flows.csv"
contracts = "contracts.csv"

[policy]
api_rate_above_plan_pct = 100
api_rate_below_plan_pct = 50.5
lva_threshold_pounds = 500000
nhse_direct_budget_pounds = 250000.25
monthly_profile = [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 90]
)"},
    {"regions.csv", "region_code,region_name\n"
                    "Y61,East of England\n"
                    "Y56,London\n"},
    {"icbs.csv",
     "icb_code,icb_name,region_code,registered_population,need_index,dft_pct,delegation,"
     "ringfenced,budget_pounds\n"
     "QHG,\"Bedfordshire, Luton and Milton Keynes\",Y61,1084885,0.925,-11.11,delegated,no,1234.5\n"
     "QUE,Cambridgeshire and Peterborough,Y61,1022472,0.884,11.14,joint,yes,1350000\n"
     "QMJ,North Central London,Y56,1762827,1.053,0,retained,no,700000\n"},
    {"providers.csv", "provider_code,provider_name,home_icb_code,provider_kind\n"
                      "RGT,Cambridge University Hospitals,QUE,specialist\n"
                      "RAL,Royal Free London,QMJ,specialist\n"
                      "AQHG,\"Local acute provider, Bedford\",QHG,acute\n"},
    {"service_lines.csv", "service_line_code,service_line_name,category,unit_price_pounds\n"
                          "RTX,Adult renal transplant,delegable,17000\n"
                          "CHM,Chemotherapy delivery,hcdd,450.50\n"},
    {"costs.csv",
     "provider_code,service_line_code,fixed_cost_pounds_per_year,marginal_cost_pounds_per_case\n"
     "RGT,RTX,400000,9000\n"
     "RGT,CHM,200000,300\n"
     "RAL,RTX,500000,9500\n"
     "AQHG,CHM,150000,310.25\n"},
    {"flows.csv", "icb_code,provider_code,service_line_code,expected_cases_per_year\n"
                  "QHG,RGT,RTX,0.125\n"
                  "QHG,RGT,CHM,2400\n"
                  "QUE,RGT,RTX,30\n"
                  "QMJ,RAL,RTX,40\n"
                  "QHG,AQHG,CHM,3.25\n"},
    {"contracts.csv", "contract_code,payer,provider_code,kind,annual_value_pounds,service_lines,"
                      "api_rate_above_pct,api_rate_below_pct\n"
                      "C1,QHG,RGT,api,212500,RTX;CHM,75,\n"
                      "C2,QUE,RGT,block,1320000,*,,\n"
                      "C3,QMJ,RAL,activity,,RTX,,\n"
                      "C4,NHSE,AQHG,lva,55250,CHM,,\n"},
};

ScenarioFiles::ScenarioFiles(std::map<std::string, std::string> files) : files_(std::move(files)) {
    static int counter = 0;
    directory_ =
        fs::temp_directory_path() /
        ("specflow-scenario-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
}

ScenarioFiles::~ScenarioFiles() {
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
}

ScenarioFiles& ScenarioFiles::replace(const std::string& file, std::string_view from,
                                      std::string_view to) {
    std::string& text = files_.at(file);
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "'", from, "' not in ", file);
    REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, "'", from, "' twice");
    text.replace(at, from.size(), to);
    return *this;
}

fs::path ScenarioFiles::write() const {
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    for (const auto& [name, text] : files_) {
        fs::create_directories((directory_ / name).parent_path());
        std::ofstream out(directory_ / name, std::ios::binary);
        out << text;
    }
    return directory_ / "scenario.toml";
}

std::map<std::string, std::string> extending(const std::string& child,
                                             const std::map<std::string, std::string>& base) {
    std::map<std::string, std::string> files;
    for (const auto& [name, text] : base) {
        files["base/" + name] = text;
    }
    files["scenario.toml"] = "[scenario]\nextends = \"base/scenario.toml\"\n" + child;
    return files;
}

std::string load_error(const ScenarioFiles& files) {
    const fs::path toml = files.write();
    try {
        (void)load_scenario(toml);
    } catch (const ScenarioError& error) {
        return error.what();
    }
    return "(no error)";
}

std::string relative_load_error(const ScenarioFiles& files) {
    const std::string folder = files.write().parent_path().string() + "/";
    std::string message = load_error(files);
    for (auto at = message.find(folder); at != std::string::npos; at = message.find(folder)) {
        message.erase(at, folder.size());
    }
    return message;
}

void check_error(const ScenarioFiles& files, std::initializer_list<std::string_view> parts) {
    const std::string message = load_error(files);
    INFO("message: ", message);
    CHECK(message.find('\n') == std::string::npos);
    for (const auto part : parts) {
        CHECK_MESSAGE(message.find(part) != std::string::npos, "missing: ", part);
    }
}

} // namespace specflow::scenarios::test
