// The hunts open in the workbench: each is an `app::HuntSession` (the job `quarry hunt` and MCP
// drive) with the rows of its approved run, kept for paging. Ids are random, so a page cannot
// guess another's hunt; the oldest hunts are dropped when there are too many.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "app/hunt.h"
#include "query/run_query.h"

namespace quarry::server {

struct OpenHunt {
  std::mutex mu;  // one request at a time works on a hunt
  std::unique_ptr<app::HuntSession> session;
  std::optional<query::QueryResult> rows;  // after approval
  uint64_t journal_seq = 0;
  std::string journal_hash;
  std::string approved_by;
};

class HuntSessions {
 public:
  static constexpr size_t kMaxOpen = 64;
  // The new hunt's id and the hunt (held by the caller even if it is dropped from the list).
  std::pair<std::string, std::shared_ptr<OpenHunt>> Add(std::unique_ptr<app::HuntSession> session);
  std::shared_ptr<OpenHunt> Find(const std::string& id);

 private:
  std::mutex mu_;
  std::deque<std::pair<std::string, std::shared_ptr<OpenHunt>>> open_;
};

}  // namespace quarry::server
