// Kusto's string functions that SQLite lacks:
//   kql_parse(text, regex, group)      group of a whole-text match of `regex`, null when it fails
//   kql_trim(regex, text, side)        leading (side 1), trailing (2) or both (0) matches removed
//   kql_countof(text, search, regex)   occurrences; plain text overlaps, regex matches do not
//   kql_extract_all(regex, text)       JSON array of the first group of every match (or of arrays)
//   kql_base64_decode(text)            UTF-8 text of base64, null when invalid
//   kql_url_decode(text)               %XX sequences decoded
//   kql_parse_url(text)                JSON bag: Scheme, Host, Port, Path, Username, Password,
//                                      Query Parameters, Fragment
//   kql_tobool(x)                      numbers (non-zero), "true"/"false"; null otherwise
#include <string>
#include <vector>

#include "core/strings.h"
#include "query/sqlite_udf.h"

namespace quarry::query {
namespace {

re2::StringPiece Piece(std::string_view s) {
  return {s.data(), s.size()};
}

void Parse(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) {
    sqlite3_result_null(ctx);
    return;
  }
  RE2* re = CachedRegex(ctx, argv, 1);
  if (re == nullptr) return;
  ResultGroup(ctx, *re, Text(argv[0]), sqlite3_value_int(argv[2]), RE2::ANCHOR_BOTH, true);
}

void Trim(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[1])) {
    sqlite3_result_null(ctx);
    return;
  }
  RE2* re = CachedRegex(ctx, argv, 0);
  if (re == nullptr) return;
  int side = sqlite3_value_int(argv[2]);
  std::string_view text = Text(argv[1]);
  re2::StringPiece match;
  if (side != 2) {
    while (!text.empty()) {
      re2::StringPiece input = Piece(text);
      if (!re->Match(input, 0, input.size(), RE2::ANCHOR_START, &match, 1) || match.empty()) break;
      text.remove_prefix(match.size());
    }
  }
  if (side != 1) {
    // The longest suffix that is a whole match, repeatedly.
    for (bool trimmed = true; trimmed && !text.empty();) {
      trimmed = false;
      for (size_t start = 0; start < text.size(); ++start) {
        re2::StringPiece input = Piece(text);
        if (re->Match(input, start, input.size(), RE2::ANCHOR_BOTH, nullptr, 0)) {
          text = text.substr(0, start);
          trimmed = true;
          break;
        }
      }
    }
  }
  ResultText(ctx, text);
}

void CountOf(sqlite3_context* ctx, int, sqlite3_value** argv) {
  std::string_view text = Text(argv[0]), search = Text(argv[1]);
  if (search.empty()) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  int64_t count = 0;
  if (sqlite3_value_int(argv[2]) != 0) {
    RE2* re = CachedRegex(ctx, argv, 1);
    if (re == nullptr) return;
    re2::StringPiece input = Piece(text), match;
    for (size_t at = 0;
         at <= input.size() && re->Match(input, at, input.size(), RE2::UNANCHORED, &match, 1);) {
      ++count;
      size_t end = static_cast<size_t>(match.data() - input.data()) + match.size();
      at = match.empty() ? end + 1 : end;
    }
  } else {
    for (size_t at = text.find(search); at != std::string_view::npos;
         at = text.find(search, at + 1)) {
      ++count;
    }
  }
  sqlite3_result_int64(ctx, count);
}

void ExtractAll(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[1])) {
    sqlite3_result_null(ctx);
    return;
  }
  RE2* re = CachedRegex(ctx, argv, 0);
  if (re == nullptr) return;
  int groups = re->NumberOfCapturingGroups();
  std::vector<re2::StringPiece> found(static_cast<size_t>(groups) + 1);
  std::string_view text = Text(argv[1]);
  re2::StringPiece input = Piece(text);
  std::string out = "[";
  bool any = false;
  for (size_t at = 0; at <= input.size() && re->Match(input, at, input.size(), RE2::UNANCHORED,
                                                      found.data(), groups + 1);) {
    if (any) out += ',';
    any = true;
    auto append = [&](const re2::StringPiece& g) {
      AppendJsonString(out, std::string_view(g.data() == nullptr ? "" : g.data(), g.size()));
    };
    if (groups <= 1) {
      append(found[groups == 0 ? 0 : 1]);
    } else {
      out += '[';
      for (int g = 1; g <= groups; ++g) {
        if (g > 1) out += ',';
        append(found[static_cast<size_t>(g)]);
      }
      out += ']';
    }
    size_t end = static_cast<size_t>(found[0].data() - input.data()) + found[0].size();
    at = found[0].empty() ? end + 1 : end;
  }
  if (!any) {
    sqlite3_result_null(ctx);
    return;
  }
  out += ']';
  ResultText(ctx, out);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    int hi = 0, lo = 0;
    if (text[i] == '%' && i + 2 < text.size() && (hi = HexValue(text[i + 1])) >= 0 &&
        (lo = HexValue(text[i + 2])) >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void UrlDecodeFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (IsNull(argv[0])) {
    sqlite3_result_null(ctx);
    return;
  }
  ResultText(ctx, UrlDecode(Text(argv[0])));
}

void Base64Decode(sqlite3_context* ctx, int, sqlite3_value** argv) {
  std::string_view text = TrimAscii(Text(argv[0]));
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  size_t padding = 0;
  for (char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '+' || c == '-') v = 62;
    if (c == '/' || c == '_') v = 63;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (v < 0 || padding > 0) {
      sqlite3_result_null(ctx);
      return;
    }
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out += static_cast<char>(bits >> 16);
      out += static_cast<char>(bits >> 8);
      out += static_cast<char>(bits);
      bits = 0;
      count = 0;
    }
  }
  if (count == 1 || padding > 2) {
    sqlite3_result_null(ctx);
    return;
  }
  if (count == 2) out += static_cast<char>(bits >> 4);
  if (count == 3) {
    out += static_cast<char>(bits >> 10);
    out += static_cast<char>(bits >> 2);
  }
  if (!IsValidUtf8(out)) {
    sqlite3_result_null(ctx);
    return;
  }
  ResultText(ctx, out);
}

void ParseUrl(sqlite3_context* ctx, int, sqlite3_value** argv) {
  std::string_view url = Text(argv[0]);
  std::string scheme, user, password, host, port, path, query, fragment;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    sqlite3_result_text(ctx, "{}", 2, SQLITE_STATIC);
    return;
  }
  scheme = url.substr(0, scheme_end);
  std::string_view rest = url.substr(scheme_end + 3);
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) {
    fragment = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) path = rest.substr(slash);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view info = authority.substr(0, at);
    size_t colon = info.find(':');
    user = info.substr(0, colon);
    if (colon != std::string_view::npos) password = info.substr(colon + 1);
    authority = authority.substr(at + 1);
  }
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
  }
  host = authority;
  std::string out = "{";
  auto field = [&](std::string_view key, std::string_view value) {
    if (out.size() > 1) out += ',';
    AppendJsonString(out, key);
    out += ':';
    AppendJsonString(out, value);
  };
  field("Scheme", scheme);
  field("Host", host);
  field("Port", port);
  field("Path", path);
  field("Username", user);
  field("Password", password);
  out += ",\"Query Parameters\":{";
  bool first = true;
  for (size_t start = 0; start < query.size();) {
    size_t amp = query.find('&', start);
    std::string pair = query.substr(start, amp == std::string::npos ? amp : amp - start);
    start = amp == std::string::npos ? query.size() : amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, UrlDecode(pair.substr(0, eq)));
    out += ':';
    AppendJsonString(out, eq == std::string::npos ? "" : UrlDecode(pair.substr(eq + 1)));
  }
  out += '}';
  field("Fragment", fragment);
  out += '}';
  ResultText(ctx, out);
}

void ToBool(sqlite3_context* ctx, int, sqlite3_value** argv) {
  switch (sqlite3_value_type(argv[0])) {
    case SQLITE_INTEGER:
      sqlite3_result_int(ctx, sqlite3_value_int64(argv[0]) != 0);
      return;
    case SQLITE_FLOAT:
      sqlite3_result_int(ctx, sqlite3_value_double(argv[0]) != 0);
      return;
    case SQLITE_TEXT: {
      std::string t = AsciiToLower(TrimAscii(Text(argv[0])));
      if (t == "true" || t == "1") {
        sqlite3_result_int(ctx, 1);
        return;
      }
      if (t == "false" || t == "0") {
        sqlite3_result_int(ctx, 0);
        return;
      }
      break;
    }
    default:
      break;
  }
  sqlite3_result_null(ctx);
}

}  // namespace

std::span<const Udf> TextUdfs() {
  static constexpr Udf kUdfs[] = {
      {.name = "parse", .args = 3, .scalar = Parse},
      {.name = "trim", .args = 3, .scalar = Trim},
      {.name = "countof", .args = 3, .scalar = CountOf},
      {.name = "extract_all", .args = 2, .scalar = ExtractAll},
      {.name = "base64_decode", .args = 1, .scalar = Base64Decode},
      {.name = "url_decode", .args = 1, .scalar = UrlDecodeFunction},
      {.name = "parse_url", .args = 1, .scalar = ParseUrl},
      {.name = "tobool", .args = 1, .scalar = ToBool},
  };
  return kUdfs;
}

}  // namespace quarry::query
