// Statements, relations and scalar expressions; the tabular operators are in sql_operators.cpp.
#include "kql/sql_gen.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/strings.h"
#include "core/time.h"
#include "kql/binder.h"
#include "kql/sql_internal.h"

namespace quarry::kql {

std::string FormatTimespanText(int64_t ticks) {
  std::string out;
  uint64_t t = ticks < 0 ? static_cast<uint64_t>(-(ticks + 1)) + 1 : static_cast<uint64_t>(ticks);
  if (ticks < 0) out += '-';
  uint64_t fraction = t % 10'000'000, seconds = t / 10'000'000;
  uint64_t days = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
  char buf[64];
  if (days > 0) out += std::to_string(days) + ".";
  std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu", static_cast<unsigned long long>(h),
                static_cast<unsigned long long>(m), static_cast<unsigned long long>(s));
  out += buf;
  if (fraction != 0) {
    std::snprintf(buf, sizeof buf, ".%07llu", static_cast<unsigned long long>(fraction));
    out += buf;
  }
  return out;
}

bool TimespanTicks(std::string_view text, int64_t& ticks) {
  if (text.find(':') != std::string_view::npos) {  // [d.]hh:mm[:ss[.fffffff]]
    int64_t days = 0, h = 0, m = 0;
    double s = 0;
    std::string t(text);
    size_t dot = t.find('.');
    size_t colon = t.find(':');
    if (dot != std::string::npos && dot < colon) {
      days = std::atoll(t.substr(0, dot).c_str());
      t = t.substr(dot + 1);
    }
    if (std::sscanf(t.c_str(), "%ld:%ld:%lf", &h, &m, &s) < 2) return false;
    // Found by fuzz_kql: a timespan past what 64-bit ticks hold is not one (no overflow).
    if (!std::isfinite(s) || std::fabs(s) > 9e11) return false;
    int64_t minutes = 0;
    int64_t whole = 0;
    if (__builtin_mul_overflow(days, 24, &minutes) ||
        __builtin_add_overflow(minutes, h, &minutes) ||
        __builtin_mul_overflow(minutes, 60, &minutes) ||
        __builtin_add_overflow(minutes, m, &minutes) ||
        __builtin_mul_overflow(minutes, int64_t{600'000'000}, &whole) ||
        __builtin_add_overflow(whole, static_cast<int64_t>(std::llround(s * 1e7)), &ticks)) {
      return false;
    }
    return true;
  }
  size_t unit = 0;
  while (unit < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[unit])) || text[unit] == '.')) {
    ++unit;
  }
  if (unit == 0) return false;
  double value = std::atof(std::string(text.substr(0, unit)).c_str());
  std::string_view u = text.substr(unit);
  double scale = 0;
  if (u == "d" || u == "day" || u == "days") {
    scale = 864e9;
  } else if (u == "h" || u == "hour" || u == "hours") {
    scale = 36e9;
  } else if (u == "m" || u == "min" || u == "minute" || u == "minutes") {
    scale = 6e8;
  } else if (u == "s" || u == "second" || u == "seconds") {
    scale = 1e7;
  } else if (u == "ms" || u == "millisecond" || u == "milliseconds") {
    scale = 1e4;
  } else if (u == "microsecond" || u == "microseconds") {
    scale = 10;
  } else if (u == "tick" || u == "ticks") {
    scale = 1;
  } else {
    return false;
  }
  double scaled = value * scale;
  if (!std::isfinite(scaled) || std::fabs(scaled) >= 9.2e18) return false;
  ticks = static_cast<int64_t>(std::llround(scaled));
  return true;
}

void Lowerer::Fail(const std::string& message, Span span) {
  throw Unsupported{message, span};
}

std::string Lowerer::Ident(std::string_view name) const {
  return dialect_.Ident(name);
}

// ---- relations ---------------------------------------------------------------------------------

Rel Lowerer::Table(const Node& name) {
  if (auto it = tables_.find(name.text); it != tables_.end()) return it->second;
  const TableSchema* t = catalog_.Find(name.text);
  if (t == nullptr) Fail("unknown table '" + name.text + "'", name.span);
  Rel r;
  r.sql = "SELECT * FROM " + Ident(t->name);
  for (const Column& c : t->columns) r.cols.push_back({c.name, c.type});
  const auto& windowed = options_.windowed_tables;
  if (options_.window_ticks > 0 && t->Find("TimeGenerated") &&
      std::find(windowed.begin(), windowed.end(), name.span.begin) != windowed.end()) {
    r.sql +=
        " WHERE " + Ident("TimeGenerated") + " > " +
        std::to_string(options_.now_ticks - options_.window_ticks) + " AND " +
        dialect_.CompareTimes(Ident("TimeGenerated"), "<=", std::to_string(options_.now_ticks));
    r.scan_filtered = true;
  }
  r.plain_scan = r.sql;
  return r;
}

Rel Lowerer::Tabular(const Node& n) {
  switch (n.kind) {
    case NodeKind::kName:
      return Table(n);
    case NodeKind::kPipe: {
      Rel r = Tabular(n.kids[0]);
      for (size_t i = 1; i < n.kids.size(); ++i) r = Apply(n.kids[i], std::move(r));
      return r;
    }
    case NodeKind::kCall:
      if (n.text == "materialize" && !n.kids.empty()) return Tabular(n.kids[0]);
      if (auto it = functions_.find(n.text); it != functions_.end()) {
        return InlineTabular(*it->second, n);
      }
      break;
    case NodeKind::kOperator:
      if (n.text == "union") return Union(n, nullptr);
      if (n.text == "print") return Print(n);
      if (n.text == "datatable") return Datatable(n);
      if (n.text == "range") return Range(n);
      break;
    default:
      break;
  }
  Fail("this source is not supported when running queries yet", n.span);
}

// ---- scalar expressions ------------------------------------------------------------------------

E Lowerer::Literal(const Node& n) {
  switch (n.kind) {
    case NodeKind::kString:
      return {dialect_.String(n.text), Type::kString};
    case NodeKind::kNumber: {
      if (n.text.rfind("0x", 0) == 0 || n.text.rfind("0X", 0) == 0) {
        return {std::to_string(std::strtoll(n.text.c_str() + 2, nullptr, 16)), Type::kLong};
      }
      bool real = n.text.find_first_of(".eE") != std::string::npos;
      return {n.text, real ? Type::kReal : Type::kLong};
    }
    case NodeKind::kBool:
      return {n.text == "true" ? "1" : "0", Type::kBool};
    case NodeKind::kNull:
      return {"NULL", Type::kUnknown};
    case NodeKind::kTimespan: {
      int64_t ticks = 0;
      if (!TimespanTicks(n.text, ticks)) Fail("not a timespan: '" + n.text + "'", n.span);
      return {std::to_string(ticks), Type::kTimespan};
    }
    case NodeKind::kDatetime: {
      if (n.text == "null") return {"NULL", Type::kDateTime};
      auto t = ParseIsoTime(n.text);
      if (!t) Fail("not a datetime: '" + n.text + "'", n.span);
      return {std::to_string(t->ticks), Type::kDateTime};
    }
    case NodeKind::kDynamic: {
      std::string json;
      if (!n.kids.empty()) DynamicJson(n.kids[0], json);
      return {dialect_.String(json), Type::kDynamic};
    }
    default:
      Fail("unsupported literal", n.span);
  }
}

void Lowerer::DynamicJson(const Node& n, std::string& out) {
  switch (n.kind) {
    case NodeKind::kArray:
      out += '[';
      for (size_t i = 0; i < n.kids.size(); ++i) {
        if (i > 0) out += ',';
        DynamicJson(n.kids[i], out);
      }
      out += ']';
      return;
    case NodeKind::kObject:
      out += '{';
      for (size_t i = 0; i < n.kids.size(); ++i) {
        if (i > 0) out += ',';
        AppendJsonString(out, n.kids[i].text);
        out += ':';
        DynamicJson(n.kids[i].kids[0], out);
      }
      out += '}';
      return;
    case NodeKind::kString:
      AppendJsonString(out, n.text);
      return;
    case NodeKind::kNumber:
    case NodeKind::kBool:
      out += n.text;
      return;
    case NodeKind::kNull:
      out += "null";
      return;
    case NodeKind::kUnary:
      if (n.text == "-" && !n.kids.empty() && n.kids[0].kind == NodeKind::kNumber) {
        out += "-" + n.kids[0].text;
        return;
      }
      break;
    default:
      break;
  }
  Fail("unsupported value inside dynamic(…)", n.span);
}

E Lowerer::Name(const Node& n, const Rel& rel) {
  if (auto it = params_.find(n.text); it != params_.end()) return it->second;
  for (const SqlColumn& c : rel.cols) {
    if (c.name == n.text) return {Ident(c.name), c.type};
  }
  if (auto it = scalars_.find(n.text); it != scalars_.end()) return it->second;
  Fail("unknown column or name '" + n.text + "'", n.span);
}

// x.a.b[0]['c'] → one JSON path on x.
E Lowerer::Path(const Node& n, const Rel& rel) {
  // Collected from the outermost access inwards, then reversed.
  std::vector<std::string> keys;
  std::vector<bool> is_index;
  const Node* base = &n;
  while (base->kind == NodeKind::kMember || base->kind == NodeKind::kIndex) {
    if (base->kind == NodeKind::kMember) {
      keys.push_back(base->text);
      is_index.push_back(false);
    } else {
      const Node& index = base->kids[1];
      if (index.kind != NodeKind::kString && index.kind != NodeKind::kNumber) {
        Fail("only constant keys and indexes are supported in dynamic access", index.span);
      }
      keys.push_back(index.text);
      is_index.push_back(index.kind == NodeKind::kNumber);
    }
    base = &base->kids[0];
  }
  std::reverse(keys.begin(), keys.end());
  std::reverse(is_index.begin(), is_index.end());
  E object = Expr(*base, rel);
  return {dialect_.JsonExtract(object.sql, keys, is_index), Type::kDynamic};
}

E Lowerer::Expr(const Node& n, const Rel& rel) {
  switch (n.kind) {
    case NodeKind::kName:
      return Name(n, rel);
    case NodeKind::kMember:
    case NodeKind::kIndex:
      return Path(n, rel);
    case NodeKind::kCall:
      return Call(n, rel);
    case NodeKind::kUnary: {
      E x = Expr(n.kids[0], rel);
      return {"(" + n.text + x.sql + ")", x.type};
    }
    case NodeKind::kBinary:
      return Binary(n, rel);
    case NodeKind::kBetween: {
      E x = Expr(n.kids[0], rel), lo = Expr(n.kids[1], rel), hi = Expr(n.kids[2], rel);
      std::string test = x.type == Type::kDateTime
                             ? dialect_.TimesBetween(x.sql, lo.sql, hi.sql)
                             : "(" + x.sql + " BETWEEN " + lo.sql + " AND " + hi.sql + ")";
      return {n.text == "between" ? test : Not(test), Type::kBool};
    }
    default:
      return Literal(n);
  }
}

std::string Lowerer::Not(const std::string& test) const {
  // A comparison with a missing value is false; its negation is true, as in Kusto.
  return "(NOT coalesce(" + test + ", 0))";
}

// Strings are never null in Kusto: a missing one compares as "".
std::string Lowerer::Str(const E& e) const {
  return e.type == Type::kString ? "coalesce(" + e.sql + ", '')" : e.sql;
}

// tostring(): datetimes as ISO 8601, bools as true/false, null as "".
std::string Lowerer::AsText(const E& e) const {
  if (e.type == Type::kDateTime) return "coalesce(" + dialect_.FormatDatetime(e.sql) + ", '')";
  if (e.type == Type::kBool) {
    return "(CASE WHEN " + e.sql + " IS NULL THEN '' WHEN " + e.sql +
           " THEN 'true' ELSE 'false' END)";
  }
  return "coalesce(" + dialect_.CastToText(e.sql, e.type == Type::kReal) + ", '')";
}

std::vector<SqlStep> PipeSteps(const ParseResult& parsed, const Catalog& catalog,
                               const SqlDialect& dialect, const SqlOptions& options) {
  if (!parsed.ok) return {};
  Lowerer lowerer(catalog, dialect, options);
  try {
    return lowerer.Steps(parsed.script);
  } catch (const Unsupported&) {
    return {};
  }
}

SqlPlan ToSql(const ParseResult& parsed, std::string_view text, const Catalog& catalog,
              const SqlDialect& dialect, const SqlOptions& options, const std::string& file) {
  SqlPlan plan;
  if (!parsed.ok) {
    plan.findings.push_back(FindingAt(Severity::kError, "kql.syntax", parsed.error.message,
                                      parsed.error.span, text, file));
    return plan;
  }
  Lowerer lowerer(catalog, dialect, options);
  try {
    Rel result = lowerer.Script(parsed.script);
    plan.sql = result.sql;
    plan.columns = result.cols;
    plan.ok = true;
  } catch (const Unsupported& u) {
    plan.findings.push_back(
        FindingAt(Severity::kError, "kql.unsupported", u.message, u.span, text, file));
  }
  return plan;
}

}  // namespace quarry::kql
