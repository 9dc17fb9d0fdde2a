// The case's registry of evidence files (`_quarry_files`): which files are complete, which were
// interrupted and where, identified by content rather than by path.
#pragma once

#include <sqlite3.h>

#include <string_view>

#include "core/status.h"
#include "store/case_writer.h"

namespace quarry::store {

// The registered file this probe is (complete, or partial with an unchanged prefix), or kNew.
Result<FileStart> FindRegisteredFile(sqlite3* db, const FileProbe& probe);

// Adds a new partial file; runs inside the caller's transaction.
Result<int64_t> RegisterFile(sqlite3* db, const FileProbe& probe, std::string_view format,
                             std::string_view started);

}  // namespace quarry::store
