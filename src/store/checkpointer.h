// Copies committed WAL frames into the database on a second thread and connection, so the
// ingest thread never stops for checkpoint reads, writes and fsyncs.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace quarry::store {

class Checkpointer {
 public:
  // `db` is the writer's connection: its automatic checkpoints are turned off while this lives.
  Checkpointer(sqlite3* db, const std::string& db_path);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Tells the thread that a transaction committed.
  void Poke();

 private:
  void Run();

  sqlite3* writer_db_;
  sqlite3* db_ = nullptr;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool poked_ = false;
  std::thread thread_;
};

}  // namespace quarry::store
