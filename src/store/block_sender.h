// Sends a case writer's RowBinary blocks to ClickHouse on a thread of their own, so that reading
// and encoding the next rows overlaps the shard's work on the last ones. One block is sent while
// at most one more waits; an error is reported by the next Send or Drain.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "store/clickhouse_events.h"

namespace quarry::store {

struct PendingBlock {
  std::string table;
  size_t shard = 0;
  std::vector<StoredColumn> columns;
  std::string rows;
};

class BlockSender {
 public:
  explicit BlockSender(ClickHouseEvents& events);
  // Waits for the block being sent (its outcome is the next run's business if nobody drained).
  ~BlockSender();
  BlockSender(const BlockSender&) = delete;
  BlockSender& operator=(const BlockSender&) = delete;

  // Queues a block, waiting while another one is already waiting.
  Status Send(PendingBlock block);
  // Waits until every queued block is sent: before the catalog counts them, and before a
  // column is altered under them.
  Status Drain();

 private:
  void Run();

  ClickHouseEvents& events_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<PendingBlock> queue_;
  bool sending_ = false;
  bool stopping_ = false;
  Status failure_;
  std::thread thread_;
};

}  // namespace quarry::store
