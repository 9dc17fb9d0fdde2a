#include "app/summarize_rows.h"

#include <algorithm>
#include <set>

#include "core/strings.h"
#include "core/time.h"
#include "ir/claim_check.h"
#include "ir/claims.h"

namespace quarry::app {
namespace {

bool Numeric(const Value& v) {
  return v.type() == ValueType::kLong || v.type() == ValueType::kReal;
}

double AsNumber(const Value& v) {
  if (v.type() == ValueType::kLong) return static_cast<double>(v.as_long());
  if (v.type() == ValueType::kReal) return v.as_real();
  return 0;
}

std::string Plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

RowsSummary SummarizeRows(const Table& table) {
  RowsSummary out;
  const auto& rows = table.rows;
  std::vector<std::string> drafts;
  drafts.push_back("The query returned " + Plural(rows.size(), "row", "rows") + ".");
  if (!rows.empty()) {
    int text_col = -1, number_col = -1, time_col = -1;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const Value& v = rows.front()[c];
      if (text_col < 0 && v.type() == ValueType::kString && !table.columns[c].starts_with("_"))
        text_col = static_cast<int>(c);
      if (number_col < 0 && Numeric(v) && table.columns[c] != "_eid")
        number_col = static_cast<int>(c);
      if (time_col < 0 && v.type() == ValueType::kDateTime) time_col = static_cast<int>(c);
    }
    if (number_col >= 0 && text_col >= 0 && rows.size() > 1) {
      auto top = std::max_element(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
        return AsNumber(a[number_col]) < AsNumber(b[number_col]);
      });
      std::string who = (*top)[text_col].ToText();
      if (!who.empty() && who.find('`') == std::string::npos)
        drafts.push_back("The largest " + table.columns[number_col] + " is " +
                         (*top)[number_col].ToText() + ", for " + table.columns[text_col] + " `" +
                         who + "`.");
    }
    if (text_col >= 0) {
      std::set<std::string> distinct;
      for (const auto& r : rows) distinct.insert(r[text_col].ToText());
      drafts.push_back(std::to_string(distinct.size()) + " distinct values of " +
                       table.columns[text_col] + " appear.");
    }
    if (time_col >= 0) {
      Timestamp lo = rows.front()[time_col].as_time(), hi = lo;
      for (const auto& r : rows) {
        if (r[time_col].type() != ValueType::kDateTime) continue;
        lo = std::min(lo, r[time_col].as_time());
        hi = std::max(hi, r[time_col].as_time());
      }
      drafts.push_back("The rows span " + FormatIsoTime(lo) + " to " + FormatIsoTime(hi) + ".");
    }
  }
  // The rows as entries, so the claim checks read them as they read events.
  std::vector<ir::TimelineEntry> entries(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    entries[i].eid = static_cast<int64_t>(i + 1);
    entries[i].table = "rows";
    for (size_t c = 0; c < table.columns.size() && c < rows[i].size(); ++c) {
      if (rows[i][c].type() == ValueType::kDateTime && entries[i].time.ticks == 0)
        entries[i].time = rows[i][c].as_time();
      if (!rows[i][c].is_null()) entries[i].fields.emplace_back(table.columns[c], rows[i][c]);
    }
  }
  ir::ClaimEvidence evidence;
  evidence.rows = true;
  for (const auto& e : entries) evidence.cited.push_back(&e);
  // Column names are words here, not names to find among the values.
  ir::CaseVocabulary vocabulary;
  ir::LoadDictionary(vocabulary);
  for (const std::string& c : table.columns) vocabulary.common_words.insert(AsciiToLower(c));
  for (const std::string& text : drafts) {
    ir::Claim claim;
    claim.line = 1;
    claim.text = text;
    claim.body = text;
    claim.citations.push_back({ir::CitationKind::kEvent, "rows", 0});
    ir::ClaimTerms terms = ir::ExtractTerms(claim.body, vocabulary);
    ir::ClaimResult result = ir::CheckClaim(claim, terms, evidence);
    if (result.verdict == ir::Verdict::kSupported) {
      out.sentences.push_back(text);
    } else {
      std::string why;
      for (const std::string& p : result.problems) why.append(why.empty() ? "" : "; ").append(p);
      out.removed.push_back(text + " (" + why + ")");
    }
  }
  return out;
}

}  // namespace quarry::app
