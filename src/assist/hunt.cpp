#include "assist/hunt.h"

#include <algorithm>
#include <optional>

#include "assist/case_lookup.h"
#include "assist/grounding.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/strings.h"
#include "core/time.h"
#include "core/value.h"
#include "kql/ast.h"
#include "kql/sql_gen.h"
#include "store/case.h"

namespace quarry::assist {
namespace {

// Each technique with whether a person confirmed it.
void WriteTechniques(JsonWriter& w, const std::vector<std::pair<Technique, bool>>& techniques) {
  w.BeginArray();
  for (const auto& [t, confirmed] : techniques) {
    w.BeginObject().Field("id", t.id).Field("name", t.name).Field("confirmed", confirmed);
    w.EndObject();
  }
  w.EndArray();
}

void WriteRows(JsonWriter& w, const query::QueryResult& result, size_t max_rows) {
  w.BeginArray();
  for (size_t r = 0; r < result.rows.size() && r < max_rows; ++r) {
    w.BeginObject();
    for (size_t c = 0; c < result.columns.size(); ++c) {
      w.Key(result.columns[c].name).Cell(result.rows[r][c]);
    }
    w.EndObject();
  }
  w.EndArray();
}

void WriteDraft(JsonWriter& w, const HuntStep& step) {
  w.BeginObject()
      .Field("question", step.question)
      .Field("provider", step.draft.provider)
      .Field("query", step.draft.query)
      .Field("explanation", step.draft.explanation)
      .Key("findings");
  WriteFindings(w, step.findings);
  w.Field("mapping", step.draft.mapping).Field("not_understood", step.draft.not_understood);
  std::vector<std::pair<Technique, bool>> suggested;
  for (const Technique& t : step.draft.techniques) suggested.emplace_back(t, false);
  WriteTechniques(w.Key("techniques"), suggested);
  w.Field("runnable", step.runnable).EndObject();
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

// What a query with no time filter reads: the whole case, or the --window before `now`.
Result<std::string> DefaultScope(const store::Case& c, const query::QueryOptions& options) {
  QUARRY_ASSIGN_OR_RETURN(auto tables, c.Tables());
  std::optional<Timestamp> first;
  std::optional<Timestamp> last;
  for (const auto& t : tables) {
    if (t.min_time && (!first || t.min_time->ticks < first->ticks)) first = t.min_time;
    if (t.max_time && (!last || t.max_time->ticks > last->ticks)) last = t.max_time;
  }
  Timestamp now = options.now ? *options.now : last.value_or(Timestamp{});
  auto day = [](const Timestamp& t) { return FormatIsoTime(t).substr(0, 10); };
  if (options.default_window_ticks > 0) {
    return "the last " + kql::FormatTimespanText(options.default_window_ticks) + " before " +
           FormatIsoTime(now) + " (--window)";
  }
  if (!first || !last) return std::string("the whole case");
  return "the whole case (" + day(*first) + " to " + day(*last) + ")";
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
                           const query::QueryOptions& options, bool detection) {
  HuntStep step;
  step.question = question;
  QUARRY_ASSIGN_OR_RETURN(auto c, store::Case::Open(case_dir, store::Case::Mode::kOpenExisting));
  QUARRY_ASSIGN_OR_RETURN(kql::Catalog catalog, query::CaseCatalog(*c));
  DraftRequest request;
  request.question = question;
  request.detection = detection;
  request.catalog = &catalog;
  QUARRY_ASSIGN_OR_RETURN(request.default_scope, DefaultScope(*c, options));
  QUARRY_ASSIGN_OR_RETURN(auto lookup, StoreLookup::Load(*c, catalog));
  request.lookup = lookup.get();
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
  GroundingSources sources;
  for (const HuntStep& s : earlier) {
    if (s.draft.provider == "person") {
      sources.person_queries.push_back(s.draft.query);
    } else {
      sources.typed.push_back(s.question);
    }
  }
  sources.typed.push_back(question);
  QUARRY_ASSIGN_OR_RETURN(auto ungrounded, CheckGrounding(*c, catalog, step.draft.query, sources));
  for (Finding& f : ungrounded) step.findings.push_back(std::move(f));
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
  std::string out;
  JsonWriter w(out);
  WriteDraft(w, step);
  return out;
}

std::string RowsJson(const query::QueryResult& result, size_t max_rows) {
  std::string out;
  JsonWriter w(out);
  WriteRows(w, result, max_rows);
  return out;
}

Result<journal::Entry> RecordHunt(const std::string& case_dir, const std::vector<HuntStep>& steps,
                                  const query::QueryResult& result, const Approval& approval) {
  if (steps.empty()) return InvalidArgument("a hunt needs at least one draft");
  const HuntStep& last = steps.back();
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Field("question", steps.front().question).Key("drafts").BeginArray();
  for (const HuntStep& step : steps) WriteDraft(w, step);
  w.EndArray().Field("query", last.draft.query).Field("explanation", last.draft.explanation);
  WriteFindings(w.Key("findings"), last.findings);
  w.Field("approved_by", approval.author)
      .Field("approval", approval.how)
      .Field("now", FormatIsoTime(result.now))
      .Field("row_count", result.rows.size())
      .Field("result_sha256", Sha256Hex(RowsJson(result, result.rows.size())))
      .Key("columns")
      .BeginArray();
  for (const auto& column : result.columns) w.String(column.name);
  w.EndArray();
  WriteRows(w.Key("sample_rows"), result, 5);
  // The suggested techniques, each marked confirmed or not; then any the person added.
  std::vector<std::pair<Technique, bool>> marked;
  for (const Technique& t : last.draft.techniques) {
    marked.emplace_back(t, HasId(approval.techniques, t.id));
  }
  for (const Technique& t : approval.techniques) {
    if (!HasId(last.draft.techniques, t.id)) marked.emplace_back(t, true);
  }
  WriteTechniques(w.Key("techniques"), marked);
  w.EndObject();
  std::string title = last.question == steps.front().question
                          ? steps.front().question
                          : steps.front().question + " → " + last.question;
  return journal::Append(case_dir, "hunt", approval.author, title, body, approval.sign_key);
}

}  // namespace quarry::assist
