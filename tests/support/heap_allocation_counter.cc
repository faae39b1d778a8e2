#include "support/heap_allocation_counter.h"

#include <atomic>
#include <cstdlib>
#include <new>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GW_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define GW_TEST_SANITIZED 1
#endif

#ifndef GW_TEST_SANITIZED
namespace {
std::atomic<int64_t> heap_allocations{0};
}  // namespace
#endif

namespace gatewatch::test_support {

int64_t HeapAllocations() {
#ifdef GW_TEST_SANITIZED
  return -1;
#else
  return heap_allocations.load(std::memory_order_relaxed);
#endif
}

}  // namespace gatewatch::test_support

#ifndef GW_TEST_SANITIZED
// Out of line, so that GCC does not see a free() of memory from operator new after inlining.
[[gnu::noinline]] void* operator new(size_t size) {
  heap_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](size_t size) { return operator new(size); }
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, size_t) noexcept { std::free(p); }
#endif
