// `quarry dump FILE.evtx` as a job: an EVTX file's records as evtx_dump-layout JSON.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/finding.h"
#include "core/status.h"

namespace quarry::app {

struct DumpRequest {
  std::string path;
  bool carve = false;  // also records left in the slack space of chunks
  int threads = 0;     // chunk decoders; 0: one per core (records stay in file order)
};

struct DumpReport {
  int64_t records = 0;
  bool records_lost = false;  // damage cost records (not only a repaired checksum)
};

// Hands each record's JSON to `on_record` in file order, and each piece of damage to
// `on_damage` (code evtx.*, with the byte offset); reading goes on after damage.
Result<DumpReport> DumpEvtx(const DumpRequest& request,
                            const std::function<void(std::string_view json)>& on_record,
                            const std::function<void(const Finding&)>& on_damage);

}  // namespace quarry::app
