// Pieces of `quarry scan` shared by its sequential and parallel paths (not a public interface).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/scan_job.h"
#include "core/event.h"
#include "core/finding.h"

namespace quarry::evtx {
class DecodePool;
}

namespace quarry::app::internal {

Finding Unreadable(const std::string& path, const Status& why);
// Events outside --from/--to are read but not matched.
bool OutsideWindow(const ScanOptions& options, const Event& e);

// Files on options.threads worker threads, alerts handed to `emit` on the calling thread in
// input order. No event crosses cores: a worker reads and matches a whole file, or a block of
// whole lines of a JSON lines file (so one large file keeps every core busy too). `pool`, when
// set, decodes the chunks of EVTX files (used for a single file).
void ScanFilesInParallel(const std::vector<std::string>& files, const ScanOptions& options,
                         evtx::DecodePool* pool, const std::function<void(const Alert&)>& emit,
                         ScanCounts& report);

}  // namespace quarry::app::internal
