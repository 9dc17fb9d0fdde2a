#include "core/allocator.h"

#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace quarry {

void KeepFreedMemoryForReuse() {
#if defined(__GLIBC__)
  // Setting the trim threshold also freezes glibc's adaptive mmap threshold, so set that too:
  // blocks above 4 MiB still go straight to the kernel.
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
}

}  // namespace quarry
