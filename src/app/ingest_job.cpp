#include "app/ingest_job.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "app/read_ahead.h"
#include "core/event.h"
#include "core/hash.h"
#include "evtx/evtx_reader.h"
#include "ingest/reader.h"
#include "store/case.h"
#include "store/case_writer.h"

namespace quarry::app {
namespace fs = std::filesystem;

const char* FileStateName(FileOutcome::State s) {
  switch (s) {
    case FileOutcome::State::kIngested:
      return "ingested";
    case FileOutcome::State::kResumed:
      return "resumed";
    case FileOutcome::State::kAlreadyInCase:
      return "already in case";
    case FileOutcome::State::kUnreadable:
      return "not ingested";
  }
  return "";
}

bool IngestReport::anything_skipped() const {
  if (!path_errors.empty()) return true;
  return std::any_of(files.begin(), files.end(), [](const FileOutcome& f) {
    return f.state == FileOutcome::State::kUnreadable || f.skipped > 0 || f.repaired > 0 ||
           f.damaged;
  });
}

namespace {

Finding PathError(const std::string& path, const std::string& message) {
  Finding f;
  f.severity = Severity::kError;
  f.code = "path.unreadable";
  f.message = message;
  f.where.file = path;
  return f;
}

bool IsInside(const fs::path& p, const fs::path& dir) {
  if (dir.empty()) return false;
  auto rel = p.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

void Walk(const fs::path& dir, const fs::path& exclude, std::vector<std::string>& out,
          std::vector<Finding>& errors) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    errors.push_back(PathError(dir.string(), "cannot read directory: " + ec.message()));
    return;
  }
  std::vector<fs::path> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      errors.push_back(PathError(dir.string(), "cannot list directory: " + ec.message()));
      break;
    }
    entries.push_back(it->path());
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& e : entries) {
    std::error_code sec;
    auto st = fs::status(e, sec);
    if (sec) {
      errors.push_back(PathError(e.string(), "cannot access: " + sec.message()));
      continue;
    }
    if (fs::is_directory(st)) {
      // The case folder itself (or anything in it) is never evidence.
      if (!IsInside(fs::absolute(e).lexically_normal(), exclude)) Walk(e, exclude, out, errors);
    } else if (fs::is_regular_file(st)) {
      out.push_back(e.string());
    }
  }
}

// Hashes the file's bytes from `digest.bytes()` up to `limit` (or its end) into `digest`.
Status HashFileBytes(const std::string& path, Sha256& digest, uint64_t limit,
                     const std::function<void(uint64_t)>& progress) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(std::string("cannot open: ") + std::strerror(errno));
  in.seekg(static_cast<std::streamoff>(digest.bytes()));
  std::vector<char> buf(1 << 20);
  while (in && digest.bytes() < limit) {
    in.read(buf.data(),
            static_cast<std::streamsize>(std::min<uint64_t>(buf.size(), limit - digest.bytes())));
    auto n = static_cast<size_t>(in.gcount());
    if (n == 0) break;
    digest.Update(buf.data(), n);
    if (progress) progress(n);
  }
  if (in.bad()) return IoError(std::string("read error: ") + std::strerror(errno));
  return Status::Ok();
}

Result<std::string> HashPrefix(const std::string& path, uint64_t n,
                               const std::function<void(uint64_t)>& progress = {}) {
  Sha256 h;
  QUARRY_RETURN_IF_ERROR(HashFileBytes(path, h, n, progress));
  return h.HexDigest();
}

}  // namespace

std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths,
                                     const std::string& exclude_dir, std::vector<Finding>& errors) {
  std::vector<std::string> out;
  fs::path exclude =
      exclude_dir.empty() ? fs::path() : fs::absolute(exclude_dir).lexically_normal();
  for (const auto& p : paths) {
    std::error_code ec;
    auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      errors.push_back(PathError(p, "no such file or directory"));
    } else if (fs::is_directory(st)) {
      Walk(p, exclude, out, errors);
    } else {
      out.push_back(p);
    }
  }
  return out;
}

namespace {

// One ingest run: files in order into one case, with progress and per-file outcomes.
class IngestRun {
 public:
  IngestRun(const IngestOptions& options, store::CaseWriter& writer, IngestReport& report)
      : options_(options), writer_(writer), report_(report) {
    // EVTX chunks decode on all the threads asked for, one file after another.
    if (options_.threads > 1) {
      evtx_pool_ = std::make_unique<evtx::DecodePool>(static_cast<int>(options_.threads));
    }
  }

  Status IngestAll(const std::vector<std::string>& files) {
    progress_.file_count = files.size();
    for (const auto& f : files) {
      std::error_code ec;
      progress_.bytes_total += fs::file_size(f, ec);
    }
    for (size_t i = 0; i < files.size(); ++i) {
      progress_.file_index = i;
      progress_.current_file = files[i];
      QUARRY_RETURN_IF_ERROR(IngestFile(files[i]));
    }
    return Status::Ok();
  }

 private:
  void Tick() {
    if (options_.on_progress) options_.on_progress(progress_);
  }

  // Findings of one file: the first few are shown, the rest counted.
  void Report(FileOutcome& outcome, const Finding& f) {
    ++outcome.findings;
    if (static_cast<size_t>(shown_) < options_.findings_shown_per_file) {
      ++shown_;
      if (options_.on_finding) options_.on_finding(f);
    } else {
      ++suppressed_;
    }
  }

  void Fail(FileOutcome& outcome, const std::string& path, const std::string& message) {
    outcome.state = FileOutcome::State::kUnreadable;
    outcome.error = message;
    Finding f = PathError(path, message);
    f.code = "file.unreadable";
    Report(outcome, f);
    report_.files.push_back(outcome);
  }

  Status IngestFile(const std::string& path) {
    std::error_code ec;
    uint64_t size = fs::file_size(path, ec);
    uint64_t file_start = progress_.bytes_done;
    shown_ = suppressed_ = 0;
    FileOutcome outcome;
    outcome.path = fs::absolute(path).lexically_normal().string();
    Status status = IngestFileBody(path, size, outcome);
    if (suppressed_ > 0 && options_.on_finding) {
      Finding f;
      f.severity = Severity::kWarning;
      f.code = "findings.suppressed";
      f.message = std::to_string(suppressed_) + " more problem(s) in this file not shown";
      f.where.file = outcome.path;
      options_.on_finding(f);
    }
    progress_.bytes_done = file_start + size;
    Tick();
    return status;
  }

  Status IngestFileBody(const std::string& path, uint64_t size, FileOutcome& outcome) {
    store::FileProbe probe;
    probe.path = outcome.path;
    probe.size = static_cast<int64_t>(size);
    auto head = HashPrefix(path, store::kFileHeadBytes);
    if (!head.ok()) {
      Fail(outcome, path, head.status().message());
      return Status::Ok();
    }
    probe.head_sha256 = *head;
    probe.hash_prefix = [&](uint64_t n) -> Result<std::string> {
      progress_.phase = "hashing";  // only for a file that looks like one already in the case
      auto h = HashPrefix(path, n, [&](uint64_t) { Tick(); });
      progress_.phase = "reading";
      return h;
    };
    Sha256 digest;
    ingest::ReaderOptions ropts;
    ropts.max_record_bytes = options_.max_record_bytes;
    ropts.source_name = outcome.path;
    ropts.default_table = ingest::TableNameFromPath(path);
    ropts.raw_digest = &digest;
    ropts.evtx_pool = evtx_pool_.get();
    ropts.evtx_carve = options_.evtx_carve;
    std::vector<Finding> pending;  // filled by the reader (maybe on its thread), drained in order
    auto reader =
        ingest::OpenReader(path, ropts, [&pending](const Finding& f) { pending.push_back(f); });
    for (const auto& f : pending) Report(outcome, f);
    pending.clear();
    if (!reader.ok()) {
      Fail(outcome, path, reader.status().message());
      return Status::Ok();
    }
    outcome.format = ingest::FormatName((*reader)->format());
    QUARRY_ASSIGN_OR_RETURN(store::FileStart start, writer_.BeginFile(probe, outcome.format));
    if (start.state == store::FileStart::State::kComplete) {
      outcome.state = FileOutcome::State::kAlreadyInCase;
      outcome.events = start.records_done;
      outcome.sha256 = start.sha256;
      report_.files.push_back(outcome);
      return Status::Ok();
    }
    if (start.state == store::FileStart::State::kResume)
      outcome.state = FileOutcome::State::kResumed;
    ingest::Reader& r = **reader;
    uint64_t parse_start = progress_.bytes_done;
    const bool threaded = options_.threads > 1;
    ReadAhead ahead(r, pending, threaded, &digest);
    for (;;) {
      EventChunk* chunk = ahead.Next();
      for (const auto& f : chunk->findings) Report(outcome, f);
      for (size_t k = 0; k < chunk->count; ++k) {
        const Event& event = chunk->events[k];
        if (static_cast<int64_t>(event.provenance.record) < start.records_done)
          continue;  // resumed
        QUARRY_RETURN_IF_ERROR(writer_.Append(event, start.file_id));
        ++outcome.events_added;
        ++outcome.tables[event.table];
        ++progress_.events;
        if (writer_.pending_rows() >= static_cast<int64_t>(options_.batch_size)) {
          // The file's progress is the records up to this one: a resumed run skips exactly them.
          QUARRY_RETURN_IF_ERROR(writer_.CommitBatch(
              start.file_id, static_cast<int64_t>(event.provenance.record) + 1, 0,
              threaded ? store::FilePrefix{chunk->digest_bytes, chunk->digest_sha256}
                       : store::FilePrefix{digest.bytes(), digest.PeekHexDigest()}));
        }
      }
      progress_.bytes_done = parse_start + std::min<uint64_t>(chunk->raw_position, size);
      Tick();
      bool last = chunk->last;
      ahead.Recycle(chunk);
      if (last) break;
    }
    const ingest::ReaderStats& stats = r.stats();
    // A reader that stopped early (damage) has not hashed the file's tail.
    Status rest = HashFileBytes(path, digest, std::numeric_limits<uint64_t>::max(), {});
    if (!rest.ok()) return IoError(outcome.path + ": " + rest.message());
    outcome.sha256 = digest.HexDigest();
    QUARRY_RETURN_IF_ERROR(writer_.FinishFile(start.file_id, static_cast<int64_t>(stats.records),
                                              static_cast<int64_t>(stats.skipped), outcome.findings,
                                              outcome.format, outcome.sha256));
    outcome.events = static_cast<int64_t>(stats.records);
    outcome.skipped = static_cast<int64_t>(stats.skipped);
    outcome.repaired = static_cast<int64_t>(stats.repaired);
    outcome.damaged = stats.file_damaged;
    report_.events_added += outcome.events_added;
    report_.files.push_back(outcome);
    return Status::Ok();
  }

  const IngestOptions& options_;
  std::unique_ptr<evtx::DecodePool> evtx_pool_;
  store::CaseWriter& writer_;
  IngestReport& report_;
  IngestProgress progress_;
  int64_t shown_ = 0;
  int64_t suppressed_ = 0;
};

}  // namespace

Result<IngestReport> RunIngest(const IngestOptions& options) {
  auto started = std::chrono::steady_clock::now();
  IngestReport report;
  std::vector<std::string> files = ExpandPaths(options.paths, options.case_dir, report.path_errors);
  for (const auto& e : report.path_errors) {
    if (options.on_finding) options.on_finding(e);
  }
  std::optional<store::StoreLocation> where;
  if (!options.store.empty()) {
    QUARRY_ASSIGN_OR_RETURN(where, store::ParseStoreUrl(options.store));
  }
  QUARRY_ASSIGN_OR_RETURN(auto kase,
                          store::Case::Open(options.case_dir, store::Case::Mode::kCreateIfMissing,
                                            where ? &*where : nullptr));
  QUARRY_ASSIGN_OR_RETURN(store::WriteLock lock, store::WriteLock::Acquire(options.case_dir));
  store::CaseWriter writer(*kase);
  IngestOptions chosen = options;
  if (chosen.batch_size == 0) chosen.batch_size = kase->is_remote() ? 250'000 : 25'000;
  IngestRun run(chosen, writer, report);
  QUARRY_RETURN_IF_ERROR(run.IngestAll(files));
  QUARRY_RETURN_IF_ERROR(writer.Finalize());
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace quarry::app
