#include "tools/distributed.hpp"

#ifdef SPECFLOW_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/vector.hpp>
#include <memory>
#endif

namespace specflow::tools {

#ifdef SPECFLOW_MPI
namespace {
std::unique_ptr<boost::mpi::environment> g_environment; // lives until the program exits
} // namespace
#endif

World start_world([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef SPECFLOW_MPI
    g_environment = std::make_unique<boost::mpi::environment>(argc, argv);
    const boost::mpi::communicator world;
    return {world.rank(), world.size()};
#else
    return {};
#endif
}

Share share_of(const World& world, std::uint32_t total) {
    const auto size = static_cast<std::uint64_t>(world.size);
    const auto rank = static_cast<std::uint64_t>(world.rank);
    const auto begin = total * rank / size;
    const auto end = total * (rank + 1) / size;
    return {static_cast<std::uint32_t>(1 + begin), static_cast<std::uint32_t>(end - begin)};
}

std::vector<std::int64_t> reduce_to_root(const World& world, std::vector<std::int64_t> words,
                                         [[maybe_unused]] ReduceWords reduce) {
    if (world.size == 1) {
        return words;
    }
#ifdef SPECFLOW_MPI
    // Gathered on the root and added up in rank order.
    const boost::mpi::communicator communicator;
    if (!world.root()) {
        boost::mpi::gather(communicator, words, 0);
        return {};
    }
    std::vector<std::vector<std::int64_t>> all;
    boost::mpi::gather(communicator, words, all, 0);
    for (std::size_t rank = 1; rank < all.size(); ++rank) {
        reduce(words, all[rank]);
    }
    return words;
#else
    return words;
#endif
}

} // namespace specflow::tools
