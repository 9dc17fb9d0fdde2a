#include "query/sqlite_functions.h"

#include <re2/re2.h>

#include <charconv>
#include <memory>
#include <string>
#include <vector>

#include "core/strings.h"
#include "core/time.h"
#include "kql/sql_dialect.h"
#include "query/sqlite_udf.h"

namespace quarry::query {
namespace {

bool IsTermChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void HasFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv, std::string_view kind) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  std::string hay(Text(argv[0])), needle(Text(argv[1]));
  bool cs = argc > 2 && sqlite3_value_int(argv[2]) != 0;
  sqlite3_result_int(ctx, KqlHas(hay, needle, cs, kind) ? 1 : 0);
}

void Has(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  HasFunction(ctx, argc, argv, "has");
}
void HasPrefix(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  HasFunction(ctx, argc, argv, "hasprefix");
}
void HasSuffix(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  HasFunction(ctx, argc, argv, "hassuffix");
}

// `matches regex`: RE2, unanchored; the compiled pattern is kept with the statement.
void Regex(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  RE2* re = CachedRegex(ctx, argv, 1);
  if (re == nullptr) return;
  std::string_view hay = Text(argv[0]);
  sqlite3_result_int(ctx, RE2::PartialMatch(re2::StringPiece(hay.data(), hay.size()), *re) ? 1 : 0);
}

// extract(pattern, group, text): the group of the first match, null when none.
void Extract(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[2]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  RE2* re = CachedRegex(ctx, argv, 0);
  if (re == nullptr) return;
  ResultGroup(ctx, *re, Text(argv[2]), sqlite3_value_int(argv[1]), RE2::UNANCHORED, false);
}

// replace_regex(text, pattern, rewrite): every match replaced; \1 … name groups.
void ReplaceRegex(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  RE2* re = CachedRegex(ctx, argv, 1);
  if (re == nullptr) return;
  std::string text(Text(argv[0]));
  RE2::GlobalReplace(&text, *re, re2::StringPiece(Text(argv[2]).data(), Text(argv[2]).size()));
  sqlite3_result_text(ctx, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

// split(text, delimiter): a JSON array of the pieces.
void Split(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_text(ctx, "[]", 2, SQLITE_STATIC);
    return;
  }
  std::string_view text = Text(argv[0]), delimiter = Text(argv[1]);
  std::string out = "[";
  auto piece = [&](std::string_view p) {
    if (out.size() > 1) out += ',';
    AppendJsonString(out, p);
  };
  if (delimiter.empty()) {
    piece(text);
  } else {
    size_t start = 0;
    for (size_t at; (at = text.find(delimiter, start)) != std::string_view::npos;
         start = at + delimiter.size()) {
      piece(text.substr(start, at - start));
    }
    piece(text.substr(start));
  }
  out += ']';
  sqlite3_result_text(ctx, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

// tolong()/toreal(): numbers pass, numeric text converts, anything else is null (SQLite's CAST
// would give 0).
void ToNumber(sqlite3_context* ctx, sqlite3_value* v, bool real) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
      if (real) {
        sqlite3_result_double(ctx, static_cast<double>(sqlite3_value_int64(v)));
      } else {
        sqlite3_result_int64(ctx, sqlite3_value_int64(v));
      }
      return;
    case SQLITE_FLOAT:
      if (real) {
        sqlite3_result_double(ctx, sqlite3_value_double(v));
      } else {
        sqlite3_result_int64(ctx, static_cast<int64_t>(sqlite3_value_double(v)));
      }
      return;
    case SQLITE_TEXT: {
      std::string_view t = TrimAscii(Text(v));
      double d = 0;
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
      if (ec != std::errc() || end != t.data() + t.size() || t.empty()) break;
      if (real) {
        sqlite3_result_double(ctx, d);
      } else {
        sqlite3_result_int64(ctx, static_cast<int64_t>(d));
      }
      return;
    }
    default:
      break;
  }
  sqlite3_result_null(ctx);
}

void ToLong(sqlite3_context* ctx, int, sqlite3_value** argv) {
  ToNumber(ctx, argv[0], false);
}
void ToReal(sqlite3_context* ctx, int, sqlite3_value** argv) {
  ToNumber(ctx, argv[0], true);
}

void FormatDatetime(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER) {
    sqlite3_result_null(ctx);
    return;
  }
  std::string text = FormatIsoTime(Timestamp{sqlite3_value_int64(argv[0])});
  sqlite3_result_text(ctx, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

}  // namespace

std::string_view Text(sqlite3_value* v) {
  const unsigned char* p = sqlite3_value_text(v);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_value_bytes(v))};
}

bool IsNull(sqlite3_value* v) {
  return sqlite3_value_type(v) == SQLITE_NULL;
}

void ResultText(sqlite3_context* ctx, std::string_view text) {
  sqlite3_result_text(ctx, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

RE2* CachedRegex(sqlite3_context* ctx, sqlite3_value** argv, int arg) {
  auto* re = static_cast<RE2*>(sqlite3_get_auxdata(ctx, arg));
  if (re != nullptr) return re;
  RE2::Options o;
  o.set_log_errors(false);
  auto compiled = std::make_unique<RE2>(std::string(Text(argv[arg])), o);
  if (!compiled->ok()) {
    std::string message = "invalid regular expression: " + compiled->error();
    sqlite3_result_error(ctx, message.c_str(), -1);
    return nullptr;
  }
  re = compiled.release();
  sqlite3_set_auxdata(ctx, arg, re, [](void* p) { delete static_cast<RE2*>(p); });
  return static_cast<RE2*>(sqlite3_get_auxdata(ctx, arg));
}

void ResultGroup(sqlite3_context* ctx, const RE2& re, std::string_view text, int group,
                 RE2::Anchor anchor, bool absent_group_is_empty) {
  if (group < 0 || group > re.NumberOfCapturingGroups()) {
    sqlite3_result_null(ctx);
    return;
  }
  std::vector<re2::StringPiece> groups(static_cast<size_t>(group) + 1);
  re2::StringPiece input(text.data(), text.size());
  if (!re.Match(input, 0, input.size(), anchor, groups.data(), group + 1)) {
    sqlite3_result_null(ctx);
    return;
  }
  const re2::StringPiece& g = groups[static_cast<size_t>(group)];
  if (g.data() == nullptr && !absent_group_is_empty) {
    sqlite3_result_null(ctx);
    return;
  }
  ResultText(ctx, std::string_view(g.data() == nullptr ? "" : g.data(), g.size()));
}

bool KqlHas(std::string_view hay, std::string_view needle, bool case_sensitive,
            std::string_view kind) {
  if (needle.empty()) return true;
  auto same = [&](char a, char b) {
    return case_sensitive ? a == b : AsciiLower(a) == AsciiLower(b);
  };
  bool need_start = kind != "hassuffix";
  bool need_end = kind != "hasprefix";
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && same(hay[i + k], needle[k])) ++k;
    if (k != needle.size()) continue;
    // A boundary matters only where the needle itself starts or ends inside a term.
    bool start_ok = !need_start || i == 0 || !IsTermChar(hay[i - 1]) || !IsTermChar(needle.front());
    size_t after = i + needle.size();
    bool end_ok =
        !need_end || after == hay.size() || !IsTermChar(hay[after]) || !IsTermChar(needle.back());
    if (start_ok && end_ok) return true;
  }
  return false;
}

std::span<const Udf> MatchAndConvertUdfs() {
  static constexpr Udf kUdfs[] = {
      {.name = "has", .args = 3, .scalar = Has},
      {.name = "hasprefix", .args = 3, .scalar = HasPrefix},
      {.name = "hassuffix", .args = 3, .scalar = HasSuffix},
      {.name = "regex", .args = 2, .scalar = Regex},
      {.name = "tolong", .args = 1, .scalar = ToLong},
      {.name = "toreal", .args = 1, .scalar = ToReal},
      {.name = "format_datetime", .args = 1, .scalar = FormatDatetime},
      {.name = "extract", .args = 3, .scalar = Extract},
      {.name = "replace_regex", .args = 3, .scalar = ReplaceRegex},
      {.name = "split", .args = 2, .scalar = Split},
  };
  return kUdfs;
}

void RegisterKqlFunctions(sqlite3* db) {
  kql::SqliteDialect dialect;
  for (std::span<const Udf> udfs :
       {MatchAndConvertUdfs(), TimeUdfs(), TextUdfs(), NetworkUdfs(), AggregateUdfs()}) {
    for (const Udf& u : udfs) {
      // An aggregate's result depends on the rows it sees, not only on its arguments.
      int flags = u.scalar != nullptr ? SQLITE_UTF8 | SQLITE_DETERMINISTIC : SQLITE_UTF8;
      sqlite3_create_function(db, dialect.FunctionName(u.name).c_str(), u.args, flags, nullptr,
                              u.scalar, u.step, u.final);
    }
  }
}

}  // namespace quarry::query
