#include "pipeline/ingest_job.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/event.h"
#include "core/hash.h"
#include "ingest/reader.h"
#include "pipeline/read_ahead.h"
#include "store/case.h"
#include "store/case_writer.h"

namespace quarry::pipeline {
namespace fs = std::filesystem;

const char* FileStateName(FileOutcome::State s) {
  switch (s) {
    case FileOutcome::State::kIngested: return "ingested";
    case FileOutcome::State::kResumed: return "resumed";
    case FileOutcome::State::kAlreadyInCase: return "already in case";
    case FileOutcome::State::kUnreadable: return "not ingested";
  }
  return "";
}

bool IngestReport::anything_skipped() const {
  if (!path_errors.empty()) return true;
  return std::any_of(files.begin(), files.end(), [](const FileOutcome& f) {
    return f.state == FileOutcome::State::kUnreadable || f.skipped > 0 || f.repaired > 0 || f.damaged;
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
      if (!IsInside(fs::absolute(e), exclude) && fs::absolute(e) != exclude) Walk(e, exclude, out, errors);
    } else if (fs::is_regular_file(st)) {
      out.push_back(e.string());
    }
  }
}

Result<std::string> HashFile(const std::string& path, const std::function<void(uint64_t)>& progress) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(std::string("cannot open: ") + std::strerror(errno));
  Sha256 h;
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto n = static_cast<size_t>(in.gcount());
    if (n == 0) break;
    h.Update(buf.data(), n);
    if (progress) progress(n);
  }
  if (in.bad()) return IoError(std::string("read error: ") + std::strerror(errno));
  return h.HexDigest();
}

}  // namespace

std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths, const std::string& exclude_dir,
                                     std::vector<Finding>& errors) {
  std::vector<std::string> out;
  fs::path exclude = exclude_dir.empty() ? fs::path() : fs::absolute(exclude_dir).lexically_normal();
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

Result<IngestReport> RunIngest(const IngestOptions& options) {
  auto started = std::chrono::steady_clock::now();
  IngestReport report;
  std::vector<std::string> files = ExpandPaths(options.paths, options.case_dir, report.path_errors);
  for (const auto& e : report.path_errors) {
    if (options.on_finding) options.on_finding(e);
  }
  QUARRY_ASSIGN_OR_RETURN(auto kase, store::Case::Open(options.case_dir, store::Case::Mode::kCreateIfMissing));
  store::CaseWriter writer(*kase);

  IngestProgress progress;
  progress.file_count = files.size();
  for (const auto& f : files) {
    std::error_code ec;
    progress.bytes_total += 2 * fs::file_size(f, ec);  // hashed once, parsed once
  }
  auto tick = [&] {
    if (options.on_progress) options.on_progress(progress);
  };

  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& path = files[i];
    std::error_code ec;
    uint64_t size = fs::file_size(path, ec);
    progress.file_index = i;
    progress.current_file = path;
    FileOutcome outcome;
    outcome.path = fs::absolute(path).lexically_normal().string();

    int64_t shown = 0, suppressed = 0;
    auto sink = [&](const Finding& f) {
      ++outcome.findings;
      if (static_cast<size_t>(shown) < options.findings_shown_per_file) {
        ++shown;
        if (options.on_finding) options.on_finding(f);
      } else {
        ++suppressed;
      }
    };
    auto fail = [&](const std::string& message) {
      outcome.state = FileOutcome::State::kUnreadable;
      outcome.error = message;
      Finding f = PathError(path, message);
      f.code = "file.unreadable";
      sink(f);
      report.files.push_back(outcome);
      progress.bytes_done += 2 * size;
      tick();
    };

    uint64_t hashed_before = progress.bytes_done;
    auto sha = HashFile(path, [&](uint64_t n) {
      progress.bytes_done += n;
      tick();
    });
    progress.bytes_done = hashed_before + size;
    if (!sha.ok()) {
      fail(sha.status().message());
      continue;
    }
    outcome.sha256 = *sha;
    ingest::ReaderOptions ropts;
    ropts.max_record_bytes = options.max_record_bytes;
    ropts.source_name = outcome.path;
    ropts.default_table = ingest::TableNameFromPath(path);
    std::vector<Finding> pending;  // filled by the reader (on its thread), drained here in order
    auto reader = ingest::OpenReader(path, ropts, [&pending](const Finding& f) { pending.push_back(f); });
    for (const auto& f : pending) sink(f);
    pending.clear();
    if (!reader.ok()) {
      fail(reader.status().message());
      continue;
    }
    outcome.format = ingest::FormatName((*reader)->format());
    QUARRY_ASSIGN_OR_RETURN(store::FileStart start,
                            writer.BeginFile(*sha, outcome.path, static_cast<int64_t>(size), outcome.format));
    if (start.state == store::FileStart::State::kComplete) {
      outcome.state = FileOutcome::State::kAlreadyInCase;
      outcome.events = start.records_done;
      outcome.skipped = 0;
      report.files.push_back(outcome);
      progress.bytes_done += size;
      tick();
      continue;
    }
    if (start.state == store::FileStart::State::kResume) outcome.state = FileOutcome::State::kResumed;
    ingest::Reader& r = **reader;
    uint64_t parse_base = progress.bytes_done;
    int64_t added = 0;
    ReadAhead ahead(r, pending, options.threads > 1);
    for (;;) {
      EventChunk* chunk = ahead.Next();
      for (const auto& f : chunk->findings) sink(f);
      for (size_t k = 0; k < chunk->count; ++k) {
        const Event& event = chunk->events[k];
        if (static_cast<int64_t>(event.provenance.record) < start.records_done) continue;
        QUARRY_RETURN_IF_ERROR(writer.Append(event, start.file_id));
        ++added;
        ++outcome.tables[event.table];
        ++progress.events;
        if (writer.pending_rows() >= static_cast<int64_t>(options.batch_size)) {
          // The file's progress is the records up to this one: a resumed run skips exactly them.
          QUARRY_RETURN_IF_ERROR(writer.CommitBatch(start.file_id, static_cast<int64_t>(event.provenance.record) + 1,
                                                    0));
        }
      }
      progress.bytes_done = parse_base + std::min<uint64_t>(chunk->raw_position, size);
      tick();
      bool last = chunk->last;
      ahead.Recycle(chunk);
      if (last) break;
    }
    const auto& stats = r.stats();
    if (suppressed > 0 && options.on_finding) {
      Finding f;
      f.severity = Severity::kWarning;
      f.code = "findings.suppressed";
      f.message = std::to_string(suppressed) + " more problem(s) in this file not shown";
      f.where.file = outcome.path;
      options.on_finding(f);
    }
    QUARRY_RETURN_IF_ERROR(writer.FinishFile(start.file_id, static_cast<int64_t>(stats.records),
                                             static_cast<int64_t>(stats.skipped), outcome.findings,
                                             outcome.format));
    outcome.events = static_cast<int64_t>(stats.records);
    outcome.events_added = added;
    outcome.skipped = static_cast<int64_t>(stats.skipped);
    outcome.repaired = static_cast<int64_t>(stats.repaired);
    outcome.damaged = stats.file_damaged;
    report.events_added += added;
    report.files.push_back(outcome);
    progress.bytes_done = parse_base + size;
    tick();
  }
  QUARRY_RETURN_IF_ERROR(writer.Finalize());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace quarry::pipeline
