// Where secrets are looked for: files and folders (binaries skipped, .gitignore honoured when
// asked), a git repository's history (each blob once) and its staged changes. Problems (a file
// that cannot be read, a corrupt object) are reported and the rest goes on.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "secrets/scanner.h"

namespace quarry::secrets {

struct SourceStats {
  uint64_t files = 0;  // files (or blobs) scanned
  uint64_t bytes = 0;
  uint64_t binary = 0;   // skipped as binary
  uint64_t ignored = 0;  // skipped by .gitignore or an allowlisted path
  uint64_t commits = 0;
  uint64_t long_lines = 0;  // lines longer than the scanner's limit, searched in windows
};

struct SourceScan {
  std::vector<SecretFinding> findings;
  std::vector<Finding> problems;
  SourceStats stats;
};

struct FileScanOptions {
  bool respect_gitignore = false;
  int threads = 0;  // 0: one per core
  // Called now and then with bytes scanned so far (from one thread at a time).
  std::function<void(uint64_t bytes, uint64_t files)> progress;
};

// Every file under PATHS (files or folders; `.git` folders are never entered).
void ScanFiles(const Scanner& scanner, const std::vector<std::string>& paths,
               const FileScanOptions& options, SourceScan& out);

struct GitScanOptions {
  std::string range;    // "A..B", a revision (its history), or "" for HEAD's history
  bool staged = false;  // the index against HEAD instead of history
  // The repository must be at the path itself, not found in a folder above it (the MCP server
  // may read only the folders it was given).
  bool no_search = false;
};

// The history of the repository containing REPO_PATH: each commit against its first parent,
// every new blob scanned once per path, a secret reported at the commit that first added it
// (what the old side of a change already held is not reported as added).
void ScanGit(const Scanner& scanner, const std::string& repo_path, const GitScanOptions& options,
             SourceScan& out);

// Whether the first 8000 bytes hold a NUL (git's test for binary content).
bool LooksBinary(std::string_view head);

}  // namespace quarry::secrets
