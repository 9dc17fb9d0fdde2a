// Waiting for what ClickHouse still does on an ingest's behalf: the inserts of a run that was
// killed, and the mutations that rewrite a widened column.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "core/clickhouse_sql.h"
#include "store/clickhouse_events.h"

namespace quarry::store {
namespace {

// How long an ingest waits for an earlier run's insert still running on a shard, and for a
// column rewrite that makes no progress (QUARRY_CLICKHOUSE_MUTATION_WAIT overrides the latter).
constexpr int kWaitSeconds = 600;

int MutationPatienceSeconds() {
  const char* text = std::getenv("QUARRY_CLICKHOUSE_MUTATION_WAIT");
  int seconds = text != nullptr ? std::atoi(text) : 0;
  return seconds > 0 ? seconds : kWaitSeconds;
}

}  // namespace

Status ClickHouseEvents::WaitForOwnInserts(std::chrono::milliseconds quiet) const {
  QUARRY_RETURN_IF_ERROR(FindShards());
  std::string prefix = InsertIdPrefix();
  std::string running = "SELECT count() FROM system.processes WHERE substring(query_id, 1, " +
                        std::to_string(prefix.size()) + ") = " + ClickHouseString(prefix);
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + std::chrono::seconds(kWaitSeconds);
  auto quiet_until = start + quiet;
  for (;;) {
    int64_t seen = 0;
    std::string busy;  // a shard running one
    QUARRY_RETURN_IF_ERROR(OnEveryShard([&](const ClickHouseServer& server) {
      int64_t n = 0;
      Status read = server.Select(running, [&](const TsvRow& row) {
        if (!row.empty() && row[0]) n = std::atoll(std::string(*row[0]).c_str());
        return false;
      });
      if (!read.ok()) return read;
      if (n > 0) busy = server.name();
      seen += n;
      return Status::Ok();
    }));
    auto now = std::chrono::steady_clock::now();
    if (seen > 0) {
      if (now > deadline) {
        return IoError("ClickHouse shard " + busy +
                       " still runs an insert of an earlier ingest into this case after " +
                       std::to_string(kWaitSeconds) + " s");
      }
      quiet_until = now + quiet;
    } else if (now >= quiet_until) {
      return Status::Ok();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// A mutation that makes no progress (parts left to rewrite, or the progress of the merges that
// rewrite a large part) for MutationPatienceSeconds() is taken as failed: 18.16 keeps retrying
// one that fails, with nothing in system.mutations to say so.
Status ClickHouseEvents::WaitForMutations(const ClickHouseServer& server,
                                          std::string_view table) const {
  int patience_seconds = MutationPatienceSeconds();
  auto patience = std::chrono::seconds(patience_seconds);
  auto deadline = std::chrono::steady_clock::now() + patience;
  int64_t least_left = -1;
  int64_t most_written = 0;
  for (;;) {
    int64_t pending = 0, left = 0;
    std::string example;
    QUARRY_RETURN_IF_ERROR(server.Select(
        "SELECT mutation_id, parts_to_do, command FROM system.mutations WHERE database = " +
            ClickHouseString(location_.database) + " AND table = " + ClickHouseString(table) +
            " AND is_done = 0 ORDER BY create_time",  // the oldest blocks the others
        [&](const TsvRow& row) {
          ++pending;
          if (row.size() >= 3 && row[1]) left += std::atoll(std::string(*row[1]).c_str());
          if (example.empty() && row.size() >= 3 && row[0] && row[2])
            example = std::string(*row[0]) + " (" + std::string(*row[2]) + ")";
          return true;
        }));
    if (pending == 0) return Status::Ok();
    // Rows written by the table's merges (mutations included): more than ever before is progress;
    // a failing mutation's retries start again from nothing and never get further.
    int64_t written = 0;
    QUARRY_RETURN_IF_ERROR(server.Select(
        "SELECT sum(rows_written) FROM system.merges WHERE database = " +
            ClickHouseString(location_.database) + " AND table = " + ClickHouseString(table),
        [&](const TsvRow& row) {
          if (!row.empty() && row[0]) written = std::atoll(std::string(*row[0]).c_str());
          return false;
        }));
    auto now = std::chrono::steady_clock::now();
    if (least_left < 0 || left < least_left || written > most_written) {
      least_left = least_left < 0 ? left : std::min(left, least_left);
      most_written = std::max(written, most_written);
      deadline = now + patience;
    } else if (now > deadline) {
      return IoError("ClickHouse shard " + server.name() + " made no progress altering " +
                     std::string(table) + " for " + std::to_string(patience_seconds) +
                     " s (mutation " + example + ", " + std::to_string(left) +
                     " part(s) left): a failed mutation is retried without end; the server's "
                     "log says why. Rerun once it is done or removed");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace quarry::store
