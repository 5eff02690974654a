#include "tools/summarise.hpp"

#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace specflow::tools {

std::function<void(std::uint32_t)> progress_bar(std::uint32_t total, std::string what) {
    if (isatty(STDERR_FILENO) == 0) {
        return {};
    }
    const auto started = std::chrono::steady_clock::now();
    return [total, what = std::move(what), started](std::uint32_t done) {
        constexpr int k_width = 30;
        const int filled =
            total == 0 ? k_width : static_cast<int>(k_width * static_cast<double>(done) / total);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        fmt::print(stderr, "\r[{:=<{}}{:<{}}] {}/{} {} {:.1f} s{}", "", filled, "",
                   k_width - filled, fmt::group_digits(done), fmt::group_digits(total), what,
                   seconds, done == total ? "\n" : "");
    };
}

} // namespace specflow::tools
