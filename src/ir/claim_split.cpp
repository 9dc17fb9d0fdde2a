// Cutting text into sentences and reading their citations.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "core/strings.h"
#include "ir/claims.h"

namespace quarry::ir {
namespace {

constexpr int64_t kMaxRange = 10000;  // [E:a-b] spans at most this many ids

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool IsUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool IsLower(char c) {
  return c >= 'a' && c <= 'z';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return IsUpper(c) || IsLower(c);
}

std::optional<int64_t> ParseId(std::string_view s) {
  s = TrimAscii(s);
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::optional<CitationKind> KindOf(char c) {
  switch (c) {
    case 'E':
      return CitationKind::kEvent;
    case 'P':
      return CitationKind::kProcess;
    case 'S':
      return CitationKind::kSession;
    case 'C':
      return CitationKind::kCluster;
    default:
      return std::nullopt;
  }
}

// A citation group starts at `open` ('[' or '(') when a kind letter and ':' follow.
bool StartsCitation(std::string_view s, size_t open) {
  if (s[open] != '[' && s[open] != '(') return false;
  size_t i = open + 1;
  while (i < s.size() && s[i] == ' ') ++i;
  // "(C:\Windows)" is a path, not a cluster.
  return i + 1 < s.size() && KindOf(s[i]) && s[i + 1] == ':' &&
         (i + 2 >= s.size() || (s[i + 2] != '\\' && s[i + 2] != '/'));
}

// The end (one past the closing bracket) of the group at `open`, or npos when unclosed.
size_t CitationEnd(std::string_view s, size_t open) {
  char close = s[open] == '[' ? ']' : ')';
  size_t end = s.find(close, open);
  size_t newline = s.find('\n', open);
  if (end == std::string_view::npos || (newline != std::string_view::npos && newline < end))
    return std::string_view::npos;
  return end + 1;
}

void ParseGroup(std::string_view inner, Claim& claim) {
  std::optional<CitationKind> kind;
  size_t start = 0;
  while (start <= inner.size()) {
    size_t stop = inner.find_first_of(",;", start);
    if (stop == std::string_view::npos) stop = inner.size();
    std::string_view item = TrimAscii(inner.substr(start, stop - start));
    start = stop + 1;
    if (item.empty()) {
      if (stop == inner.size()) break;
      continue;
    }
    if (item.size() >= 2 && item[1] == ':' && KindOf(item[0])) {
      kind = KindOf(item[0]);
      item = TrimAscii(item.substr(2));
    }
    if (!kind) {
      claim.citation_errors.push_back("'" + std::string(item) + "' has no kind (E:, P:, S: or C:)");
      continue;
    }
    if (item.empty()) {
      claim.citation_errors.push_back("an empty citation");
      continue;
    }
    if (*kind != CitationKind::kEvent) {
      const char* prefix = *kind == CitationKind::kProcess   ? "P:"
                           : *kind == CitationKind::kSession ? "S:"
                                                             : "C:";
      claim.citations.push_back({*kind, prefix + std::string(item), 0});
      continue;
    }
    size_t dash = item.find('-', 1);
    if (dash != std::string_view::npos) {
      auto a = ParseId(item.substr(0, dash));
      auto b = ParseId(item.substr(dash + 1));
      if (!a || !b || *b < *a || *b - *a >= kMaxRange) {
        claim.citation_errors.push_back("E:" + std::string(item) +
                                        " is not a range of event ids (E:first-last, at most " +
                                        std::to_string(kMaxRange) + ")");
        continue;
      }
      for (int64_t id = *a; id <= *b; ++id)
        claim.citations.push_back({CitationKind::kEvent, "E:" + std::to_string(id), id});
      continue;
    }
    auto id = ParseId(item);
    if (!id) {
      claim.citation_errors.push_back("E:" + std::string(item) + " is not an event id");
      continue;
    }
    claim.citations.push_back({CitationKind::kEvent, "E:" + std::to_string(*id), *id});
  }
}

bool IsAbbreviation(std::string_view before_dot) {
  size_t start = before_dot.size();
  while (start > 0 && (IsAlpha(before_dot[start - 1]) || before_dot[start - 1] == '.')) --start;
  std::string word = AsciiToLower(before_dot.substr(start));
  if (word.size() == 1) return true;  // an initial
  static const char* const kWords[] = {"e.g", "i.e", "etc", "vs",  "approx", "cf",  "mr", "mrs",
                                       "ms",  "dr",  "no",  "fig", "inc",    "ltd", "al", "est"};
  return std::any_of(std::begin(kWords), std::end(kWords),
                     [&](const char* w) { return word == w; });
}

// Where sentences end inside one paragraph: after . ! or ? (and any closing quote, bracket or
// citations) when the next sentence starts with a capital, a digit or a quote.
std::vector<size_t> SentenceEnds(std::string_view s) {
  std::vector<size_t> ends;
  bool in_code = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '`') in_code = !in_code;
    if (in_code || (c != '.' && c != '!' && c != '?')) continue;
    if (c == '.' && IsAbbreviation(s.substr(0, i))) continue;
    size_t j = i + 1;
    while (j < s.size() && (s[j] == '"' || s[j] == '\'' || s[j] == ')' || s[j] == '*')) ++j;
    // Citations after the stop belong to this sentence.
    for (;;) {
      size_t k = j;
      while (k < s.size() && s[k] == ' ') ++k;
      if (k < s.size() && StartsCitation(s, k)) {
        size_t end = CitationEnd(s, k);
        if (end == std::string_view::npos) break;
        j = end;
        while (j < s.size() && s[j] == '.') ++j;
        continue;
      }
      break;
    }
    if (j < s.size() && !IsSpace(s[j])) continue;
    bool cited =
        (i > 0 && (s[i - 1] == ']' || s[i - 1] == ')')) || s.find('[', i) < j || s.find('(', i) < j;
    size_t k = j;
    while (k < s.size() && IsSpace(s[k])) ++k;
    if (k == s.size()) continue;
    char next = s[k];
    // After a cited sentence the next one may start in lower case ("pedro then ...").
    if (cited || IsUpper(next) || IsDigit(next) || next == '"' || next == '`' || next == '*' ||
        next == '(' || static_cast<unsigned char>(next) >= 0x80) {
      ends.push_back(j);
      i = j;
    }
  }
  return ends;
}

// The line without its block marker: "> ", "- ", "* ", "+ ", "1. ", "1) ", "[ ] ".
std::string_view StripMarker(std::string_view line, bool& table_row) {
  line = TrimAscii(line);
  table_row = !line.empty() && line[0] == '|';
  while (!line.empty() && line[0] == '>') line = TrimAscii(line.substr(1));
  if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ')
    line = TrimAscii(line.substr(2));
  size_t d = 0;
  while (d < line.size() && d < 4 && IsDigit(line[d])) ++d;
  if (d > 0 && d + 1 < line.size() && (line[d] == '.' || line[d] == ')') && line[d + 1] == ' ')
    line = TrimAscii(line.substr(d + 2));
  if (line.size() >= 4 && line[0] == '[' && (line[1] == ' ' || line[1] == 'x') && line[2] == ']')
    line = TrimAscii(line.substr(3));
  return line;
}

bool StartsBlock(std::string_view raw) {
  std::string_view t = TrimAscii(raw);
  if (t.empty()) return true;
  if (t[0] == '#' || t[0] == '|' || t[0] == '>' || t.substr(0, 3) == "```") return true;
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') return true;
  size_t d = 0;
  while (d < t.size() && IsDigit(t[d])) ++d;
  return d > 0 && d + 1 < t.size() && (t[d] == '.' || t[d] == ')') && t[d + 1] == ' ';
}

// Whether a line ends a sentence: a stop, perhaps followed by citations or closing marks.
bool Finished(std::string_view s) {
  s = TrimAscii(s);
  while (!s.empty()) {
    char c = s.back();
    if (c == '.' || c == '!' || c == '?') return true;
    if (c == ']' || c == ')') {
      size_t open = s.find_last_of(c == ']' ? '[' : '(');
      if (open == std::string_view::npos || !StartsCitation(s, open)) return false;
      s = TrimAscii(s.substr(0, open));
      if (s.empty() || (s.back() != '.' && s.back() != '!' && s.back() != '?')) return true;
      continue;
    }
    if (c == '"' || c == '\'' || c == '*' || c == '`') {
      s.remove_suffix(1);
      continue;
    }
    return false;
  }
  return false;
}

bool NotAClaim(std::string_view t) {
  if (t.empty() || t[0] == '#') return true;
  bool rule = std::all_of(t.begin(), t.end(), [](char c) {
    return c == '|' || c == '-' || c == ':' || c == ' ' || c == '=' || c == '*' || c == '_';
  });
  return rule;
}

// "__" emphasises only at a word's edge and in pairs, so C:\Windows\Temp\__SKIP_1E14 and a lone
// __output keep their underscores.
bool InsideWord(char c) {
  return IsAlpha(c) || IsDigit(c) || c == '\\' || c == '/' || c == '_';
}
bool ClosesUnderscore(std::string_view text, size_t i) {
  return text.compare(i, 2, "__") == 0 && i > 0 && !IsSpace(text[i - 1]) &&
         (i + 2 >= text.size() || !InsideWord(text[i + 2]));
}
bool UnderscoreEmphasis(std::string_view text, size_t i) {
  if (text.compare(i, 2, "__") != 0) return false;
  if (ClosesUnderscore(text, i)) return true;
  if ((i > 0 && InsideWord(text[i - 1])) || i + 2 >= text.size() || IsSpace(text[i + 2]))
    return false;
  for (size_t j = text.find("__", i + 3); j != std::string_view::npos; j = text.find("__", j + 1)) {
    if (ClosesUnderscore(text, j)) return true;
  }
  return false;
}

// Removes citations and emphasis markers; fills the claim's citations.
std::string BodyOf(std::string_view text, Claim& claim) {
  std::string body;
  // A chat line's time and speaker ("[04:08Z] bob: …", "[12:01] <alice> …", "[13:14] Aiko
  // Tanaka (lead): …") say when and by whom it was posted, not what happened; so does a speaker
  // with a role and no time ("Ruth Okafor (lead): …").
  static const RE2 chat(
      R"(^\[\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:Z|UTC)?\s*\]\s*(?:<[^>\s]{1,40}>|[\w.@'-]{1,40}(?: [\w.@'-]{1,40}){0,2}(?: \([^()\d]{1,24}\))?:)\s+)");
  // (A person's name, not a host's: "DC01 (domain controller): …" states where.)
  static const RE2 speaker(
      R"(^[A-Z][a-z'-]{1,30}(?: [A-Z][a-z'-]{1,30}){0,2} \([a-z][a-z ]{1,24}\):\s+)");
  // So do a case comment's ("2021-12-20 08:12 (Camille Roux): …"): an author in brackets,
  // with lower case and no digits (not a zone such as "(UTC+02:00)", "(CEST)", "(local time)").
  static const RE2 comment(
      R"(^(?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}(?::\d{2})?\s*(?:Z|UTC)?\s*\(([^()\[\]0-9]{1,40})\)\s*:\s+)");
  re2::StringPiece rest(text.data(), text.size());
  std::string author;
  if (RE2::Consume(&rest, chat) || RE2::Consume(&rest, speaker)) {
    text.remove_prefix(text.size() - rest.size());
  } else if (RE2::Consume(&rest, comment, &author)) {
    std::string lower = AsciiToLower(author);
    bool zone = lower.find("time") != std::string::npos ||
                lower.find("local") != std::string::npos ||
                lower.find("utc") != std::string::npos || lower.find("gmt") != std::string::npos;
    bool has_lower = std::any_of(author.begin(), author.end(), [](char c) { return IsLower(c); });
    if (!zone && has_lower) text.remove_prefix(text.size() - rest.size());
  }
  bool in_code = false;  // inside `…`, "__" is text (`__InstanceModificationEvent`)
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '`') in_code = !in_code;
    if (!in_code && StartsCitation(text, i)) {
      size_t end = CitationEnd(text, i);
      if (end != std::string_view::npos) {
        ParseGroup(text.substr(i + 1, end - i - 2), claim);
        while (!body.empty() && body.back() == ' ') body.pop_back();
        i = end - 1;
        continue;
      }
      claim.citation_errors.push_back("an unclosed citation: '" + std::string(text.substr(i, 24)) +
                                      "'");
    }
    if (!in_code && (text.compare(i, 2, "**") == 0 || UnderscoreEmphasis(text, i))) {
      ++i;
      continue;
    }
    char c = text[i];
    if (IsSpace(c) && (body.empty() || body.back() == ' ')) continue;
    body += IsSpace(c) ? ' ' : c;
  }
  while (!body.empty() && body.back() == ' ') body.pop_back();
  return body;
}

bool HasWord(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return IsAlpha(c); });
}

// A table's cells, without the outer pipes, trimmed.
std::vector<std::string> Cells(std::string_view row) {
  row = TrimAscii(row);
  if (!row.empty() && row.front() == '|') row.remove_prefix(1);
  if (!row.empty() && row.back() == '|') row.remove_suffix(1);
  std::vector<std::string> cells;
  for (size_t start = 0; start <= row.size();) {
    size_t bar = row.find('|', start);
    if (bar == std::string_view::npos) bar = row.size();
    cells.emplace_back(TrimAscii(row.substr(start, bar - start)));
    start = bar + 1;
  }
  return cells;
}

// A row under a header with account or host columns: each such cell that is one name is quoted,
// so it is checked as a name even when it is an English word ("Administrator", "SYSTEM").
std::string MarkNameCells(std::string_view row, const std::vector<std::string>& header) {
  std::vector<std::string> cells = Cells(row);
  if (cells.size() != header.size()) return std::string(row);
  std::string out;
  for (size_t k = 0; k < cells.size(); ++k) {
    static const char* const kNameColumns[] = {"account", "user",        "host",     "computer",
                                               "machine", "workstation", "identity", "principal"};
    std::string lower = AsciiToLower(header[k]);
    bool names = std::any_of(std::begin(kNameColumns), std::end(kNameColumns),
                             [&](const char* n) { return lower.find(n) != std::string::npos; });
    std::string cell = cells[k];
    std::string value = AsciiToLower(cell);
    bool one_name = !cell.empty() && cell.size() <= 60 &&
                    cell.find_first_of("`\"'[]*") == std::string::npos &&
                    std::count(cell.begin(), cell.end(), ' ') <=
                        (cell.find('\\') != std::string::npos ? 1 : 0) &&
                    std::any_of(cell.begin(), cell.end(), [](char c) { return IsAlpha(c); }) &&
                    value != "n/a" && value != "none" && value != "unknown";
    if (k > 0) out += " ; ";
    if (names && one_name) out += '`';
    out += cell;
    if (names && one_name) out += '`';
  }
  return out;
}

void AddSentences(std::string_view paragraph, int line, bool table_row,
                  const std::vector<std::string>& header, std::vector<Claim>& out) {
  std::vector<size_t> ends = table_row ? std::vector<size_t>{} : SentenceEnds(paragraph);
  ends.push_back(paragraph.size());
  size_t start = 0;
  for (size_t end : ends) {
    std::string_view piece = TrimAscii(paragraph.substr(start, end - start));
    start = end;
    if (piece.empty()) continue;
    Claim claim;
    claim.line = line;
    claim.text = std::string(piece);
    std::string text = claim.text;
    if (table_row && !header.empty()) text = MarkNameCells(text, header);
    if (table_row) std::replace(text.begin(), text.end(), '|', ';');
    claim.body = BodyOf(text, claim);
    if (!HasWord(claim.body)) {
      // Citations alone: they belong to the sentence before.
      if (!out.empty() && out.back().line == line) {
        auto& prev = out.back();
        prev.text += " " + claim.text;
        prev.citations.insert(prev.citations.end(), claim.citations.begin(), claim.citations.end());
        prev.citation_errors.insert(prev.citation_errors.end(), claim.citation_errors.begin(),
                                    claim.citation_errors.end());
      }
      continue;
    }
    out.push_back(std::move(claim));
  }
}

}  // namespace

std::vector<Claim> SplitClaims(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  std::vector<Claim> out;
  std::vector<std::string> header;  // of the table being read
  bool in_fence = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view raw = TrimAscii(lines[i]);
    if (raw.substr(0, 3) == "```" || raw.substr(0, 3) == "~~~") {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence || NotAClaim(raw)) continue;
    if (raw.substr(0, 4) == "<!--") continue;
    bool table_row = false;
    std::string paragraph(StripMarker(raw, table_row));
    // A table's header is the row above its rule ("|---|---|").
    if (!table_row) header.clear();
    if (table_row && i + 1 < lines.size() && TrimAscii(lines[i + 1]).starts_with("|") &&
        NotAClaim(TrimAscii(lines[i + 1])))
      header = Cells(paragraph);
    int line = static_cast<int>(i) + 1;
    // A wrapped sentence goes on in lower case on the next line.
    while (!table_row && i + 1 < lines.size() && !StartsBlock(lines[i + 1]) &&
           IsLower(TrimAscii(lines[i + 1])[0]) && !Finished(paragraph)) {
      paragraph += " " + std::string(TrimAscii(lines[++i]));
    }
    AddSentences(paragraph, line, table_row, header, out);
  }
  return out;
}

}  // namespace quarry::ir
