// Files and folders: a walk that collects the files (pruning ignored folders), then threads that
// read each file in blocks cut at line ends and scan it.
#include <fcntl.h>
#include <git2.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "secrets/sources.h"

namespace quarry::secrets {
namespace fs = std::filesystem;
namespace {

constexpr size_t kBlock = 32u << 20;    // bytes read at a time
constexpr size_t kMaxCarry = 1u << 20;  // a line longer than this is cut between blocks

// The repository a path lives in, for its .gitignore rules (null outside any repository).
struct IgnoreRules {
  git_repository* repo = nullptr;
  fs::path workdir;
  explicit IgnoreRules(const fs::path& start) {
    static const int kInit = git_libgit2_init();
    (void)kInit;
    if (git_repository_open_ext(&repo, start.string().c_str(), 0, nullptr) != 0) {
      repo = nullptr;
      return;
    }
    const char* wd = git_repository_workdir(repo);
    if (wd == nullptr) {
      git_repository_free(repo);
      repo = nullptr;
      return;
    }
    std::error_code ec;
    workdir = fs::weakly_canonical(wd, ec);
    if (ec) workdir = wd;
  }
  ~IgnoreRules() {
    if (repo != nullptr) git_repository_free(repo);
  }
  IgnoreRules(const IgnoreRules&) = delete;
  IgnoreRules& operator=(const IgnoreRules&) = delete;

  bool Ignored(const fs::path& path, bool directory) const {
    if (repo == nullptr) return false;
    std::error_code ec;
    fs::path rel = fs::weakly_canonical(path, ec).lexically_relative(workdir);
    if (ec || rel.empty() || *rel.begin() == "..") return false;
    std::string name = rel.generic_string();
    if (directory) name += "/";
    int ignored = 0;
    return git_ignore_path_is_ignored(&ignored, repo, name.c_str()) == 0 && ignored == 1;
  }
};

// A file to scan: its path as shown (which rules and allowlists see, so that a rule for
// `config/master.key` holds whichever folder is scanned), and as fingerprints see it (relative
// to the folder it was found under, so that a baseline holds however the folder is named).
struct FileToScan {
  std::string shown;
  std::string relative;
};

void Collect(const std::string& root, const FileScanOptions& options, const Scanner& scanner,
             std::vector<FileToScan>& files, SourceScan& out) {
  std::error_code ec;
  fs::file_status st = fs::status(root, ec);
  if (ec || !fs::exists(st)) {
    out.problems.push_back(ErrorAt("secrets.unreadable", "no such file or folder", root));
    return;
  }
  if (!fs::is_directory(st)) {
    files.push_back({root, fs::path(root).lexically_normal().generic_string()});
    return;
  }
  std::unique_ptr<IgnoreRules> ignore;
  if (options.respect_gitignore) ignore = std::make_unique<IgnoreRules>(fs::path(root));
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.problems.push_back(ErrorAt("secrets.unreadable", "cannot list: " + ec.message(), root));
    return;
  }
  std::string last = root;
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& e = *it;
    last = e.path().string();
    std::error_code entry_ec;
    // Links are not followed: they can lead out of the folder a person asked about.
    if (e.is_symlink(entry_ec)) {
      ++out.stats.ignored;
      continue;
    }
    bool dir = e.is_directory(entry_ec);
    if (dir && e.path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (ignore != nullptr && ignore->Ignored(e.path(), dir)) {
      if (dir) it.disable_recursion_pending();
      ++out.stats.ignored;
      continue;
    }
    if (dir || !e.is_regular_file(entry_ec)) continue;
    std::string relative = e.path().lexically_relative(root).generic_string();
    if (!scanner.PathAllowed(last)) {
      ++out.stats.ignored;
      continue;
    }
    files.push_back({last, std::move(relative)});
  }
  // A failed step ends the walk (the iterator becomes the end): say where it stopped.
  if (ec) {
    out.problems.push_back(
        ErrorAt("secrets.unreadable",
                "the folder could not be listed past this entry: " + ec.message(), last));
  }
}

struct Worker {
  const Scanner& scanner;
  SourceScan local;
  std::unique_ptr<char[]> buffer;
  std::unique_ptr<Scanner::Scratch, void (*)(Scanner::Scratch*)> scratch;
  explicit Worker(const Scanner& s) : scanner(s), scratch(s.NewScratch()) {}

  // Scans PIECE as lines BASE_LINE… at BASE_OFFSET of FILE.
  void ScanPiece(std::string_view piece, const FileToScan& file, uint64_t base_line,
                 uint64_t base_offset) {
    size_t first = local.findings.size();
    scanner.Scan(piece, file.shown, *scratch, local.findings);
    for (size_t i = first; i < local.findings.size(); ++i) {
      SecretFinding& f = local.findings[i];
      f.fingerprint = FingerprintOf(f.rule_id, file.relative, f.secret);
      f.line += base_line - 1;
      f.end_line += base_line - 1;
      f.offset += base_offset;
    }
  }

  void ScanFile(const FileToScan& file) {
    const std::string& path = file.shown;
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      local.problems.push_back(ErrorAt("secrets.unreadable", std::strerror(errno), path));
      return;
    }
    size_t first_path_finding = local.findings.size();
    scanner.ScanPath(path, local.findings);
    for (size_t i = first_path_finding; i < local.findings.size(); ++i) {
      local.findings[i].fingerprint = FingerprintOf(local.findings[i].rule_id, file.relative, "");
    }
    // Allocated once per thread and never zeroed: a block plus the line carried over from the
    // block before it.
    if (buffer == nullptr) buffer = std::make_unique_for_overwrite<char[]>(kBlock + kMaxCarry);
    size_t kept = 0;
    uint64_t line = 1, offset = 0, total = 0;
    bool first = true, eof = false;
    while (!eof) {
      ssize_t n = 0;
      size_t got = 0;
      while (got < kBlock && (n = read(fd, buffer.get() + kept + got, kBlock - got)) > 0) {
        got += static_cast<size_t>(n);
      }
      if (n < 0) {
        local.problems.push_back(ErrorAt(
            "secrets.unreadable", std::string("read failed: ") + std::strerror(errno), path));
        break;
      }
      eof = got < kBlock;
      size_t size = kept + got;
      std::string_view block(buffer.get(), size);
      total += got;
      if (first && LooksBinary(block.substr(0, 8000))) {
        ++local.stats.binary;
        close(fd);
        return;
      }
      first = false;
      size_t cut = size;
      if (!eof) {
        size_t nl = block.rfind('\n');
        cut = nl == std::string_view::npos || size - nl - 1 > kMaxCarry ? size : nl + 1;
        if (cut == size) {
          ++local.stats.long_lines;
          Finding f = ErrorAt(
              "secrets.long_line",
              "a line longer than 1 MiB was searched in 32 MiB pieces; a secret "
              "across a piece boundary could be missed",
              path, line + static_cast<uint64_t>(std::count(block.begin(), block.end(), '\n')));
          f.severity = Severity::kWarning;
          local.problems.push_back(std::move(f));
        }
      }
      std::string_view piece = block.substr(0, cut);
      ScanPiece(piece, file, line, offset);
      line += static_cast<uint64_t>(std::count(piece.begin(), piece.end(), '\n'));
      offset += cut;
      kept = size - cut;
      memmove(buffer.get(), buffer.get() + cut, kept);
    }
    close(fd);
    ++local.stats.files;
    local.stats.bytes += total;
  }
};

}  // namespace

bool LooksBinary(std::string_view head) {
  return memchr(head.data(), '\0', std::min<size_t>(head.size(), 8000)) != nullptr;
}

void ScanFiles(const Scanner& scanner, const std::vector<std::string>& paths,
               const FileScanOptions& options, SourceScan& out) {
  std::vector<FileToScan> files;
  for (const std::string& p : paths) Collect(p, options, scanner, files, out);
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(
      std::min<size_t>(static_cast<size_t>(threads), std::max<size_t>(1, files.size())));
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> bytes{0};
  std::mutex progress_mutex;
  std::vector<std::unique_ptr<Worker>> workers;
  workers.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) workers.push_back(std::make_unique<Worker>(scanner));
  auto run = [&](Worker& w) {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      uint64_t before = w.local.stats.bytes;
      w.ScanFile(files[i]);
      uint64_t done = bytes.fetch_add(w.local.stats.bytes - before) + w.local.stats.bytes - before;
      if (options.progress && (i % 256 == 0) && progress_mutex.try_lock()) {
        options.progress(done, i + 1);
        progress_mutex.unlock();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t)
    pool.emplace_back(run, std::ref(*workers[static_cast<size_t>(t)]));
  run(*workers[0]);
  for (auto& th : pool) th.join();
  for (auto& w : workers) {
    auto& l = w->local;
    out.findings.insert(out.findings.end(), std::make_move_iterator(l.findings.begin()),
                        std::make_move_iterator(l.findings.end()));
    out.problems.insert(out.problems.end(), l.problems.begin(), l.problems.end());
    out.stats.files += l.stats.files;
    out.stats.bytes += l.stats.bytes;
    out.stats.binary += l.stats.binary;
    out.stats.long_lines += l.stats.long_lines;
  }
  std::sort(out.findings.begin(), out.findings.end(), [](const auto& a, const auto& b) {
    return a.file != b.file ? a.file < b.file : a.offset < b.offset;
  });
}

}  // namespace quarry::secrets
