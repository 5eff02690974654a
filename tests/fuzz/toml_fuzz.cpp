// libFuzzer target: the scenario TOML file. The input is a scenario.toml in a folder holding the
// small seed scenario's CSV tables, next to copies of the built-in and example scenarios (so
// that `extends = "../england-2024-25/scenario.toml"` names a real base), and is loaded and run
// as `specflow run` would.

#include "tests/fuzz/fuzz_outcome.hpp"
#include "tests/fuzz/fuzz_workspace.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

namespace fs = std::filesystem;
using specflow::fuzz::FuzzWorkspace;

// The scenarios/ folders that hold a scenario, and the seed scenario as small/.
const fs::path& scenario_folder() {
    static const FuzzWorkspace workspace("toml");
    static const fs::path folder = [] {
        for (const auto& entry : fs::directory_iterator(specflow::fuzz::source_path("scenarios"))) {
            if (entry.is_directory()) {
                specflow::fuzz::copy_folder(entry.path(),
                                            workspace.folder(entry.path().filename().string()));
            }
        }
        const auto small = workspace.folder("small");
        specflow::fuzz::copy_folder(specflow::fuzz::source_path("tests/fuzz/seeds/small"), small);
        return small;
    }();
    return folder;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = scenario_folder() / "scenario.toml";
    specflow::fuzz::write_file(path, std::string_view(reinterpret_cast<const char*>(data), size));
    specflow::fuzz::expect_bad_input_error([&] { specflow::fuzz::load_and_run(path); });
    return 0;
}
