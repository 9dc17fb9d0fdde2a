#include "query/explain_result.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/clickhouse_sql.h"
#include "core/strings.h"
#include "kql/binder.h"

namespace quarry::query {
namespace {

// -1 when the count could not be read (a step the engine refuses is no reason to fail a query
// that ran).
int64_t CountRows(const store::Case& c, const std::string& sql) {
  std::string count = "SELECT count(*) FROM (" + sql + ")";
  int64_t n = -1;
  Status read = c.SelectText(count, count, [&](const store::TextRow& row) {
    if (!row.empty() && row[0]) n = std::atoll(row[0]->c_str());
    return false;
  });
  return read.ok() ? n : -1;
}

// The values of `column` in the rows of `sql` closest to `literal` (whole values, and their last
// path component, compared ignoring case), best first, at most 3.
std::vector<std::string> NearestValues(const store::Case& c, const std::string& sql,
                                       const std::string& column, const std::string& literal) {
  std::string sqlite_col = "\"" + column + "\"", clickhouse_col = ClickHouseIdent(column);
  std::vector<std::pair<size_t, std::string>> scored;
  size_t limit = std::max<size_t>(2, literal.size() / 4);
  (void)c.SelectText(
      "SELECT DISTINCT CAST(" + sqlite_col + " AS TEXT) FROM (" + sql + ") WHERE " + sqlite_col +
          " IS NOT NULL ORDER BY 1 LIMIT 20000",
      "SELECT DISTINCT toString(" + clickhouse_col + ") FROM (" + sql + ") WHERE " +
          clickhouse_col + " IS NOT NULL ORDER BY toString(" + clickhouse_col + ") LIMIT 20000",
      [&](const store::TextRow& row) {
        if (row.empty() || !row[0]) return true;
        const std::string& value = *row[0];
        size_t slash = value.find_last_of("\\/");
        std::string_view tail = slash == std::string::npos
                                    ? std::string_view(value)
                                    : std::string_view(value).substr(slash + 1);
        size_t d = std::min(EditDistance(literal, value, true), EditDistance(literal, tail, true));
        if (d <= limit) scored.push_back({d, value});
        return true;
      });
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace

void ExplainEmpty(const store::Case& c, const std::vector<kql::SqlStep>& steps,
                  std::string_view text, std::vector<Finding>& findings) {
  if (steps.empty()) return;
  auto snippet = [&](kql::Span span) {
    std::string s(text.substr(span.begin, span.end - span.begin));
    return s.size() > 80 ? s.substr(0, 77) + "..." : s;
  };
  auto closest = [&](const kql::SqlStep& step) {
    if (step.column.find('"') != std::string::npos || step.column.empty()) return std::string();
    std::vector<std::string> near = NearestValues(c, step.input_sql, step.column, step.literal);
    if (near.empty()) return std::string();
    std::string out = "closest values of " + step.column + ": ";
    for (size_t i = 0; i < near.size(); ++i) out += (i ? ", '" : "'") + near[i] + "'";
    return out;
  };
  auto add = [&](kql::Span span, std::string message, std::string suggestion) {
    findings.push_back(kql::FindingAt(Severity::kWarning, "kql.empty_result", std::move(message),
                                      span, text, "query", std::move(suggestion)));
  };
  int64_t before = CountRows(c, steps[0].sql);
  if (before == 0) {
    add(steps[0].span,
        "the result is empty because '" + snippet(steps[0].span) +
            "' has no rows here (in the case, or in the time window read)",
        "check the table name and the time window");
    return;
  }
  std::vector<const kql::SqlStep*> conjuncts;
  for (size_t i = 1; i < steps.size(); ++i) {
    const kql::SqlStep& step = steps[i];
    if (step.kind == "alternative") continue;
    if (step.kind == "conjunct") {
      conjuncts.push_back(&step);
      continue;
    }
    int64_t after = CountRows(c, step.sql);
    if (after == 0 && before > 0) {
      std::string near = closest(step);
      add(step.span,
          "the result is empty from here: '" + snippet(step.span) + "' removed the last " +
              std::to_string(before) + " row(s)",
          near.empty() ? "relax this condition, or check the values it compares with" : near);
      for (const kql::SqlStep* conjunct : conjuncts) {
        if (CountRows(c, conjunct->sql) == 0) {
          std::string hint = closest(*conjunct);
          add(conjunct->span,
              "on its own, '" + snippet(conjunct->span) + "' keeps none of the " +
                  std::to_string(before) + " row(s)",
              hint.empty() ? "check this value against the column's values (quarry schema TABLE "
                             "--top N)"
                           : hint);
        }
      }
      return;
    }
    conjuncts.clear();
    before = after;
  }
}

void CheckAlternatives(const store::Case& c, const std::vector<kql::SqlStep>& steps,
                       std::string_view text, std::vector<Finding>& findings) {
  for (const kql::SqlStep& step : steps) {
    if (step.kind != "alternative") continue;
    // Not EXISTS: ClickHouse 18.16 has none.
    bool any = CountRows(c, "SELECT 1 FROM (" + step.sql + ") LIMIT 1") != 0;
    if (any) continue;
    std::string hint = "check this value against the column's values";
    if (step.column.find('"') == std::string::npos) {
      std::vector<std::string> near = NearestValues(c, step.input_sql, step.column, step.literal);
      if (!near.empty()) {
        hint = "closest values of " + step.column + ": ";
        for (size_t i = 0; i < near.size(); ++i) hint += (i ? ", '" : "'") + near[i] + "'";
      }
    }
    std::string snippet(text.substr(step.span.begin, step.span.end - step.span.begin));
    findings.push_back(kql::FindingAt(
        Severity::kWarning, "kql.literal_not_found",
        "'" + snippet + "' matches no row it is applied to: this alternative never contributes",
        step.span, text, "query", std::move(hint)));
  }
}

}  // namespace quarry::query
