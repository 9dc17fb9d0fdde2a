#include "app/dump.h"

#include <algorithm>
#include <memory>
#include <thread>

#include "evtx/damage.h"
#include "evtx/evtx_reader.h"
#include "ingest/byte_source.h"

namespace quarry::app {

Result<DumpReport> DumpEvtx(const DumpRequest& request,
                            const std::function<void(std::string_view json)>& on_record,
                            const std::function<void(const Finding&)>& on_damage) {
  QUARRY_ASSIGN_OR_RETURN(auto source, ingest::ByteSource::Open(request.path));
  DumpReport report;
  int threads = request.threads > 0
                    ? request.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::unique_ptr<evtx::DecodePool> pool;
  if (threads > 1) pool = std::make_unique<evtx::DecodePool>(threads);
  evtx::FileReader reader([&](char* buf, size_t n) { return source->Read(buf, n); },
                          evtx::ChunkOptions{request.carve},
                          [&](const evtx::Damage& d) {
                            report.records_lost |= evtx::DamageLosesRecords(d.code);
                            if (!on_damage) return;
                            Finding f;
                            f.severity = Severity::kWarning;
                            f.code = d.code;
                            f.message = d.Where() + ": " + d.message;
                            f.where.file = request.path;
                            on_damage(f);
                          },
                          pool.get());
  while (const evtx::Record* r = reader.Next()) {
    ++report.records;
    on_record(r->json);
  }
  return report;
}

}  // namespace quarry::app
