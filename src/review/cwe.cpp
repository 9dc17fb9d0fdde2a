#include "review/cwe.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "catalog/attack.h"
#include "catalog/table.h"
#include "core/strings.h"
#include "review/embedded.h"

namespace quarry::review {
namespace {

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    out.push_back(
        s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// Calls ROW for each data line after the header, with its 1-based line number.
template <typename Row>
void EachRow(std::string_view tsv, Row row) {
  uint64_t number = 0;
  for (std::string_view line : SplitOn(tsv, '\n')) {
    ++number;
    if (number == 1 || line.empty() || line[0] == '#') continue;
    row(SplitOn(line, '\t'), number);
  }
}

}  // namespace

std::string CweTable::Canonical(std::string_view text) {
  std::string s = AsciiToLower(Trimmed(text));
  if (s.rfind("cwe", 0) == 0) s.erase(0, 3);
  if (!s.empty() && (s[0] == '-' || s[0] == '_' || s[0] == ' ')) s.erase(0, 1);
  unsigned value = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || value == 0) return "";
  return "CWE-" + std::to_string(value);
}

CweTable CweTable::Parse(std::string_view cwe_tsv, std::string_view analyzers_tsv,
                         std::vector<Finding>* problems) {
  CweTable table;
  EachRow(cwe_tsv, [&](const std::vector<std::string_view>& cells, uint64_t line) {
    std::string id = cells.empty() ? "" : Canonical(cells[0]);
    if (cells.size() < 4 || id.empty()) {
      if (problems)
        problems->push_back(ErrorAt("review.cwe_table", "a row needs cwe, name, owasp_2025, family",
                                    "review-rules/cwe.tsv", line));
      return;
    }
    CweInfo info{id, Trimmed(cells[1]), Trimmed(cells[2]), Trimmed(cells[3]), {}};
    if (cells.size() > 4)
      for (std::string_view word : SplitOn(cells[4], ','))
        if (!word.empty()) info.indicators.push_back(AsciiToLower(word));
    table.cwes_.push_back(std::move(info));
  });
  std::sort(table.cwes_.begin(), table.cwes_.end(),
            [](const CweInfo& a, const CweInfo& b) { return a.id < b.id; });
  EachRow(analyzers_tsv, [&](const std::vector<std::string_view>& cells, uint64_t line) {
    // "-": an informational rule, not reported.
    std::string cwe = cells.size() < 3 ? "" : Trimmed(cells[2]) == "-" ? "-" : Canonical(cells[2]);
    if (cwe.empty()) {
      if (problems)
        problems->push_back(ErrorAt("review.analyzer_table", "a row needs engine, rule_id, cwe",
                                    "review-rules/analyzers.tsv", line));
      return;
    }
    AnalyzerRule rule{Trimmed(cells[0]), Trimmed(cells[1]), cwe,
                      cells.size() > 3 ? Trimmed(cells[3]) : "", nullptr};
    if (!rule.message_regex.empty()) {
      auto re = std::make_shared<const RE2>(rule.message_regex, RE2::Quiet);
      if (re->ok()) {
        rule.message = std::move(re);
      } else if (problems) {
        problems->push_back(ErrorAt("review.analyzer_table",
                                    "message_regex is not an RE2 regex: " + re->error(),
                                    "review-rules/analyzers.tsv", line));
      }
    }
    table.analyzer_rules_.push_back(std::move(rule));
  });
  std::string dir = catalog::FindDirectory();
  if (!dir.empty()) {
    auto rows = catalog::ReadTable(std::filesystem::path(dir) / "owasp_top10_2025.tsv",
                                   {"id", "name", "mapped_cwes"});
    if (rows.ok())
      for (const auto& row : rows.value()) {
        std::vector<std::string> cwes;
        for (std::string_view c : SplitOn(row[2], ','))
          if (std::string id = Canonical(c); !id.empty()) cwes.push_back(id);
        table.owasp_.emplace_back(row[0], std::move(cwes));
      }
  }
  return table;
}

const CweTable& CweTable::BuiltIn() {
  static const CweTable kTable = [] {
    std::string cwe_tsv, analyzers_tsv;
    for (const auto& [name, text] : BuiltInReviewFiles()) {
      if (name == "review-rules/cwe.tsv") cwe_tsv = text;
      if (name == "review-rules/analyzers.tsv") analyzers_tsv = text;
    }
    return Parse(cwe_tsv, analyzers_tsv, nullptr);
  }();
  return kTable;
}

const CweInfo* CweTable::Find(std::string_view cwe) const {
  std::string id = Canonical(cwe);
  auto it =
      std::lower_bound(cwes_.begin(), cwes_.end(), id,
                       [](const CweInfo& info, const std::string& key) { return info.id < key; });
  return it != cwes_.end() && it->id == id ? &*it : nullptr;
}

bool CweTable::Exists(std::string_view cwe) const {
  if (Find(cwe) != nullptr) return true;
  std::string id = Canonical(cwe);
  for (const auto& [category, cwes] : owasp_)
    if (std::find(cwes.begin(), cwes.end(), id) != cwes.end()) return true;
  return false;
}

std::vector<std::string> CweTable::CategoriesOf(std::string_view cwe) const {
  std::vector<std::string> out;
  if (const CweInfo* info = Find(cwe); info != nullptr && !info->owasp.empty())
    out.push_back(info->owasp);
  std::string id = Canonical(cwe);
  for (const auto& [category, cwes] : owasp_)
    if (std::find(cwes.begin(), cwes.end(), id) != cwes.end() &&
        std::find(out.begin(), out.end(), category) == out.end())
      out.push_back(category);
  return out;
}

std::string CweTable::CategoryOf(std::string_view cwe) const {
  auto all = CategoriesOf(cwe);
  return all.empty() ? "" : all.front();
}

std::string CweTable::FamilyOf(std::string_view cwe) const {
  const CweInfo* info = Find(cwe);
  return info != nullptr && !info->family.empty() ? info->family : Canonical(cwe);
}

std::string CweTable::CweOfAnalyzerRule(std::string_view engine, std::string_view rule_id,
                                        std::string_view message) const {
  for (const auto& rule : analyzer_rules_) {
    if (rule.engine != engine || rule.rule_id != rule_id) continue;
    if (rule.message_regex.empty()) return rule.cwe;
    if (rule.message && RE2::PartialMatch(message, *rule.message)) return rule.cwe;
  }
  return "";
}

}  // namespace quarry::review
