// Process-wide allocator settings for the binary's entry points (not called by the library).
#pragma once

namespace quarry {

// glibc gives each worker thread its own heap and hands freed memory back to the kernel as soon
// as a heap's top is free, so a thread that builds and frees a chunk's worth of objects per job
// page-faults the same memory back in on every job. Measured on EVTX decoding with two threads:
// 40% more CPU than one thread for the same work. Keeping freed memory (bounded by the peak
// working set of the threads) removes that. No effect on other C libraries.
void KeepFreedMemoryForReuse();

}  // namespace quarry
