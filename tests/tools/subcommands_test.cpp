// The subcommand table: the order --help lists the subcommands in, and which of them run on
// every process of an MPI job.

#include "tools/command.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;

const specflow::tools::Subcommand& subcommand(const std::string& name) {
    const auto all = specflow::tools::subcommands();
    const auto found =
        std::find_if(all.begin(), all.end(), [&](const auto& entry) { return entry.name == name; });
    REQUIRE_MESSAGE(found != all.end(), "no subcommand " << name);
    return *found;
}

} // namespace

TEST_CASE("subcommands: every one, in the order --help lists them") {
    std::vector<std::string> names;
    for (const auto& entry : specflow::tools::subcommands()) {
        names.emplace_back(entry.name);
    }
    CHECK(names == std::vector<std::string>{"run", "allocate", "granular", "scenarios", "runs",
                                            "export", "report", "compare", "stress", "options"});
}

TEST_CASE("subcommands: only a Monte Carlo run shares its work out over MPI processes") {
    specflow::tools::Options one_replication;
    specflow::tools::Options monte_carlo;
    monte_carlo.run.monte_carlo.replications = 200;
    CHECK(subcommand("run").root_only(one_replication));
    CHECK_FALSE(subcommand("run").root_only(monte_carlo));
    for (const char* name :
         {"allocate", "granular", "runs", "export", "report", "compare", "stress", "options"}) {
        CAPTURE(name);
        CHECK(subcommand(name).root_only(monte_carlo));
    }
}

TEST_CASE("subcommands: a process other than the root returns 0 from a root-only one at once") {
    const auto dir =
        fs::temp_directory_path() / ("specflow-subcommands-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    specflow::tools::Options options;
    options.run.out = (dir / "run").string();
    options.run.db = (dir / "run.db").string();
    options.allocate.out = (dir / "allocate").string();
    options.granular.out = (dir / "granular").string();
    options.store.db = (dir / "store.db").string();
    options.stress.provider = "No Such Trust"; // the root would refuse it
    const specflow::tools::Context second{.world = {.rank = 1, .size = 2},
                                          .command_line = "specflow"};
    for (const char* name : {"run", "allocate", "granular", "export", "report", "stress"}) {
        CAPTURE(name);
        CHECK(specflow::tools::dispatch(subcommand(name), options, second) == 0);
    }
    CHECK_FALSE(fs::exists(dir)); // nothing written, no store opened
}
