// The community hunting queries of ../shared/corpora/kql: every query that needs no cloud-only
// feature must parse (target: at least 90%); the rate and the commonest failures are printed.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "kql/ast.h"
#include "kql/binder.h"
#include "test_util.h"

namespace quarry::testing {
namespace {
namespace fs = std::filesystem;

// Features an offline engine cannot honestly provide (kql-semantics.md, §2 notes).
bool CloudOnly(const std::string& text) {
  static const std::regex kCloud(
      R"(externaldata|_GetWatchlist|FileProfile|geo_info_from_ip_address|\barg\s*\(\s*")",
      std::regex::icase);
  return std::regex_search(text, kCloud);
}

// A failure message with quoted fragments blanked, to group failures by kind.
std::string Shape(const std::string& message) {
  static const std::regex kQuoted("'[^']*'");
  return std::regex_replace(message, kQuoted, "'…'");
}

TEST(KqlCorpus, QueriesParse) {
  fs::path corpora = CorporaDir();
  if (corpora.empty() || !fs::exists(corpora / "kql" / "queries")) {
    GTEST_SKIP() << "NOTICE: ../shared/corpora/kql not found (set QUARRY_CORPORA); skipped";
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(corpora / "kql" / "queries")) {
    if (e.path().extension() == ".kql") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 1000u);
  size_t eligible = 0, parsed = 0, cloud = 0, cloud_parsed = 0;
  std::map<std::string, std::pair<int, std::string>> failures;
  for (const fs::path& file : files) {
    std::string text = ReadFile(file);
    kql::ParseResult result = kql::Parse(text);
    if (CloudOnly(text)) {
      ++cloud;
      cloud_parsed += result.ok ? 1 : 0;
      continue;
    }
    ++eligible;
    if (result.ok) {
      ++parsed;
      continue;
    }
    auto& [count, example] = failures[Shape(result.error.message)];
    if (count++ == 0) {
      auto [line, column] = kql::LineColumn(text, result.error.span.begin);
      example = file.filename().string() + ":" + std::to_string(line) + ":" +
                std::to_string(column) + ": " + result.error.message;
    }
  }
  double rate = eligible ? static_cast<double>(parsed) / static_cast<double>(eligible) : 0;
  std::printf(
      "KQL corpus: %zu of %zu queries without cloud-only features parse (%.1f%%); "
      "cloud-only: %zu of %zu parse\n",
      parsed, eligible, 100 * rate, cloud_parsed, cloud);
  std::vector<std::pair<int, std::string>> top;
  for (const auto& [shape, entry] : failures) top.push_back({entry.first, entry.second});
  std::sort(top.rbegin(), top.rend());
  for (size_t i = 0; i < top.size() && i < 15; ++i) {
    std::printf("  %4d  e.g. %s\n", top[i].first, top[i].second.c_str());
  }
  EXPECT_GE(rate, 0.90);
}

// The same queries bound against the kql-schema catalog (Sentinel and Defender tables): the
// rate of queries without an error finding, and the commonest findings.
TEST(KqlCorpus, QueriesBind) {
  fs::path corpora = CorporaDir();
  if (corpora.empty() || !fs::exists(corpora / "kql-schema")) {
    GTEST_SKIP() << "NOTICE: ../shared/corpora/kql-schema not found; skipped";
  }
  auto catalog = kql::Catalog::LoadSchemaDir((corpora / "kql-schema").string());
  ASSERT_TRUE(catalog.ok()) << catalog.status().message();
  ASSERT_GE(catalog->size(), 800u);
  size_t eligible = 0, bound = 0;
  std::map<std::string, std::pair<int, std::string>> reasons;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(corpora / "kql" / "queries"))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::string text = ReadFile(file);
    if (CloudOnly(text)) continue;
    ++eligible;
    kql::CheckResult r = kql::Check(text, *catalog, file.filename().string());
    if (r.bound) ++bound;
    std::set<std::string> seen;
    for (const Finding& f : r.findings) {
      if (f.severity != Severity::kError) continue;
      std::string key = f.code + ": " + Shape(f.message);
      if (!seen.insert(key).second) continue;
      auto& [count, example] = reasons[key];
      if (count++ == 0)
        example = f.ToString() + (f.suggestion.empty() ? "" : " -- " + f.suggestion);
    }
  }
  double rate = eligible ? static_cast<double>(bound) / static_cast<double>(eligible) : 0;
  std::printf("KQL corpus: %zu of %zu queries without cloud-only features bind (%.1f%%)\n", bound,
              eligible, 100 * rate);
  std::vector<std::pair<int, std::string>> top;
  for (const auto& [key, entry] : reasons)
    top.push_back({entry.first, key + "\n        e.g. " + entry.second});
  std::sort(top.rbegin(), top.rend());
  for (size_t i = 0; i < top.size() && i < 20; ++i) {
    std::printf("  %4d  %s\n", top[i].first, top[i].second.c_str());
  }
  EXPECT_GE(rate, 0.85);
}

}  // namespace
}  // namespace quarry::testing
