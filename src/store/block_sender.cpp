#include "store/block_sender.h"

#include <utility>

namespace quarry::store {

BlockSender::BlockSender(ClickHouseEvents& events) : events_(events) {
  thread_ = std::thread([this] { Run(); });
}

BlockSender::~BlockSender() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

Status BlockSender::Send(PendingBlock block) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return queue_.empty() || !failure_.ok(); });
  if (!failure_.ok()) return failure_;
  queue_.push_back(std::move(block));
  changed_.notify_all();
  return Status::Ok();
}

Status BlockSender::Drain() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return (queue_.empty() && !sending_) || !failure_.ok(); });
  return failure_;
}

void BlockSender::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    changed_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    // Stopping with blocks still queued: nobody will count them (the batch was not
    // committed), so they are not sent.
    if (stopping_) return;
    PendingBlock block = std::move(queue_.front());
    queue_.pop_front();
    sending_ = true;
    bool failed = !failure_.ok();
    lock.unlock();
    Status sent = failed ? Status::Ok()
                         : events_.InsertBlock(block.table, block.shard, block.columns, block.rows);
    lock.lock();
    sending_ = false;
    if (!sent.ok() && failure_.ok()) failure_ = sent;
    changed_.notify_all();
  }
}

}  // namespace quarry::store
