#include "assist/hunt.h"

#include <algorithm>

#include "core/hash.h"
#include "core/strings.h"
#include "core/time.h"
#include "core/value.h"
#include "kql/ast.h"
#include "store/case.h"

namespace quarry::assist {
namespace {

void FindingsJson(const std::vector<Finding>& findings, std::string& out) {
  out += "[";
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    out += i ? ",{\"severity\":" : "{\"severity\":";
    AppendJsonString(out, SeverityName(f.severity));
    out += ",\"code\":";
    AppendJsonString(out, f.code);
    out += ",\"message\":";
    AppendJsonString(out, f.message);
    out += ",\"span\":{\"start\":" + std::to_string(f.where.offset) +
           ",\"line\":" + std::to_string(f.where.line) +
           ",\"column\":" + std::to_string(f.where.column) + "},\"suggestion\":";
    AppendJsonString(out, f.suggestion);
    out += "}";
  }
  out += "]";
}

void StringsJson(const std::vector<std::string>& items, std::string& out) {
  out += "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ",";
    AppendJsonString(out, items[i]);
  }
  out += "]";
}

// Each technique with whether a person confirmed it.
void TechniquesJson(const std::vector<std::pair<Technique, bool>>& techniques, std::string& out) {
  out += "[";
  for (size_t i = 0; i < techniques.size(); ++i) {
    const auto& [t, confirmed] = techniques[i];
    out += i ? ",{\"id\":" : "{\"id\":";
    AppendJsonString(out, t.id);
    out += ",\"name\":";
    AppendJsonString(out, t.name);
    out += std::string(",\"confirmed\":") + (confirmed ? "true" : "false") + "}";
  }
  out += "]";
}

bool HasId(const std::vector<Technique>& techniques, const std::string& id) {
  return std::any_of(techniques.begin(), techniques.end(),
                     [&](const Technique& t) { return t.id == id; });
}

bool NamesBeyondTime(const kql::Node& n) {
  if (n.kind == kql::NodeKind::kName && n.text != "TimeGenerated" && n.text != "Timestamp") {
    return true;
  }
  return std::any_of(n.kids.begin(), n.kids.end(), NamesBeyondTime);
}

// Whether some where clause (or search) tests something other than the time.
bool FiltersBeyondTime(const kql::Node& n) {
  if (n.kind == kql::NodeKind::kOperator && !n.kids.empty() &&
      (((n.text == "where" || n.text == "filter" || n.text == "parse-where") &&
        NamesBeyondTime(n.kids[0])) ||
       n.text == "search")) {
    return true;
  }
  return std::any_of(n.kids.begin(), n.kids.end(), FiltersBeyondTime);
}

Finding Caveat(Severity severity, std::string code, std::string message) {
  Finding f;
  f.severity = severity;
  f.code = std::move(code);
  f.message = std::move(message);
  f.where.file = "draft";
  return f;
}

}  // namespace

Status CheckQuery(HuntStep& step, const std::string& case_dir, const query::QueryOptions& options) {
  query::QueryOptions check = options;
  check.explain_only = true;
  QUARRY_ASSIGN_OR_RETURN(query::QueryResult checked,
                          query::RunQuery(case_dir, step.draft.query, check));
  step.findings = checked.findings;
  step.runnable = std::none_of(step.findings.begin(), step.findings.end(),
                               [](const Finding& f) { return f.severity == Severity::kError; });
  return Status::Ok();
}

Result<HuntStep> DraftStep(Provider& provider, const std::string& case_dir,
                           const std::string& question, const std::vector<HuntStep>& earlier,
                           const query::QueryOptions& options) {
  HuntStep step;
  step.question = question;
  QUARRY_ASSIGN_OR_RETURN(auto c, store::Case::Open(case_dir, store::Case::Mode::kOpenExisting));
  QUARRY_ASSIGN_OR_RETURN(kql::Catalog catalog, query::CaseCatalog(*c));
  DraftRequest request;
  request.question = question;
  request.catalog = &catalog;
  for (const HuntStep& s : earlier) request.earlier_questions.push_back(s.question);
  if (!earlier.empty()) request.previous_query = earlier.back().draft.query;
  QUARRY_ASSIGN_OR_RETURN(step.draft, provider.Answer(request));
  if (step.draft.query.empty()) {
    step.findings.push_back(Caveat(Severity::kError, "hunt.no_query",
                                   "no query was drafted: " + step.draft.explanation));
    return step;
  }
  Status checked = CheckQuery(step, case_dir, options);
  if (!checked.ok()) return checked;
  if (!step.draft.not_understood.empty()) {
    std::string words;
    for (const std::string& w : step.draft.not_understood) words += (words.empty() ? "" : ", ") + w;
    step.findings.push_back(Caveat(Severity::kWarning, "hunt.not_understood",
                                   "the draft ignores part of the question: " + words));
  }
  kql::ParseResult parsed = kql::Parse(step.draft.query);
  if (parsed.ok && !FiltersBeyondTime(parsed.script)) {
    // A model's draft without any where clause dropped the question's conditions (or obeyed an
    // instruction planted in the data): it does not run. The built-in provider's drafts say
    // which words they read, so for them it is a warning.
    bool model = step.draft.provider != "builtin";
    step.findings.push_back(Caveat(model ? Severity::kError : Severity::kWarning, "hunt.no_filter",
                                   "the draft filters on nothing but time: it reads every "
                                   "event of its table in the window"));
  }
  step.runnable = true;
  for (const Finding& f : step.findings) {
    if (f.severity == Severity::kError) step.runnable = false;
  }
  return step;
}

Result<query::QueryResult> RunStep(const HuntStep& step, const std::string& case_dir,
                                   const query::QueryOptions& options) {
  if (!step.runnable) {
    return InvalidArgument("the draft has error-level findings or no query: it does not run");
  }
  query::QueryOptions run = options;
  run.explain_only = false;
  return query::RunQuery(case_dir, step.draft.query, run);
}

std::string DraftJson(const HuntStep& step) {
  std::string out = "{\"question\":";
  AppendJsonString(out, step.question);
  out += ",\"provider\":";
  AppendJsonString(out, step.draft.provider);
  out += ",\"query\":";
  AppendJsonString(out, step.draft.query);
  out += ",\"explanation\":";
  AppendJsonString(out, step.draft.explanation);
  out += ",\"findings\":";
  FindingsJson(step.findings, out);
  out += ",\"mapping\":";
  StringsJson(step.draft.mapping, out);
  out += ",\"not_understood\":";
  StringsJson(step.draft.not_understood, out);
  out += ",\"techniques\":";
  std::vector<std::pair<Technique, bool>> suggested;
  for (const Technique& t : step.draft.techniques) suggested.emplace_back(t, false);
  TechniquesJson(suggested, out);
  out += std::string(",\"runnable\":") + (step.runnable ? "true" : "false") + "}";
  return out;
}

std::string RowsJson(const query::QueryResult& result, size_t max_rows) {
  std::string out = "[";
  for (size_t r = 0; r < result.rows.size() && r < max_rows; ++r) {
    out += r ? ",{" : "{";
    for (size_t c = 0; c < result.columns.size(); ++c) {
      if (c) out += ",";
      AppendJsonString(out, result.columns[c].name);
      out += ":";
      AppendJsonValue(out, result.rows[r][c]);
    }
    out += "}";
  }
  return out + "]";
}

Result<journal::Entry> RecordHunt(const std::string& case_dir, const std::vector<HuntStep>& steps,
                                  const query::QueryResult& result, const Approval& approval) {
  if (steps.empty()) return InvalidArgument("a hunt needs at least one draft");
  const HuntStep& last = steps.back();
  std::string body = "{\"question\":";
  AppendJsonString(body, steps.front().question);
  body += ",\"drafts\":[";
  for (size_t i = 0; i < steps.size(); ++i) body += (i ? "," : "") + DraftJson(steps[i]);
  body += "],\"query\":";
  AppendJsonString(body, last.draft.query);
  body += ",\"explanation\":";
  AppendJsonString(body, last.draft.explanation);
  body += ",\"findings\":";
  FindingsJson(last.findings, body);
  body += ",\"approved_by\":";
  AppendJsonString(body, approval.author);
  body += ",\"approval\":";
  AppendJsonString(body, approval.how);
  body += ",\"now\":";
  AppendJsonString(body, FormatIsoTime(result.now));
  body += ",\"row_count\":" + std::to_string(result.rows.size());
  std::string all = RowsJson(result, result.rows.size());
  body += ",\"result_sha256\":\"" + Sha256Hex(all) + "\",\"columns\":[";
  for (size_t c = 0; c < result.columns.size(); ++c) {
    if (c) body += ",";
    AppendJsonString(body, result.columns[c].name);
  }
  body += "],\"sample_rows\":" + RowsJson(result, 5) + ",\"techniques\":";
  // The suggested techniques, each marked confirmed or not; then any the person added.
  std::vector<std::pair<Technique, bool>> marked;
  for (const Technique& t : last.draft.techniques) {
    marked.emplace_back(t, HasId(approval.techniques, t.id));
  }
  for (const Technique& t : approval.techniques) {
    if (!HasId(last.draft.techniques, t.id)) marked.emplace_back(t, true);
  }
  TechniquesJson(marked, body);
  body += "}";
  std::string title = last.question == steps.front().question
                          ? steps.front().question
                          : steps.front().question + " → " + last.question;
  return journal::Append(case_dir, "hunt", approval.author, title, body, approval.sign_key);
}

}  // namespace quarry::assist
