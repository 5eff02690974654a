// libFuzzer target: a whole scenario. The input is a set of files, each after a line
// "--- NAME" (scenario.toml, regions.csv, ...), written to an empty folder; scenario.toml is
// loaded and run as `specflow run` would. Names other than plain file names are skipped.

#include "tests/fuzz/fuzz_outcome.hpp"
#include "tests/fuzz/fuzz_workspace.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

namespace fs = std::filesystem;
using specflow::fuzz::FuzzWorkspace;

constexpr std::string_view k_marker = "--- ";
constexpr std::size_t k_name_length_max = 64;

bool plain_name(std::string_view name) {
    if (name.empty() || name.size() > k_name_length_max || name.front() == '.') {
        return false;
    }
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

// Writes each "--- NAME" section of `input` to `folder` as NAME; text before the first marker
// is dropped.
void unpack(std::string_view input, const fs::path& folder) {
    std::size_t at = input.starts_with(k_marker) ? 0 : input.find("\n" + std::string(k_marker));
    while (at != std::string_view::npos) {
        if (input[at] == '\n') {
            ++at;
        }
        const auto name_start = at + k_marker.size();
        const auto name_end = input.find('\n', name_start);
        const auto name =
            input.substr(name_start, name_end == std::string_view::npos ? std::string_view::npos
                                                                        : name_end - name_start);
        const auto body_start = name_end == std::string_view::npos ? input.size() : name_end + 1;
        const auto next = input.find("\n" + std::string(k_marker), body_start);
        const auto body_end = next == std::string_view::npos ? input.size() : next + 1;
        if (plain_name(name)) {
            specflow::fuzz::write_file(folder / name,
                                       input.substr(body_start, body_end - body_start));
        }
        at = next;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const FuzzWorkspace workspace("load");
    const auto folder = workspace.root() / "case";
    fs::remove_all(folder);
    fs::create_directories(folder);
    unpack(std::string_view(reinterpret_cast<const char*>(data), size), folder);
    specflow::fuzz::expect_bad_input_error(
        [&] { specflow::fuzz::load_and_run(folder / "scenario.toml"); });
    return 0;
}
