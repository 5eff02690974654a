#include "tools/huge_pages.hpp"

#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace specflow::tools {

void restart_with_huge_pages(char** argv) {
    if (std::getenv("GLIBC_TUNABLES") != nullptr) {
        return;
    }
    if (const char* preload = std::getenv("LD_PRELOAD");
        preload != nullptr && std::strstr(preload, "vgpreload") != nullptr) {
        return;
    }
    // Freed memory stays with the process (trim_threshold 1 GiB) and blocks up to 32 MiB come
    // from the heap (mmap_threshold), rather than going back to the kernel to be cleared again
    // for the next block of replications or year of tables. Each thread keeps up to 1,024 freed
    // chunks of a size (tcache_count, against 7): a replication frees its few thousand small
    // books at its end, and the next takes them back without the allocator's slow paths.
    constexpr const char* k_tunables = "glibc.malloc.hugetlb=1"
                                       ":glibc.malloc.trim_threshold=1073741824"
                                       ":glibc.malloc.mmap_threshold=33554432"
                                       ":glibc.malloc.tcache_count=1024";
    if (::setenv("GLIBC_TUNABLES", k_tunables, 1) != 0) {
        return;
    }
    ::execv("/proc/self/exe", argv);
    ::unsetenv("GLIBC_TUNABLES"); // no restart: carry on as started
}

} // namespace specflow::tools
