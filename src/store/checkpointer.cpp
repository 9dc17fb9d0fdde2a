#include "store/checkpointer.h"

#include <chrono>

namespace quarry::store {

Checkpointer::Checkpointer(sqlite3* db, const std::string& db_path) : writer_db_(db) {
  if (sqlite3_open_v2(db_path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    return;  // the writer keeps checkpointing by itself
  }
  sqlite3_busy_timeout(db_, 1000);
  sqlite3_wal_autocheckpoint(writer_db_, 0);
  thread_ = std::thread([this] { Run(); });
}

Checkpointer::~Checkpointer() {
  if (db_ == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  sqlite3_close_v2(db_);
  sqlite3_wal_autocheckpoint(writer_db_, 1024);
}

void Checkpointer::Poke() {
  if (db_ == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

void Checkpointer::Run() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stop_ || poked_; });
      if (stop_) return;
      poked_ = false;
    }
    int log_frames = 0, checkpointed = 0;
    sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &checkpointed);
  }
}

}  // namespace quarry::store
