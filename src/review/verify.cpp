#include "review/verify.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>

#include "core/strings.h"
#include "review/repository.h"

namespace quarry::review {
namespace {

std::string Collapse(std::string_view text) {
  std::string out;
  bool blank = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      blank = !out.empty();
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

const ReviewedFile* FindFile(const ReviewInput& input, const std::string& path) {
  for (const auto& f : input.files)
    if (f.path == path) return &f;
  std::string trimmed = path;
  while (trimmed.rfind("./", 0) == 0) trimmed.erase(0, 2);
  if (!input.root.empty() && trimmed.rfind(input.root + "/", 0) == 0)
    trimmed.erase(0, input.root.size() + 1);
  for (const auto& f : input.files)
    if (f.path == trimmed) return &f;
  return nullptr;
}

std::string LinesText(const ReviewedFile& file, uint64_t first, uint64_t last) {
  std::string out;
  for (uint64_t n = first; n <= last && n <= file.LineCount(); ++n) {
    out += file.Line(n);
    out += '\n';
  }
  return out;
}

void Reject(ReviewFinding& f, std::string code, std::string text) {
  f.status = Verdict::kRejected;
  f.reasons.push_back(Reason{std::move(code), std::move(text)});
}

void NeedsHuman(ReviewFinding& f, std::string code, std::string text) {
  if (f.status == Verdict::kVerified) f.status = Verdict::kNeedsHuman;
  f.reasons.push_back(Reason{std::move(code), std::move(text)});
}

// False when the lines cannot be read (the other checks then have nothing to look at).
bool CheckLines(ReviewFinding& f, const ReviewedFile& file) {
  uint64_t line = f.finding.where.line;
  if (f.end_line < line) f.end_line = line;
  if (!file.whole) {
    // Rebuilt from the diff: only the hunks' lines are known.
    bool shown = std::any_of(file.hunks.begin(), file.hunks.end(), [&](const auto& h) {
      return line >= h.first && f.end_line <= h.second;
    });
    if (!shown) {
      NeedsHuman(f, "line_not_shown",
                 "lines " + std::to_string(line) + "-" + std::to_string(f.end_line) +
                     " are outside the diff's hunks and the file was not available to read");
      return false;
    }
    return true;
  }
  uint64_t lines = file.LineCount();
  if (line == 0 || line > lines) {
    Reject(f, "line_out_of_range",
           "line " + std::to_string(line) + " does not exist: the new side of " + file.path +
               " has " + std::to_string(lines) + " lines");
    return false;
  }
  if (f.end_line > lines) {
    Reject(f, "line_out_of_range",
           "lines " + std::to_string(line) + "-" + std::to_string(f.end_line) +
               " run past the end of " + file.path + " (" + std::to_string(lines) + " lines)");
    return false;
  }
  return true;
}

void CheckEvidence(ReviewFinding& f, const ReviewedFile& file) {
  std::string quoted = Collapse(f.evidence);
  if (quoted.empty()) {
    // A claim that quotes nothing cannot be checked against its lines.
    if (f.claimed)
      NeedsHuman(f, "no_evidence", "the finding quotes no code from its lines to check");
    return;
  }
  uint64_t first = f.finding.where.line > 2 ? f.finding.where.line - 2 : 1;
  std::string near = Collapse(LinesText(file, first, f.end_line + 2));
  if (near.find(quoted) != std::string::npos) return;
  // Quoted code found elsewhere in the file: the finding cites the wrong lines.
  for (uint64_t n = 1; n <= file.LineCount(); ++n) {
    std::string around = Collapse(LinesText(file, n, n + (f.end_line - f.finding.where.line)));
    if (around.find(quoted) != std::string::npos) {
      Reject(f, "evidence_elsewhere",
             "the quoted code is at line " + std::to_string(n) + ", not at line " +
                 std::to_string(f.finding.where.line));
      return;
    }
  }
  Reject(f, "evidence_mismatch",
         "lines " + std::to_string(f.finding.where.line) + "-" + std::to_string(f.end_line) +
             " of " + file.path + " do not say what the finding quotes");
}

void CheckSymbols(ReviewFinding& f, const SymbolIndex& symbols) {
  std::vector<std::string> unknown;
  for (const auto& s : f.symbols)
    if (!symbols.Knows(s)) unknown.push_back(s);
  if (unknown.empty()) return;
  std::string list;
  for (const auto& s : unknown) list += (list.empty() ? "" : ", ") + s;
  Reject(f, "hallucinated_symbol",
         list + (unknown.size() == 1 ? " is" : " are") +
             " not defined in the repository, not used by the reviewed code and not a known "
             "standard library name");
}

void CheckCwe(ReviewFinding& f, const ReviewedFile& file, const CweTable& cwes) {
  std::string given = f.cwe;
  f.cwe = CweTable::Canonical(given);
  if (f.cwe.empty()) {
    NeedsHuman(f, "no_cwe",
               given.empty() ? "the finding names no CWE" : "'" + given + "' is not a CWE id");
    return;
  }
  if (!cwes.Exists(f.cwe)) {
    NeedsHuman(f, "unknown_cwe",
               f.cwe + " is neither in Quarry's CWE table nor mapped by OWASP Top 10 2025");
    return;
  }
  auto categories = cwes.CategoriesOf(f.cwe);
  std::string claimed = f.owasp.substr(0, 3);
  if (!claimed.empty() &&
      std::find(categories.begin(), categories.end(), claimed) == categories.end()) {
    std::string list;
    for (const auto& c : categories) list += (list.empty() ? "" : " or ") + c;
    Reject(f, "cwe_category_mismatch",
           f.cwe + " does not belong to OWASP " + claimed + " (it is " +
               (list.empty() ? std::string("in no category") : list) + ")");
    return;
  }
  if (claimed.empty()) f.owasp = cwes.CategoryOf(f.cwe);
  const CweInfo* info = cwes.Find(f.cwe);
  if (info == nullptr || info->indicators.empty()) return;
  std::string code = AsciiToLower(LinesText(file, f.finding.where.line, f.end_line));
  bool fits = std::any_of(info->indicators.begin(), info->indicators.end(),
                          [&](const std::string& w) { return code.find(w) != std::string::npos; });
  if (fits) return;
  // Which known CWE the lines look like most, as a hint.
  std::string hint;
  size_t best = 1;
  for (const auto& other : cwes.All()) {
    if (other.indicators.empty() || other.id == f.cwe) continue;
    size_t hits = static_cast<size_t>(std::count_if(
        other.indicators.begin(), other.indicators.end(),
        [&](const std::string& w) { return w.size() > 3 && code.find(w) != std::string::npos; }));
    if (hits > best) {
      best = hits;
      hint = other.id + " (" + other.name + ")";
    }
  }
  std::string text = f.cwe + " (" + info->name +
                     ") does not fit these lines: none of its signs is there" +
                     (hint.empty() ? std::string() : "; they look more like " + hint);
  if (f.claimed)
    Reject(f, "cwe_does_not_fit", text);
  else
    NeedsHuman(f, "cwe_does_not_fit", text);
}

}  // namespace

std::string MissingCheckOf(const ReviewFinding& f) {
  static const RE2 kClaim(
      "(?i)(?:missing|no|lacks?|lacking|without|absent|skips?|bypass(?:es)?)\\s+(?:an?\\s+|any\\s+|"
      "the\\s+)?"
      "(authori[sz]ation|authentication|access[ -]control|permission|ownership|validation|"
      "saniti[sz]ation|input validation|csrf|bounds?|length|null|rate[ -]limit)");
  std::string text = f.missing_check.empty() ? f.finding.message : f.missing_check;
  std::string word;
  if (!RE2::PartialMatch(text, kClaim, &word)) {
    if (f.missing_check.empty()) return "";
    word = f.missing_check;
  }
  word = AsciiToLower(word);
  if (word.find("authori") == 0 || word.find("access") == 0 || word == "permission" ||
      word == "ownership")
    return "authorization";
  if (word.find("authent") == 0) return "authentication";
  if (word.find("valid") != std::string::npos || word.find("saniti") == 0) return "validation";
  if (word == "csrf") return "csrf";
  if (word.find("bound") == 0 || word == "length") return "bounds";
  if (word == "null") return "null";
  if (word.find("rate") == 0) return "rate_limit";
  return word;
}

void VerifyFindings(std::vector<ReviewFinding>& findings, const ReviewInput& input,
                    const SymbolIndex& symbols, const CweTable& cwes) {
  Repository repository(input, symbols);
  for (auto& f : findings) {
    f.status = Verdict::kVerified;
    f.reasons.clear();
    if (f.end_line == 0) f.end_line = f.finding.where.line;
    const ReviewedFile* file = FindFile(input, f.finding.where.file);
    if (file == nullptr) {
      Reject(f, "unknown_file", f.finding.where.file + " is not a file of the reviewed change");
      continue;
    }
    f.finding.where.file = file->path;
    bool readable = CheckLines(f, *file);
    if (f.status == Verdict::kRejected) continue;
    if (readable) CheckEvidence(f, *file);
    if (f.evidence.empty()) f.evidence = std::string(file->Line(f.finding.where.line));
    for (const auto& s : SymbolsNamedIn(f.finding.message))
      if (std::find(f.symbols.begin(), f.symbols.end(), s) == f.symbols.end())
        f.symbols.push_back(s);
    CheckSymbols(f, symbols);
    if (readable) {
      CheckCwe(f, *file, cwes);
    } else if (f.owasp.empty()) {
      f.owasp = cwes.CategoryOf(f.cwe);
    }
    std::string missing = MissingCheckOf(f);
    if (!missing.empty() && f.status != Verdict::kRejected) {
      if (auto seen = repository.FindCheck(missing, *file, f.finding.where.line))
        NeedsHuman(f, "check_found",
                   "the finding says " + missing +
                       " is missing, but something that looks like it is at " + seen->where + ": " +
                       seen->text);
    }
  }
}

std::vector<ReviewFinding> MergeFindings(std::vector<ReviewFinding> findings,
                                         const CweTable& cwes) {
  std::stable_sort(findings.begin(), findings.end(), [](const auto& a, const auto& b) {
    if (a.finding.where.file != b.finding.where.file)
      return a.finding.where.file < b.finding.where.file;
    return a.finding.where.line < b.finding.where.line;
  });
  std::vector<ReviewFinding> out;
  for (auto& f : findings) {
    ReviewFinding* into = nullptr;
    if (f.status != Verdict::kRejected) {
      for (auto it = out.rbegin(); it != out.rend(); ++it) {
        if (it->finding.where.file != f.finding.where.file) break;
        if (it->status == Verdict::kRejected) continue;
        bool overlaps =
            f.finding.where.line <= it->end_line && it->finding.where.line <= f.end_line;
        std::string family = cwes.FamilyOf(f.cwe);
        if (overlaps && !family.empty() && cwes.FamilyOf(it->cwe) == family) {
          into = &*it;
          break;
        }
      }
    }
    if (into == nullptr) {
      out.push_back(std::move(f));
      continue;
    }
    for (auto& v : f.voices) into->voices.push_back(std::move(v));
    into->end_line = std::max(into->end_line, f.end_line);
    if (f.finding.severity > into->finding.severity) into->finding.severity = f.finding.severity;
    // The stronger verdict stands: a verified engine outweighs another's doubt.
    if (f.status == Verdict::kVerified && into->status != Verdict::kVerified) {
      into->status = Verdict::kVerified;
      into->reasons = f.reasons;
    }
    for (auto& s : f.symbols)
      if (std::find(into->symbols.begin(), into->symbols.end(), s) == into->symbols.end())
        into->symbols.push_back(std::move(s));
  }
  return out;
}

}  // namespace quarry::review
