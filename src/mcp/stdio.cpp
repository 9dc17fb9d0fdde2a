#include "mcp/stdio.h"

#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "mcp/untrusted.h"

namespace quarry::mcp {
namespace {

// Lines are written whole, one at a time, whichever thread writes them.
class LineWriter {
 public:
  explicit LineWriter(int fd) : fd_(fd) {}
  void Write(const std::string& line) {
    if (line.empty()) return;
    std::lock_guard<std::mutex> lock(mu_);
    std::string data = line + "\n";
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n <= 0) return;  // the client went away; nothing more to tell it
      done += static_cast<size_t>(n);
    }
  }

 private:
  int fd_;
  std::mutex mu_;
};

// Tool calls wait in a queue for one of a few workers: the reading thread stays free for pings
// and cancellations, and a client may send many calls at once.
class WorkQueue {
 public:
  explicit WorkQueue(int threads) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
  }
  // Runs what is queued, then stops the workers.
  ~WorkQueue() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;
  void Push(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
  }

 private:
  void Work() {
    while (true) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return closing_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  bool closing_ = false;
};

}  // namespace

int ServeStdio(Server& server, int in_fd, int out_fd) {
  LineWriter out(out_fd);
  Session session;
  WorkQueue workers(2);
  workers.Push(WarmUp);
  auto notify = [&out](const std::string& line) { out.Write(line); };
  std::string pending;
  bool skipping = false;  // inside a line longer than any message may be
  char buffer[65536];
  auto handle = [&](std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) return;
    ParsedMessage parsed = ParseMessage(line);
    if (parsed.ok && parsed.message.kind == Message::Kind::kRequest &&
        Server::MayTakeLong(parsed.message.method)) {
      workers.Push([&server, &session, &out, notify, parsed = std::move(parsed)] {
        out.Write(server.Handle(parsed, session, notify));
      });
      return;
    }
    out.Write(server.Handle(parsed, session, notify));
  };
  while (true) {
    ssize_t n = ::read(in_fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    size_t start = 0;
    for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
      if (buffer[i] != '\n') continue;
      if (!skipping) {
        pending.append(buffer + start, i - start);
        handle(std::move(pending));
      }
      pending.clear();
      skipping = false;
      start = i + 1;
    }
    if (!skipping) pending.append(buffer + start, static_cast<size_t>(n) - start);
    if (!skipping && pending.size() > kMaxMessageBytes) {
      out.Write(ErrorMessage("null", kInvalidRequest,
                             "a message longer than " + std::to_string(kMaxMessageBytes) +
                                 " bytes was skipped unread"));
      pending.clear();
      skipping = true;
    }
  }
  if (!skipping) handle(std::move(pending));
  return 0;  // the queue's destructor waits for the calls still running
}

}  // namespace quarry::mcp
