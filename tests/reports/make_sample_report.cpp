// Writes the HTML report of a realistic hand-made ReportData to the file named on the command
// line, for the browser test (report_browser_test.mjs): 3 years of DfT for 6 ICBs, a
// waterfall, 2 providers' monthly fans, a 6 × 4 heat map, risk and outturn rows, assumptions.
#include "reports/html_report.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

using specflow::reports::ReportData;

constexpr std::size_t k_months = 12;
constexpr double k_pi = 3.14159265358979323846;

const char* const k_icbs[][2] = {
    {"NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board", "East of England"},
    {"NHS Cambridgeshire and Peterborough Integrated Care Board", "East of England"},
    {"NHS South East London Integrated Care Board", "London"},
    {"NHS North Central London Integrated Care Board", "London"},
    {"NHS Birmingham and Solihull Integrated Care Board", "Midlands"},
    {"NHS Cheshire and Merseyside Integrated Care Board", "North West"},
};
// Each provider with the index of its home ICB.
const std::pair<const char*, std::size_t> k_providers[] = {
    {"Guy's and St Thomas' NHS Foundation Trust", 2},
    {"Cambridge University Hospitals NHS Foundation Trust", 1},
    {"University Hospitals Birmingham NHS Foundation Trust", 4},
    {"Liverpool Heart and Chest Hospital NHS Foundation Trust", 5},
};

void add_metadata(ReportData& data) {
    data.title = "Convergence at 1% a year with a 3% activity shock in London";
    data.question =
        "If ICBs converge on their fair-shares targets at 1% a year while London's specialised "
        "activity rises 3% above plan, which providers' income is at risk, and which ICBs "
        "overspend?";
    data.scenario_name = "convergence-shock-london";
    data.scenario_hash = "9f2c1e4b7a3d5f60c8e1b2a4d6f8091a3c5e7f9b1d2c4e6a8b0d1f3e5a7c9b2d4";
    data.version = "0.1.0";
    data.seed = 20240401;
    data.replications = 1000;
    data.started_at = "2025-11-23T13:40:02Z";
    data.finished_at = "2025-11-23T13:41:17Z";
    using specflow::reports::Provenance;
    data.command = "specflow run convergence-shock-london --replications 1000";
    data.threshold_pence = 100'000'000;
    data.assumptions = {
        {"scenario.toml", "allocation.convergence_pace_pct", "", "1.0", Provenance::illustrative,
         ""},
        {"scenario.toml", "allocation.budget_pounds", "2024/25", "23_920_000_000",
         Provenance::published, "NHS England board paper, allocation annex"},
        {"scenario.toml", "shocks.uplift_pct", "", "3.0", Provenance::illustrative, ""},
        {"scenario.toml", "note", "", "</script> must stay inside the data",
         Provenance::illustrative, ""}};
}

void add_dft(ReportData& data) {
    data.years = {"2024/25", "2025/26", "2026/27"};
    const double start_pct[] = {-4.2, 2.1, 5.6, 3.4, -2.8, -0.9};
    for (std::size_t i = 0; i < std::size(k_icbs); ++i) {
        ReportData::DftSeries series{
            .icb_name = k_icbs[i][0], .region_name = k_icbs[i][1], .dft_pct = {}};
        for (std::size_t y = 0; y < data.years.size(); ++y) {
            const double step = start_pct[i] > 0 ? -1.0 : 1.0;
            series.dft_pct.push_back(
                start_pct[i] + step * std::min(static_cast<double>(y), std::fabs(start_pct[i])));
        }
        data.dft.push_back(series);
    }
}

void add_waterfall(ReportData& data) {
    // 2,412.3 − 24.1 + 3.2 − 12.5 = 2,378.9, then 2,378.9 − 801.0 − 220.4 − 1,357.5 = 0.
    data.waterfall_fy = "2024/25";
    data.waterfall = {{"Allocations", 241'230'000'000, true, ""},
                      {"HCDD budget not spent", -2'410'000'000, false, ""},
                      {"NHS England direct: not paid out", 320'000'000, false, ""},
                      {"ICBs: not paid out", -1'250'000'000, false, ""},
                      {"Provider income", 237'890'000'000, true, ""},
                      {"High-cost drugs (HCDD)", -80'100'000'000, false, ""},
                      {"NHS England direct contracts", -22'040'000'000, false, ""},
                      {"ICBs' block contracts", -135'750'000'000, false, ""}};
}

// A band around `centre` that widens month by month; spread_m is P50 − P5 in the last month.
ReportData::Band band(double level_m, double seasonal_m, double spread_m, double skew) {
    ReportData::Band b;
    for (std::size_t m = 0; m < k_months; ++m) {
        const double t = static_cast<double>(m);
        const double centre = level_m + seasonal_m * std::sin(2.0 * k_pi * t / 12.0);
        const double spread = spread_m * (0.35 + 0.65 * t / (k_months - 1));
        b.p5.push_back(centre - spread);
        b.p10.push_back(centre - 0.78 * spread);
        b.p50.push_back(centre);
        b.p90.push_back(centre + 0.78 * spread * skew);
        b.p95.push_back(centre + spread * skew);
    }
    return b;
}

void add_fans(ReportData& data) {
    const double levels[] = {182.4, 96.7};
    for (std::size_t f = 0; f < std::size(levels); ++f) {
        ReportData::Fan fan;
        fan.provider_name = k_providers[f].first;
        for (std::size_t m = 1; m <= k_months; ++m) {
            fan.months.push_back("2024/25 M" + std::string(m < 10 ? "0" : "") + std::to_string(m));
        }
        fan.income = band(levels[f], levels[f] * 0.03, levels[f] * 0.05, 1.0);
        fan.pressure = band(1.5 + 1.0 * static_cast<double>(f), 0.8, 3.0, 1.6);
        data.fans.push_back(fan);
    }
}

void add_heat(ReportData& data) {
    for (const auto& icb : k_icbs) {
        data.heat_icbs.emplace_back(icb[0]);
    }
    for (const auto& [name, home] : k_providers) {
        data.heat_providers.emplace_back(name);
    }
    for (std::size_t i = 0; i < data.heat_icbs.size(); ++i) {
        for (std::size_t p = 0; p < data.heat_providers.size(); ++p) {
            const bool home = k_providers[p].second == i;
            const double value = home ? 310.0 + 40.0 * static_cast<double>(p)
                                      : 6.0 + 9.5 * static_cast<double>((i * 7 + p * 3) % 5);
            data.heat.push_back({.icb = i, .provider = p, .millions = value, .out_of_area = !home});
        }
    }
}

void add_tables(ReportData& data) {
    const double p50[] = {2184.6, 1163.2, 1520.9, 432.7};
    for (std::size_t p = 0; p < std::size(k_providers); ++p) {
        const double p5 = p50[p] * (0.955 + 0.01 * static_cast<double>(p));
        data.income_at_risk.push_back({.provider_name = k_providers[p].first,
                                       .income_p50 = p50[p],
                                       .income_p5 = p5,
                                       .income_at_risk = p50[p] - p5,
                                       .pressure_p50 = 2.1 + 3.0 * static_cast<double>(p),
                                       .pressure_p90 = 14.2 + 6.1 * static_cast<double>(p),
                                       .cost = 0,
                                       .probability_above = 0.08 + 0.11 * static_cast<double>(p)});
    }
    const double budgets[] = {412.5, 388.0, 702.3, 655.9, 520.4, 918.1};
    const double variances[] = {-6.4, 3.1, -21.7, -9.8, 1.2, 0.0};
    for (std::size_t i = 0; i < std::size(k_icbs); ++i) {
        data.icb_outturn.push_back({.icb_name = k_icbs[i][0],
                                    .region_name = k_icbs[i][1],
                                    .year = "2024/25",
                                    .status = i == 2 ? "joint" : "delegated",
                                    .held_by = i == 2 ? "NHS England London" : "the ICB",
                                    .budget = budgets[i],
                                    .spend = budgets[i] - variances[i],
                                    .variance = variances[i],
                                    .variance_p5 = variances[i] - 8.0,
                                    .variance_p95 = variances[i] + 8.0});
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <report.html>\n", argv[0]);
        return 2;
    }
    ReportData data;
    add_metadata(data);
    add_dft(data);
    add_waterfall(data);
    add_fans(data);
    add_heat(data);
    add_tables(data);
    const std::string html = specflow::reports::html_report(data);
    std::ofstream file(argv[1], std::ios::binary);
    file << html;
    file.close();
    if (!file) {
        std::fprintf(stderr, "could not write %s\n", argv[1]);
        return 1;
    }
    std::printf("wrote %s (%zu bytes)\n", argv[1], html.size());
    return 0;
}
