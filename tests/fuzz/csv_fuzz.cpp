// libFuzzer target: the CSV readers. The input's first byte chooses one of the seed scenario's
// CSV tables and the rest replaces it; the text is parsed as CSV alone, then the scenario is
// loaded and run with it, which takes it through that table's reader and everything that
// checks what it holds.

#include "scenarios/csv_reader.hpp"
#include "tests/fuzz/fuzz_outcome.hpp"
#include "tests/fuzz/fuzz_workspace.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace {

namespace fs = std::filesystem;
using specflow::fuzz::FuzzWorkspace;

struct Seed {
    fs::path folder;
    std::map<std::string, std::string> tables; // the CSV files, by name
};

const Seed& seed() {
    static const FuzzWorkspace workspace("csv");
    static const Seed seed = [] {
        Seed s{.folder = workspace.folder("small"), .tables = {}};
        const auto source = specflow::fuzz::source_path("tests/fuzz/seeds/small");
        specflow::fuzz::copy_folder(source, s.folder);
        for (auto& [name, text] : specflow::fuzz::read_folder(source)) {
            if (name.ends_with(".csv")) {
                s.tables.emplace(name, std::move(text));
            }
        }
        return s;
    }();
    return seed;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const auto& s = seed();
    auto table = s.tables.begin();
    std::advance(table, data[0] % s.tables.size());
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto path = s.folder / table->first;
    specflow::fuzz::expect_bad_input_error(
        [&] { (void)specflow::scenarios::parse_csv(text, path); });
    specflow::fuzz::write_file(path, text);
    specflow::fuzz::expect_bad_input_error(
        [&] { specflow::fuzz::load_and_run(s.folder / "scenario.toml"); });
    specflow::fuzz::write_file(path, table->second);
    return 0;
}
