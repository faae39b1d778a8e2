#ifndef GATEWATCH_TESTS_SUPPORT_HEAP_ALLOCATION_COUNTER_H_
#define GATEWATCH_TESTS_SUPPORT_HEAP_ALLOCATION_COUNTER_H_

#include <cstdint>

// Heap allocations made so far by the whole test binary, so that hot-path code can be checked
// never to allocate. A binary gets the counter by linking heap_allocation_counter.cc, which
// replaces the global operator new. -1 under sanitizers: their runtimes bring their own
// operator new, so nothing is counted and such checks should skip.
namespace gatewatch::test_support {

int64_t HeapAllocations();

}  // namespace gatewatch::test_support

#endif  // GATEWATCH_TESTS_SUPPORT_HEAP_ALLOCATION_COUNTER_H_
