// Scanning files on several threads (see scan_internal.h).
//
// Handing events from a reading thread to matching threads cost more than it saved: every
// event's fields were written on one core and read on another. Here a job reads and matches on
// one worker, and only raw bytes (blocks of a JSON lines file) or file names cross cores.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "app/scan_internal.h"
#include "core/strings.h"
#include "ingest/byte_source.h"
#include "ingest/reader.h"

namespace quarry::app::internal {
namespace {

constexpr size_t kBlockBytes = size_t{1} << 20;     // a block of whole lines for one job
constexpr size_t kReadBytes = size_t{256} << 10;    // read size when filling a block
constexpr size_t kMaxCarry = size_t{64} << 20;      // a line longer than this is cut in pieces
constexpr uint64_t kSplitFrom = uint64_t{8} << 20;  // smaller files are one job

struct JobResult {
  std::vector<Alert> alerts;
  std::vector<Finding> findings;
  int64_t events = 0;
  int64_t skipped = 0;
};

using Job = std::function<void(sigma::Matcher&, JobResult&)>;

// Jobs run on worker threads, each with its own Matcher; results are handed out on the calling
// thread in submission order, with at most `window` jobs queued or running.
class OrderedJobs {
 public:
  OrderedJobs(const ScanOptions& options, const std::function<void(const Alert&)>& emit,
              ScanCounts& report)
      : options_(options), emit_(emit), report_(report), window_(options.threads * 3) {
    for (size_t i = 0; i < options.threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~OrderedJobs() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (auto& w : workers_) w.join();
  }
  OrderedJobs(const OrderedJobs&) = delete;
  OrderedJobs& operator=(const OrderedJobs&) = delete;

  void Submit(Job job) {
    auto slot = std::make_unique<Slot>();
    slot->job = std::move(job);
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(slot.get());
    }
    in_flight_.push_back(std::move(slot));
    work_cv_.notify_one();
    while (in_flight_.size() > window_) HandOutFront();
  }
  void Finish() {
    while (!in_flight_.empty()) HandOutFront();
  }

 private:
  struct Slot {
    Job job;
    JobResult result;
    bool done = false;
  };

  void Work() {
    sigma::Matcher matcher(options_.engine->rules());
    for (;;) {
      Slot* slot = nullptr;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        slot = queue_.front();
        queue_.pop_front();
      }
      slot->job(matcher, slot->result);
      slot->job = nullptr;  // frees what the job held (a block) on this thread
      {
        std::lock_guard<std::mutex> lock(mu_);
        slot->done = true;
      }
      done_cv_.notify_all();
    }
  }

  void HandOutFront() {
    std::unique_ptr<Slot> slot = std::move(in_flight_.front());
    in_flight_.pop_front();
    {
      std::unique_lock<std::mutex> lock(mu_);
      done_cv_.wait(lock, [&] { return slot->done; });
    }
    JobResult& r = slot->result;
    report_.events += r.events;
    report_.skipped_records += r.skipped;
    for (const auto& f : r.findings) {
      if (options_.on_finding) options_.on_finding(f);
    }
    for (const auto& a : r.alerts) emit_(a);
  }

  const ScanOptions& options_;
  const std::function<void(const Alert&)>& emit_;
  ScanCounts& report_;
  const size_t window_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<Slot*> queue_;                      // waiting for a worker
  std::deque<std::unique_ptr<Slot>> in_flight_;  // in submission order (calling thread only)
  bool stop_ = false;
};

void MatchAll(ingest::Reader& reader, const ScanOptions& options, sigma::Matcher& matcher,
              JobResult& r) {
  Event e;
  while (reader.Next(e)) {
    ++r.events;
    if (OutsideWindow(options, e)) continue;
    options.engine->Match(matcher, e, r.alerts);
  }
  r.skipped += static_cast<int64_t>(reader.stats().skipped);
}

// Reads a JSON lines file on this thread and submits blocks of whole lines, each read and
// matched by a reader of its own that counts offsets and lines from where the block starts.
void SubmitBlocks(const std::string& path, const ScanOptions& options, OrderedJobs& jobs) {
  auto source = ingest::ByteSource::Open(path);
  if (!source.ok()) {
    Finding f = Unreadable(path, source.status());
    jobs.Submit([f](sigma::Matcher&, JobResult& r) { r.findings.push_back(f); });
    return;
  }
  std::string carry;
  uint64_t offset = 0, lines = 0;
  bool eof = false, first = true;
  std::string table = ingest::TableNameFromPath(path);
  while (!eof || !carry.empty()) {
    size_t want = kBlockBytes;
    for (;;) {
      while (!eof && carry.size() < want) {
        size_t old = carry.size();
        carry.resize(old + kReadBytes);
        auto n = (*source)->Read(carry.data() + old, kReadBytes);
        carry.resize(old + (n.ok() ? *n : 0));
        if (!n.ok()) {
          Finding f;
          f.severity = Severity::kError;
          f.code = "file.read";
          f.message = n.status().message() + "; records after this point could not be read";
          f.where.file = path;
          f.where.offset = (*source)->raw_position();
          f.where.has_offset = true;
          jobs.Submit([f](sigma::Matcher&, JobResult& r) { r.findings.push_back(f); });
        }
        eof = !n.ok() || *n == 0;
      }
      if (eof || carry.rfind('\n') != std::string::npos || carry.size() >= kMaxCarry) break;
      want = carry.size() + kBlockBytes;  // one line longer than a block: read on
    }
    if (first && carry.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      carry.erase(0, 3);
      offset = 3;
    }
    first = false;
    size_t nl = carry.rfind('\n');
    size_t cut = eof || nl == std::string::npos ? carry.size() : nl + 1;
    if (cut == 0) break;
    std::string block = std::move(carry);
    carry = block.substr(cut);
    block.resize(cut);
    uint64_t block_lines = CountByte(block, '\n');
    ingest::ReaderOptions ropts;
    ropts.format = ingest::Format::kJson;
    ropts.json_lines = true;
    ropts.base_offset = offset;
    ropts.base_line = lines;
    ropts.source_name = path;
    ropts.default_table = table;
    auto data = std::make_shared<std::string>(std::move(block));
    jobs.Submit([&options, path, ropts, data](sigma::Matcher& matcher, JobResult& r) {
      auto reader = ingest::OpenReaderFromMemory(
          path, std::move(*data), ropts, [&r](const Finding& f) { r.findings.push_back(f); });
      if (reader.ok()) MatchAll(**reader, options, matcher, r);  // else only blank lines
    });
    offset += cut;
    lines += block_lines;
  }
}

}  // namespace

void ScanFilesInParallel(const std::vector<std::string>& files, const ScanOptions& options,
                         evtx::DecodePool* pool, const std::function<void(const Alert&)>& emit,
                         ScanCounts& report) {
  OrderedJobs jobs(options, emit, report);
  for (const auto& path : files) {
    ++report.files;
    auto findings = std::make_shared<std::vector<Finding>>();
    ingest::ReaderOptions ropts;
    ropts.evtx_pool = pool;
    auto opened =
        ingest::OpenReader(path, ropts, [findings](const Finding& f) { findings->push_back(f); });
    if (!opened.ok()) {
      ++report.unreadable_files;
      findings->push_back(Unreadable(path, opened.status()));
      jobs.Submit([findings](sigma::Matcher&, JobResult& r) { r.findings = *findings; });
      continue;
    }
    std::shared_ptr<ingest::Reader> reader = std::move(*opened);
    std::error_code ec;
    uint64_t size = std::filesystem::file_size(path, ec);
    if (reader->line_oriented() && !ec && size >= kSplitFrom) {
      reader.reset();
      if (!findings->empty()) {
        jobs.Submit([findings](sigma::Matcher&, JobResult& r) { r.findings = *findings; });
      }
      SubmitBlocks(path, options, jobs);
      continue;
    }
    jobs.Submit([&options, reader, findings](sigma::Matcher& matcher, JobResult& r) {
      MatchAll(*reader, options, matcher, r);
      r.findings = std::move(*findings);
    });
  }
  jobs.Finish();
}

}  // namespace quarry::app::internal
