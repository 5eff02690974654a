#pragma once

namespace specflow::tools {

// Starts the program again, once, with glibc's malloc told to back the heap with transparent
// huge pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1), keeping what it frees; returns only if it
// does not.
//
// Why: a Monte Carlo run holds tens of megabytes it reaches all over — the Poisson guide tables
// of every flow-month, a block of replications' drawn activity, the summaries' bins — and on 4 KiB
// pages both the first touch of each page and the address translations cost more than the
// arithmetic (England, 5 years × 1,000 replications: 5.4 s on 4 KiB pages, 4.4 s on huge
// pages). Memory freed and taken again (a year's tables, a block's buffers) would be cleared by
// the kernel each time it came back: kept, England with every dispersion and factor 0 ran about
// 3% faster (page clearing went from 4.2% of the run to 1.8%); with a thread's cache of freed
// chunks 1,024 deep rather than 7, the allocator's share of that run went from 4.5% to 2.6%.
// Both together cost 3 to 5 MB more at the peak of England's runs, whatever their replications.
// glibc reads the settings only when a program starts, hence the restart.
//
// It does nothing when GLIBC_TUNABLES is already set (so after the restart, and whenever a user
// sets it, to anything, to keep the pages they chose) or under valgrind, which would lose sight
// of the restarted program.
void restart_with_huge_pages(char** argv);

} // namespace specflow::tools
