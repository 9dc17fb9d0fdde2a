#include "query/sqlite_functions.h"

#include <re2/re2.h>

#include <charconv>
#include <memory>
#include <string>

#include "core/strings.h"
#include "core/time.h"

namespace quarry::query {
namespace {

bool IsTermChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string_view Text(sqlite3_value* v) {
  const unsigned char* p = sqlite3_value_text(v);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_value_bytes(v))};
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
  auto* re = static_cast<RE2*>(sqlite3_get_auxdata(ctx, 1));
  if (re == nullptr) {
    RE2::Options o;
    o.set_log_errors(false);
    auto compiled = std::make_unique<RE2>(std::string(Text(argv[1])), o);
    if (!compiled->ok()) {
      std::string message = "invalid regular expression: " + compiled->error();
      sqlite3_result_error(ctx, message.c_str(), -1);
      return;
    }
    re = compiled.release();
    sqlite3_set_auxdata(ctx, 1, re, [](void* p) { delete static_cast<RE2*>(p); });
  }
  std::string_view hay = Text(argv[0]);
  sqlite3_result_int(ctx, RE2::PartialMatch(re2::StringPiece(hay.data(), hay.size()), *re) ? 1 : 0);
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

void RegisterKqlFunctions(sqlite3* db) {
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  sqlite3_create_function(db, "kql_has", 3, flags, nullptr, Has, nullptr, nullptr);
  sqlite3_create_function(db, "kql_hasprefix", 3, flags, nullptr, HasPrefix, nullptr, nullptr);
  sqlite3_create_function(db, "kql_hassuffix", 3, flags, nullptr, HasSuffix, nullptr, nullptr);
  sqlite3_create_function(db, "kql_regex", 2, flags, nullptr, Regex, nullptr, nullptr);
  sqlite3_create_function(db, "kql_tolong", 1, flags, nullptr, ToLong, nullptr, nullptr);
  sqlite3_create_function(db, "kql_toreal", 1, flags, nullptr, ToReal, nullptr, nullptr);
  sqlite3_create_function(db, "kql_format_datetime", 1, flags, nullptr, FormatDatetime, nullptr,
                          nullptr);
}

}  // namespace quarry::query
