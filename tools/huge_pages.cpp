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
    // A worker thread's heap (64 MiB, glibc's largest) is made writable whole when it is first
    // mapped (top_pad 64 MiB) rather than a few pages at a time as it grows: only a whole
    // writable 2 MiB of it can be a huge page, so with the default top_pad a worker's summary
    // bins and drawn sums were all on 4 KiB pages: 2,000 replications of England with plain
    // Poisson activity took 39,000 page faults and 0.37 s of the kernel's time, against about
    // 900 faults and 0.05 s with it.
    constexpr const char* k_tunables = "glibc.malloc.hugetlb=1"
                                       ":glibc.malloc.trim_threshold=1073741824"
                                       ":glibc.malloc.mmap_threshold=33554432"
                                       ":glibc.malloc.tcache_count=1024"
                                       ":glibc.malloc.top_pad=67108864";
    if (::setenv("GLIBC_TUNABLES", k_tunables, 1) != 0) {
        return;
    }
    ::execv("/proc/self/exe", argv);
    ::unsetenv("GLIBC_TUNABLES"); // no restart: carry on as started
}

} // namespace specflow::tools
