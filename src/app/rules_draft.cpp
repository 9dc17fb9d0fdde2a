#include "app/rules_draft.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/strings.h"
#include "detect/draft_sigma.h"

namespace quarry::app {
namespace fs = std::filesystem;
namespace {

std::string NewUuid() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd());
  uint64_t hi = gen();
  uint64_t lo = gen();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return out;
}

std::string Today() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
  return out;
}

// The description's first sentence, capitalised and cut at a word near 80 characters.
std::string TitleOf(const std::string& description) {
  size_t end = description.find('\n');
  for (size_t dot = description.find(". "); dot != std::string::npos && dot < end;) {
    end = dot;  // a sentence ends at ". ", not at the dot of "lsass.exe"
    break;
  }
  std::string t(TrimAscii(description.substr(0, end)));
  while (!t.empty() && t.back() == '.') t.pop_back();
  if (t.size() > 80) {
    size_t space = t.rfind(' ', 80);
    t = t.substr(0, space == std::string::npos ? 80 : space);
  }
  if (!t.empty()) t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
  return t.empty() ? "Drafted rule" : t;
}

// A file name and rule name from the title: lower-case words joined by '_'.
std::string SlugOf(const std::string& title) {
  std::string slug;
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!slug.empty() && slug.back() != '_') {
      slug += '_';
    }
    if (slug.size() >= 60) break;
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  return slug.empty() ? "drafted_rule" : slug;
}

Status CopySamples(const std::vector<std::string>& files, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  for (size_t i = 0; i < files.size(); ++i) {
    fs::path from(files[i]);
    if (!fs::is_regular_file(from, ec)) return IoError(files[i] + ": not a readable file");
    fs::path to = dir / from.filename();
    if (fs::exists(to, ec)) to = dir / (std::to_string(i + 1) + "-" + from.filename().string());
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec) return IoError(files[i] + ": " + ec.message());
  }
  return Status::Ok();
}

Status WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return IoError(path.string() + ": cannot write");
  return Status::Ok();
}

std::string FirstMessages(const std::vector<Finding>& findings, size_t max) {
  std::string text;
  for (size_t i = 0; i < findings.size() && i < max; ++i) {
    text += (i ? "; " : "") + findings[i].message;
  }
  if (findings.size() > max) text += "; and " + std::to_string(findings.size() - max) + " more";
  return text;
}

}  // namespace

Result<std::unique_ptr<RuleDraftSession>> RuleDraftSession::Start(const RuleDraftRequest& request) {
  if (TrimAscii(request.hunt.question).empty()) return UsageError("describe the detection");
  if (request.hunt.case_dir.empty()) return UsageError("--case is required");
  std::unique_ptr<RuleDraftSession> s(new RuleDraftSession());
  s->request_ = request;
  if (s->request_.author.empty()) s->request_.author = DefaultAuthor();
  std::error_code ec;
  if (s->request_.work_dir.empty()) {
    std::string pattern = (fs::temp_directory_path(ec) / "quarry-draft-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return IoError("cannot make a temporary folder");
    s->request_.work_dir = pattern;
    s->own_work_dir_ = true;
  }
  s->id_ = NewUuid();
  s->correlation_id_ = NewUuid();
  s->name_ = SlugOf(TitleOf(request.hunt.question));
  fs::path tests = fs::path(s->request_.work_dir) / (s->name_ + ".tests");
  fs::remove_all(tests, ec);
  QUARRY_RETURN_IF_ERROR(CopySamples(request.positive, tests / "positive"));
  QUARRY_RETURN_IF_ERROR(CopySamples(request.negative, tests / "negative"));
  HuntRequest hunt = request.hunt;
  hunt.detection = true;
  QUARRY_ASSIGN_OR_RETURN(s->hunt_, HuntSession::Start(hunt));
  QUARRY_RETURN_IF_ERROR(s->Gate());
  return s;
}

RuleDraftSession::~RuleDraftSession() {
  std::error_code ec;
  if (own_work_dir_) fs::remove_all(request_.work_dir, ec);
}

Status RuleDraftSession::Refine(const std::string& text) {
  QUARRY_RETURN_IF_ERROR(hunt_->Refine(text));
  return Gate();
}

Status RuleDraftSession::Edit(const std::string& kql, const std::string& author) {
  QUARRY_RETURN_IF_ERROR(hunt_->Edit(kql, author));
  return Gate();
}

Status RuleDraftSession::Gate() {
  draft_ = RuleDraft{};
  const assist::HuntStep& step = hunt_->current();
  draft_.kql = step.draft.query;
  history_.push_back(draft_.kql);
  detect::RuleMeta& meta = meta_;
  meta = detect::RuleMeta{};
  meta.title = TitleOf(request_.hunt.question);
  meta.id = id_;
  meta.correlation_id = correlation_id_;
  meta.name = name_;
  meta.description = request_.hunt.question;
  meta.author = request_.author;
  meta.date = Today();
  meta.level = request_.level;
  for (const assist::Technique& t : step.draft.techniques) meta.techniques.push_back(t.id);
  auto gate = [&](std::string name, std::string state, std::string detail) {
    draft_.gates.push_back({std::move(name), std::move(state), std::move(detail)});
  };
  if (draft_.kql.empty()) {
    draft_.not_a_rule = "the provider drafted no query";
  } else if (!step.runnable) {
    draft_.not_a_rule =
        "the drafted KQL has error-level findings: " + FirstMessages(step.findings, 3);
  } else {
    auto sigma = detect::SigmaFromKql(draft_.kql, meta);
    if (sigma.ok()) {
      draft_.sigma = sigma->yaml;
      draft_.dropped = sigma->dropped;
    } else {
      draft_.not_a_rule = sigma.status().message();
    }
  }
  if (draft_.sigma.empty()) {
    gate("loads", "failed", draft_.not_a_rule);
    return Status::Ok();
  }
  fs::path file = fs::path(request_.work_dir) / (name_ + ".yml");
  QUARRY_RETURN_IF_ERROR(WriteText(file, draft_.sigma));
  draft_.rule_file = file.string();
  RuleSource source;
  source.paths = {draft_.rule_file};

  LintRequest lint{source, request_.hunt.case_dir, ""};
  QUARRY_ASSIGN_OR_RETURN(draft_.lint, LintRules(lint));
  if (!draft_.lint.problems.empty()) {
    gate("loads", "failed", FirstMessages(draft_.lint.problems, 3));
    return Status::Ok();
  }
  gate("loads", "passed", "");
  std::vector<Finding> errors;
  for (const detect::RuleLint& r : draft_.lint.rules) {
    for (const Finding& f : r.findings) {
      if (f.severity == Severity::kError) errors.push_back(f);
    }
  }
  gate("lint", errors.empty() ? "passed" : "failed",
       errors.empty() ? std::to_string(draft_.lint.warnings) + " warning(s)"
                      : FirstMessages(errors, 3));

  if (request_.positive.empty() && request_.negative.empty()) {
    gate("tests", "failed", "no samples: give --sample (events it must fire on) and --negative");
  } else {
    RuleTestRequest tests{source, "", nullptr};
    QUARRY_ASSIGN_OR_RETURN(draft_.tests, TestRules(tests));
    std::vector<Finding> failures = draft_.tests.problems;
    for (const detect::RuleTestResult& r : draft_.tests.rules) {
      failures.insert(failures.end(), r.failures.begin(), r.failures.end());
    }
    bool ok = draft_.tests.ok() && draft_.tests.passed > 0;
    gate("tests", ok ? "passed" : "failed",
         ok ? std::to_string(request_.positive.size()) + " positive, " +
                  std::to_string(request_.negative.size()) + " negative sample file(s)"
            : FirstMessages(failures, 3));
  }

  BaselineRequest baseline{source, request_.hunt.case_dir, request_.budget, {}, nullptr, nullptr};
  QUARRY_ASSIGN_OR_RETURN(draft_.baseline, BaselineRules(baseline));
  std::string detail;
  bool over = draft_.baseline.over_budget > 0;
  for (const detect::RuleBaseline& r : draft_.baseline.rules) {
    std::ostringstream d;
    d << r.alerts << " alert(s) over the case; per day median " << r.median << ", p95 " << r.p95
      << ", max " << r.max << " (budget " << request_.budget << ")";
    detail = d.str();
  }
  gate("baseline", !over ? "passed" : (request_.accept_volume ? "accepted" : "failed"), detail);

  draft_.passed = std::all_of(draft_.gates.begin(), draft_.gates.end(), [](const DraftGate& g) {
    return g.state == "passed" || g.state == "accepted";
  });
  return Status::Ok();
}

}  // namespace quarry::app
