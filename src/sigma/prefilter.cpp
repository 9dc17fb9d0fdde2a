#include "sigma/prefilter.h"

#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "core/hash.h"

#include "sigma/pattern.h"

namespace quarry::sigma {

std::string GlobToRegex(const std::string& glob, bool separated) {
  if (glob.empty() || glob.find(kAnyChar) != std::string::npos) return {};
  std::string re;
  bool anchored_start = glob.front() != kAnyRun;
  bool anchored_end = glob.back() != kAnyRun;
  const char* boundary = separated ? "\\x00" : "^";
  if (anchored_start) re += boundary;
  // Leading and trailing runs of '*' are left out: the database only says whether a pattern
  // occurs, and Vectorscan cannot always tell that `[^\x00]*` at either end changes nothing.
  size_t first = glob.find_first_not_of(kAnyRun);
  size_t last = glob.find_last_not_of(kAnyRun);
  bool literal = first != std::string::npos;
  for (size_t i = first; literal && i <= last; ++i) {
    char c = glob[i];
    if (c == kAnyRun) {
      if (glob[i - 1] != kAnyRun) re += separated ? "[^\\x00]*" : ".*";
      continue;
    }
    auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')) {
      re += c;
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      re += "\\x";
      re += kHex[u >> 4];
      re += kHex[u & 15];
    }
  }
  if (!literal) return {};  // only wildcards: matches everything, not worth a database entry
  if (anchored_end) re += separated ? "\\x00" : "$";
  return re;
}

std::string CacheDirectory() {
  if (const char* d = std::getenv("QUARRY_CACHE_DIR"); d != nullptr && *d != '\0') return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x != nullptr && *x != '\0') {
    return (std::filesystem::path(x) / "quarry").string();
  }
  if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') {
    return (std::filesystem::path(h) / ".cache" / "quarry").string();
  }
  return {};
}

namespace {

namespace fs = std::filesystem;

// Compiled databases are kept in the user's cache folder (CacheDirectory), keyed by the SHA-256
// of everything that goes into them: compiling the SigmaHQ set takes seconds, loading it
// milliseconds.
std::string CacheKey(const std::vector<const char*>& exprs, const std::vector<unsigned>& flags) {
  Sha256 h;
  h.Update(hs_version());
  for (size_t i = 0; i < exprs.size(); ++i) {
    h.Update(exprs[i], std::strlen(exprs[i]) + 1);
    h.Update(&flags[i], sizeof flags[i]);
  }
  return h.HexDigest();
}

hs_database_t* LoadCached(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  std::stringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return db;
}

void StoreCached(const fs::path& file, const hs_database_t* db) {
  char* bytes = nullptr;
  size_t size = 0;
  if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS) return;
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  fs::path tmp = file;
  tmp += ".tmp" + std::to_string(reinterpret_cast<uintptr_t>(bytes));
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes, static_cast<std::streamsize>(size));
  }
  std::free(bytes);
  fs::rename(tmp, file, ec);  // atomic: readers see the whole file or none
  if (ec) fs::remove(tmp, ec);
}

}  // namespace

FieldDatabases::~FieldDatabases() {
  for (auto& g : groups_) {
    if (g.db != nullptr) hs_free_database(g.db);
  }
}

bool FieldDatabases::Group::Holds(int test) const {
  return db != nullptr && !std::binary_search(dropped.begin(), dropped.end(), test);
}

int FieldDatabases::Add(const Request& request, const std::vector<std::string>& regex_of_test) {
  std::string key = std::to_string(request.slot) + (request.cased ? "c" : "i");
  for (int t : request.tests) key += "," + std::to_string(t);
  auto known = by_request_.find(key);
  if (known != by_request_.end()) return known->second;
  Group g;
  g.slot = request.slot;
  g.cased = request.cased;
  for (int t : request.tests) {
    if (!regex_of_test[static_cast<size_t>(t)].empty()) g.tests.push_back(t);
  }
  groups_.push_back(std::move(g));
  int group = static_cast<int>(groups_.size()) - 1;
  by_request_.emplace(std::move(key), group);
  return group;
}

void FieldDatabases::Group::Build(const std::vector<std::string>& regex_of_test) {
  for (int attempt = 0; attempt < 3 && !tests.empty(); ++attempt) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags, ids;
    for (size_t i = 0; i < tests.size(); ++i) {
      exprs.push_back(regex_of_test[static_cast<size_t>(tests[i])].c_str());
      flags.push_back(HS_FLAG_DOTALL | HS_FLAG_SINGLEMATCH |
                      (cased ? 0u : static_cast<unsigned>(HS_FLAG_CASELESS)));
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* error = nullptr;
    fs::path cache = CacheDirectory();
    fs::path cached = cache.empty() ? fs::path() : cache / "hs" / (CacheKey(exprs, flags) + ".db");
    if (!cached.empty()) db = LoadCached(cached);
    bool compiled =
        db == nullptr && hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                                          static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                                          nullptr, &db, &error) == HS_SUCCESS;
    if (compiled && !cached.empty()) StoreCached(cached, db);
    if (db != nullptr) {
      std::sort(dropped.begin(), dropped.end());
      return;
    }
    // Drop the pattern it rejected (it stays an individual test) and try again.
    int bad = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    if (bad < 0 || static_cast<size_t>(bad) >= tests.size()) break;
    dropped.push_back(tests[static_cast<size_t>(bad)]);
    tests.erase(tests.begin() + bad);
  }
  db = nullptr;
}

void FieldDatabases::Compile(const std::vector<std::string>& regex_of_test, size_t threads) {
  // Compile time grows with the number of patterns: hand out the largest databases first so
  // that no thread is left with a big one at the end.
  std::vector<size_t> order;
  for (size_t g = 0; g < groups_.size(); ++g) {
    if (groups_[g].db == nullptr) order.push_back(g);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return groups_[a].tests.size() > groups_[b].tests.size();
  });
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < order.size(); i = next++) groups_[order[i]].Build(regex_of_test);
  };
  threads = std::max<size_t>(1, std::min(threads, order.size()));
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (auto& h : helpers) h.join();
}

hs_scratch* FieldDatabases::NewScratch() const {
  hs_scratch_t* scratch = nullptr;
  for (const auto& g : groups_) {
    if (g.db != nullptr) hs_alloc_scratch(g.db, &scratch);
  }
  return scratch;
}

void FieldDatabases::FreeScratch(hs_scratch* s) {
  if (s != nullptr) hs_free_scratch(s);
}

}  // namespace quarry::sigma
