#include "secrets/scanner.h"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>

#include "core/hash.h"
#include "secrets/decode.h"
#include "secrets/validate.h"

namespace quarry::secrets {

struct Scanner::Database {
  hs_database_t* db = nullptr;
  ~Database() {
    if (db != nullptr) hs_free_database(db);
  }
};

// Where a rule's regex runs: a line, or a window of a very long line.
struct Region {
  uint32_t rule;
  uint64_t begin, end;            // where the regex runs
  uint64_t line_begin, line_end;  // the line it is in (a window is a part of it)
};

struct Scanner::Scratch {
  hs_scratch_t* hs = nullptr;
  std::vector<Region> regions;
  std::vector<uint64_t> last_end;   // per rule: end of its latest region
  std::vector<size_t> last_region;  // per rule: index of its latest region in `regions`
  std::string_view text;
  const Scanner* scanner = nullptr;
  ~Scratch() {
    if (hs != nullptr) hs_free_scratch(hs);
  }
};

namespace {

constexpr uint64_t kWindow = 4096;

bool Allowed(const Allowlist& a, std::string_view secret, std::string_view match,
             std::string_view line, const std::string& path, const std::string& commit) {
  auto any = [](const std::vector<std::shared_ptr<const re2::RE2>>& res, std::string_view s) {
    return std::any_of(res.begin(), res.end(), [&](const auto& re) {
      return RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *re);
    });
  };
  std::string lower;
  if (!a.stopwords.empty()) {
    lower.assign(secret);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  bool stop = std::any_of(a.stopwords.begin(), a.stopwords.end(),
                          [&](const std::string& w) { return lower.find(w) != std::string::npos; });
  bool by_commit =
      !commit.empty() && std::find(a.commits.begin(), a.commits.end(), commit) != a.commits.end();
  if (!a.all_conditions) {
    return stop || by_commit || any(a.secrets, secret) || any(a.matches, match) ||
           any(a.lines, line) || any(a.paths, path);
  }
  // Every condition the allowlist has must hold.
  bool ok = true;
  if (!a.stopwords.empty()) ok = ok && stop;
  if (!a.commits.empty()) ok = ok && by_commit;
  if (!a.secrets.empty()) ok = ok && any(a.secrets, secret);
  if (!a.matches.empty()) ok = ok && any(a.matches, match);
  if (!a.lines.empty()) ok = ok && any(a.lines, line);
  if (!a.paths.empty()) ok = ok && any(a.paths, path);
  return ok;
}

bool AllowComment(std::string_view line) {
  return line.find("quarry:allow") != std::string_view::npos ||
         line.find("gitleaks:allow") != std::string_view::npos;
}

// A private key's BEGIN line found by a rule: the secret is the whole block through its END
// line, when that follows within 64 KiB.
void ExtendPemBlock(std::string_view text, uint64_t& begin, uint64_t& end) {
  std::string_view secret = text.substr(begin, end - begin);
  if (secret.substr(0, 11) != "-----BEGIN " || secret.find("-----END ") != std::string_view::npos) {
    return;
  }
  std::string_view after = text.substr(end, size_t{64} * 1024);
  size_t close = after.find("-----END ");
  if (close == std::string_view::npos) {
    // A cut-off block (a truncated paste): the key is the base64 lines that follow.
    const uint64_t match_end = end;
    size_t at = 0;
    while (at < after.size()) {
      size_t nl = after.find('\n', at);
      std::string_view line = after.substr(at, nl == std::string_view::npos ? nl : nl - at);
      bool body = !line.empty() && std::all_of(line.begin(), line.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=' ||
               c == '\r' || c == ' ';
      });
      if (!body && at > 0) break;
      if (body) end = match_end + at + line.size();
      if (nl == std::string_view::npos) break;
      at = nl + 1;
    }
    return;
  }
  size_t dashes = after.find("-----", close + 9);
  if (dashes == std::string_view::npos) return;
  end += dashes + 5;
}

bool Generic(const Rule& r) {
  return std::find(r.tags.begin(), r.tags.end(), "generic") != r.tags.end() ||
         r.id.rfind("generic", 0) == 0;
}

}  // namespace

std::string FingerprintOf(const std::string& rule_id, const std::string& path,
                          std::string_view secret) {
  // The secret adds only 16 bits: enough to tell two secrets of a rule in a file apart, too
  // few for a published fingerprint (SARIF, a baseline in the repository) to confirm a guess
  // at a weak password.
  Sha256 of_secret;
  of_secret.Update(secret);
  std::string tag = of_secret.HexDigest().substr(0, 4);
  Sha256 h;
  h.Update(rule_id);
  h.Update("\0", 1);
  h.Update(path);
  h.Update("\0", 1);
  h.Update(tag);
  return h.HexDigest().substr(0, 32);
}

std::string RedactedSecret(std::string_view secret) {
  size_t shown = std::min<size_t>(4, secret.size() / 5);
  return std::string(secret.substr(0, shown)) + "…(" + std::to_string(secret.size()) + ")";
}

Scanner::Scanner(RuleSet rules, ScanOptions options)
    : rules_(std::move(rules)), options_(options), db_(std::make_unique<Database>()) {}

Scanner::~Scanner() = default;

Result<std::unique_ptr<Scanner>> Scanner::Create(RuleSet rules, ScanOptions options) {
  std::unique_ptr<Scanner> s(new Scanner(std::move(rules), options));
  QUARRY_RETURN_IF_ERROR(s->Compile());
  return s;
}

Status Scanner::Compile() {
  std::map<std::string, uint32_t> index;
  for (uint32_t r = 0; r < rules_.rules.size(); ++r) {
    const Rule& rule = rules_.rules[r];
    if (rule.regex == nullptr) continue;  // a path rule
    if (rule.keywords.empty()) {
      rules_without_keywords_.push_back(r);
      continue;
    }
    for (const std::string& k : rule.keywords) {
      if (k.empty()) continue;
      auto [it, added] = index.emplace(k, static_cast<uint32_t>(keywords_.size()));
      if (added) {
        keywords_.push_back(k);
        rules_of_keyword_.emplace_back();
      }
      auto& list = rules_of_keyword_[it->second];
      if (list.empty() || list.back() != r) list.push_back(r);
    }
  }
  for (const Rule& r : rules_.rules) generic_[r.id] = Generic(r);
  if (keywords_.empty()) return Status::Ok();
  std::vector<const char*> exprs;
  std::vector<size_t> lengths;
  std::vector<unsigned> flags, ids;
  for (uint32_t i = 0; i < keywords_.size(); ++i) {
    exprs.push_back(keywords_[i].data());
    lengths.push_back(keywords_[i].size());
    flags.push_back(HS_FLAG_CASELESS);
    ids.push_back(i);
  }
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db_->db,
                           &error) != HS_SUCCESS) {
    std::string why = error != nullptr && error->message != nullptr ? error->message : "unknown";
    hs_free_compile_error(error);
    return Internal("the keyword database did not compile: " + why);
  }
  return Status::Ok();
}

std::unique_ptr<Scanner::Scratch, void (*)(Scanner::Scratch*)> Scanner::NewScratch() const {
  auto* s = new Scratch();
  s->scanner = this;
  if (db_->db != nullptr) hs_alloc_scratch(db_->db, &s->hs);
  s->last_end.assign(rules_.rules.size(), 0);
  s->last_region.assign(rules_.rules.size(), 0);
  return {s, [](Scratch* p) { delete p; }};
}

}  // namespace quarry::secrets

namespace quarry::secrets {

void Scanner::AddRegion(Scratch& s, uint32_t rule, uint64_t hit) const {
  std::string_view text = s.text;
  bool has_last = s.last_end[rule] > 0;
  if (has_last) {
    Region& last = s.regions[s.last_region[rule]];
    if (hit >= last.line_begin && hit <= last.line_end) {                      // the same line
      if (last.begin == last.line_begin && last.end == last.line_end) return;  // all of it
      // A window of a long line: grow it or open the next one, so that a keyword near the
      // end of a window still has its value searched.
      uint64_t begin = std::max(last.line_begin, hit > kWindow ? hit - kWindow : 0);
      uint64_t end = std::min(last.line_end, hit + kWindow);
      if (begin <= last.end) {
        last.end = std::max(last.end, end);
        s.last_end[rule] = last.end;
        return;
      }
      s.regions.push_back({rule, begin, end, last.line_begin, last.line_end});
      s.last_region[rule] = s.regions.size() - 1;
      s.last_end[rule] = end;
      return;
    }
  }
  const char* base = text.data();
  const void* nl = hit == 0 ? nullptr : memrchr(base, '\n', hit);
  uint64_t line_begin = nl == nullptr ? 0 : static_cast<const char*>(nl) - base + 1;
  const void* next = memchr(base + hit, '\n', text.size() - hit);
  uint64_t line_end = next == nullptr ? text.size() : static_cast<const char*>(next) - base;
  uint64_t begin = line_begin, end = line_end;
  if (line_end - line_begin > options_.long_line) {
    begin = std::max(line_begin, hit > kWindow ? hit - kWindow : 0);
    end = std::min(line_end, hit + kWindow);
  }
  s.regions.push_back({rule, begin, end, line_begin, line_end});
  s.last_region[rule] = s.regions.size() - 1;
  s.last_end[rule] = std::max<uint64_t>(end, 1);
}

int Scanner::OnKeyword(unsigned id, unsigned long long /*from*/, unsigned long long to,
                       unsigned /*flags*/, void* context) {
  auto* s = static_cast<Scratch*>(context);
  for (uint32_t rule : s->scanner->rules_of_keyword_[id]) s->scanner->AddRegion(*s, rule, to);
  return 0;
}

void Scanner::MatchRegion(const Region& region, std::string_view text, const std::string& path,
                          const std::string& commit, std::vector<SecretFinding>& out) const {
  const Rule& rule = rules_.rules[region.rule];
  if (!options_.redaction && rule.path != nullptr && !RE2::PartialMatch(path, *rule.path)) return;
  std::string_view line = text.substr(region.begin, region.end - region.begin);
  re2::StringPiece input(line.data(), line.size());
  int groups = rule.regex->NumberOfCapturingGroups();
  std::vector<re2::StringPiece> parts(static_cast<size_t>(groups) + 1);
  size_t pos = 0;
  bool allow_checked = false, allow_comment = false;
  while (pos <= line.size() && rule.regex->Match(input, pos, line.size(), RE2::UNANCHORED,
                                                 parts.data(), static_cast<int>(parts.size()))) {
    const re2::StringPiece& whole = parts[0];
    size_t match_end = static_cast<size_t>(whole.data() - line.data()) + whole.size();
    pos = whole.empty() ? match_end + 1 : match_end;
    re2::StringPiece secret = whole;
    if (rule.secret_group > 0) {
      secret = parts[static_cast<size_t>(rule.secret_group)];
    } else if (rule.secret_group < 0) {
      for (int g = 1; g <= groups; ++g) {
        if (!parts[static_cast<size_t>(g)].empty()) {
          secret = parts[static_cast<size_t>(g)];
          break;
        }
      }
    }
    if (secret.data() == nullptr || secret.empty()) continue;
    uint64_t begin = region.begin + static_cast<uint64_t>(secret.data() - line.data());
    uint64_t end = begin + secret.size();
    ExtendPemBlock(text, begin, end);
    std::string_view value = text.substr(begin, end - begin);
    double entropy = ShannonEntropy(value);
    if (entropy < rule.entropy && !options_.redaction) continue;
    if (!options_.redaction) {
      if (!Validate(rule.validator, value) || FailsOwnChecksum(value)) continue;
      std::string_view match(whole.data(), whole.size());
      auto allowed = [&](const Allowlist& a) {
        return Allowed(a, value, match, line, path, commit);
      };
      if (std::any_of(rule.allowlists.begin(), rule.allowlists.end(), allowed) ||
          std::any_of(rules_.allowlists.begin(), rules_.allowlists.end(), allowed)) {
        continue;
      }
      if (!allow_checked) {
        allow_comment = AllowComment(line);
        allow_checked = true;
      }
      if (allow_comment) return;
    }
    SecretFinding f;
    f.rule_id = rule.id;
    f.description = rule.description;
    f.tags = rule.tags;
    f.file = path;
    f.offset = begin;
    f.length = end - begin;
    f.secret = std::string(value);
    f.entropy = entropy;
    f.fingerprint = FingerprintOf(rule.id, path, value);
    out.push_back(std::move(f));
  }
}

namespace {

// Line, column and end line of each finding, counted once through TEXT in offset order.
void Locate(std::string_view text, std::vector<SecretFinding>& found, size_t first) {
  std::sort(found.begin() + static_cast<std::ptrdiff_t>(first), found.end(),
            [](const SecretFinding& a, const SecretFinding& b) {
              return a.offset != b.offset ? a.offset < b.offset : a.rule_id < b.rule_id;
            });
  uint64_t pos = 0, line = 1, line_begin = 0;
  auto advance = [&](uint64_t to) {
    while (pos < to) {
      const void* nl = memchr(text.data() + pos, '\n', to - pos);
      if (nl == nullptr) {
        pos = to;
        break;
      }
      pos = static_cast<uint64_t>(static_cast<const char*>(nl) - text.data()) + 1;
      ++line;
      line_begin = pos;
    }
  };
  for (size_t i = first; i < found.size(); ++i) {
    SecretFinding& f = found[i];
    advance(f.offset);
    f.line = line;
    f.column = f.offset - line_begin + 1;
    std::string_view span = text.substr(f.offset, f.length);  // the run, for a decoded secret
    f.end_line = line + static_cast<uint64_t>(std::count(span.begin(), span.end(), '\n'));
  }
}

// Overlapping findings of several rules become one, from the most specific rule: a rule that is
// not generic, then the longer secret, then the earlier rule.
void MergeOverlaps(std::vector<SecretFinding>& found, size_t first,
                   const std::map<std::string, bool>& generic) {
  std::vector<SecretFinding> kept;
  for (size_t i = first; i < found.size(); ++i) {
    SecretFinding& f = found[i];
    if (!kept.empty()) {
      SecretFinding& last = kept.back();
      if (f.offset < last.offset + last.length) {
        bool f_better =
            (!generic.at(f.rule_id) && generic.at(last.rule_id)) ||
            (generic.at(f.rule_id) == generic.at(last.rule_id) && f.length > last.length);
        if (f_better) {
          std::swap(f, last);
          last.also.insert(last.also.end(), f.also.begin(), f.also.end());
        }
        if (f.rule_id != last.rule_id &&
            std::find(last.also.begin(), last.also.end(), f.rule_id) == last.also.end()) {
          last.also.push_back(f.rule_id);
        }
        continue;
      }
    }
    kept.push_back(std::move(f));
  }
  found.resize(first);
  for (auto& k : kept) found.push_back(std::move(k));
}

}  // namespace

void Scanner::Scan(std::string_view text, const std::string& path, Scratch& s,
                   std::vector<SecretFinding>& out, const std::string& commit) const {
  ScanAt(text, path, s, out, commit, 0);
}

void Scanner::ScanAt(std::string_view text, const std::string& path, Scratch& s,
                     std::vector<SecretFinding>& out, const std::string& commit, int depth) const {
  size_t first = out.size();
  s.text = text;
  s.regions.clear();
  std::fill(s.last_end.begin(), s.last_end.end(), 0);
  if (db_->db != nullptr && !text.empty()) {
    hs_error_t scanned =
        s.hs == nullptr ? HS_INVALID
                        : hs_scan(db_->db, text.data(),
                                  static_cast<unsigned>(std::min<size_t>(text.size(), UINT32_MAX)),
                                  0, s.hs, &Scanner::OnKeyword, &s);
    if (scanned != HS_SUCCESS || text.size() > UINT32_MAX) {
      // Without the keyword pass (no scratch memory, or text beyond what one scan takes) every
      // rule runs on every line: slow, but nothing is missed.
      s.regions.clear();
      for (uint32_t rule = 0; rule < rules_.rules.size(); ++rule) {
        if (rules_.rules[rule].regex == nullptr || rules_.rules[rule].keywords.empty()) continue;
        for (uint64_t at = 0; at <= text.size();) {
          const void* nl = memchr(text.data() + at, '\n', text.size() - at);
          uint64_t end = nl == nullptr ? text.size() : static_cast<const char*>(nl) - text.data();
          if (end > at) s.regions.push_back({rule, at, end, at, end});
          at = end + 1;
        }
      }
    }
  }
  for (uint32_t rule : rules_without_keywords_) {
    const Rule& r = rules_.rules[rule];
    if (!options_.redaction && r.path != nullptr && !RE2::PartialMatch(path, *r.path)) continue;
    for (uint64_t at = 0; at <= text.size();) {
      const void* nl = memchr(text.data() + at, '\n', text.size() - at);
      uint64_t end = nl == nullptr ? text.size() : static_cast<const char*>(nl) - text.data();
      if (end > at) s.regions.push_back({rule, at, end, at, end});
      at = end + 1;
    }
  }
  for (const Region& r : s.regions) MatchRegion(r, text, path, commit, out);
  if (depth < options_.decode_depth) ScanEncoded(text, path, s, out, commit, depth);
  if (out.size() == first) return;
  Locate(text, out, first);
  if (options_.merge_overlaps) MergeOverlaps(out, first, generic_);
}

// Each base64 run that decodes to text is scanned (the scratch is free again: this level's
// regions are done); what is found there is reported at the run, which is what a person sees
// and what a redactor must remove.
void Scanner::ScanEncoded(std::string_view text, const std::string& path, Scratch& s,
                          std::vector<SecretFinding>& out, const std::string& commit,
                          int depth) const {
  std::string decoded;
  std::vector<SecretFinding> inner;
  for (auto [begin, end] : Base64Runs(text, 24)) {
    if (!DecodeToText(text.substr(begin, end - begin), decoded)) continue;
    inner.clear();
    ScanAt(decoded, path, s, inner, commit, depth + 1);
    if (inner.empty()) continue;
    if (!options_.redaction) {
      const void* nl = begin == 0 ? nullptr : memrchr(text.data(), '\n', begin);
      size_t line_begin = nl == nullptr ? 0 : static_cast<const char*>(nl) - text.data() + 1;
      size_t line_end = text.find('\n', end);
      std::string_view line =
          text.substr(line_begin, line_end == std::string_view::npos ? std::string_view::npos
                                                                     : line_end - line_begin);
      if (AllowComment(line)) continue;
    }
    for (SecretFinding& f : inner) {
      f.offset = begin;
      f.length = end - begin;
      f.encoding = f.encoding.empty() ? "base64" : "base64/" + f.encoding;
      out.push_back(std::move(f));
    }
  }
}

void Scanner::ScanPath(const std::string& path, std::vector<SecretFinding>& out) const {
  for (const Rule& rule : rules_.rules) {
    if (rule.regex != nullptr || rule.path == nullptr) continue;
    if (!RE2::PartialMatch(path, *rule.path)) continue;
    auto allowed = [&](const Allowlist& a) { return Allowed(a, "", "", "", path, ""); };
    if (std::any_of(rule.allowlists.begin(), rule.allowlists.end(), allowed)) continue;
    SecretFinding f;
    f.rule_id = rule.id;
    f.description = rule.description;
    f.tags = rule.tags;
    f.file = path;
    f.fingerprint = FingerprintOf(rule.id, path, "");
    out.push_back(std::move(f));
  }
}

bool Scanner::PathAllowed(const std::string& path) const {
  for (const Allowlist& a : rules_.allowlists) {
    if (!a.all_conditions && std::any_of(a.paths.begin(), a.paths.end(), [&](const auto& re) {
          return RE2::PartialMatch(path, *re);
        })) {
      return false;
    }
  }
  return true;
}

}  // namespace quarry::secrets
