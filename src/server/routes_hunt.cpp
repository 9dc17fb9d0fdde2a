// Hunting in the workbench: a question drafted into KQL and checked, refined in English or
// edited by the person, approved (only on a server started with --allow-approve), run, recorded
// in the journal with the person's name, and its rows read a page at a time. Every step is the
// `app::HuntSession` job that `quarry hunt` and MCP use.
#include <algorithm>

#include "core/json.h"
#include "kql/types.h"
#include "mcp/untrusted.h"
#include "server/hunt_sessions.h"
#include "server/routes.h"

namespace quarry::server {

std::pair<std::string, std::shared_ptr<OpenHunt>> HuntSessions::Add(
    std::unique_ptr<app::HuntSession> session) {
  auto hunt = std::make_shared<OpenHunt>();
  hunt->session = std::move(session);
  std::string id = mcp::NewNonce().substr(0, 16);
  std::lock_guard<std::mutex> lock(mu_);
  open_.emplace_back(id, hunt);
  if (open_.size() > kMaxOpen) open_.pop_front();
  return {id, hunt};
}

std::shared_ptr<OpenHunt> HuntSessions::Find(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, hunt] : open_) {
    if (key == id) return hunt;
  }
  return nullptr;
}

namespace {

bool RowCapped(const query::QueryResult& r) {
  return std::any_of(r.findings.begin(), r.findings.end(),
                     [](const Finding& f) { return f.code == "kql.row_cap"; });
}

// The hunt as the page shows it: its id, the current draft (DraftJson), every step's question
// and query, and the approval when there is one.
Reply HuntReply(const std::string& id, const OpenHunt& hunt) {
  Reply r;
  JsonWriter w(r.json);
  w.BeginObject().Field("id", id).Key("draft").Raw(app::DraftJson(hunt.session->current()));
  w.Key("steps").BeginArray();
  for (const auto& step : hunt.session->steps()) {
    w.BeginObject().Field("question", step.question).Field("query", step.draft.query);
    w.Field("provider", step.draft.provider).Field("runnable", step.runnable).EndObject();
  }
  w.EndArray().Key("approved");
  if (hunt.rows) {
    w.BeginObject().Field("journal_seq", hunt.journal_seq).Field("journal_hash", hunt.journal_hash);
    w.Field("by", hunt.approved_by).Field("row_count", hunt.rows->rows.size());
    w.Field("truncated", RowCapped(*hunt.rows)).Key("columns").BeginArray();
    for (const auto& c : hunt.rows->columns) {
      w.BeginObject().Field("name", c.name).Field("type", kql::TypeName(c.type)).EndObject();
    }
    w.EndArray().EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
  return r;
}

Result<std::shared_ptr<OpenHunt>> Find(const mcp::Args& args, RouteContext& ctx) {
  auto hunt = ctx.hunts.Find(args.String("id"));
  if (hunt == nullptr) {
    return NotFound("no open hunt '" + args.String("id").substr(0, 32) +
                    "' (hunts live as long as the server; ask the question again)");
  }
  return hunt;
}

Result<Reply> Start(const mcp::Args& args, RouteContext& ctx) {
  app::HuntRequest request;
  request.case_dir = ctx.options.case_dir;
  request.question = args.String("question");
  request.window = args.String("window", "0");
  request.provider = ctx.options.provider;
  request.endpoint = ctx.options.endpoint;
  request.model = ctx.options.model;
  auto session = app::HuntSession::Start(request);
  if (!session.ok())
    return ErrorReply(session.status().code() == StatusCode::kUsage ? 422 : 500,
                      session.status().message());
  auto [id, hunt] = ctx.hunts.Add(std::move(*session));
  std::lock_guard<std::mutex> lock(hunt->mu);
  return HuntReply(id, *hunt);
}

Result<Reply> Show(const mcp::Args& args, RouteContext& ctx) {
  QUARRY_ASSIGN_OR_RETURN(auto hunt, Find(args, ctx));
  std::lock_guard<std::mutex> lock(hunt->mu);
  return HuntReply(args.String("id"), *hunt);
}

// A refinement or an edit: a new draft, checked; the hunt's earlier approval no longer applies.
Result<Reply> Change(const mcp::Args& args, RouteContext& ctx, bool edit) {
  QUARRY_ASSIGN_OR_RETURN(auto hunt, Find(args, ctx));
  std::lock_guard<std::mutex> lock(hunt->mu);
  if (hunt->rows) return ErrorReply(409, "this hunt is recorded; ask a new question to go on");
  Status s = edit ? hunt->session->Edit(args.String("query"), ctx.options.author)
                  : hunt->session->Refine(args.String("text"));
  if (!s.ok()) return ErrorReply(422, s.message());
  return HuntReply(args.String("id"), *hunt);
}

Result<Reply> Approve(const mcp::Args& args, RouteContext& ctx) {
  QUARRY_ASSIGN_OR_RETURN(auto hunt, Find(args, ctx));
  std::lock_guard<std::mutex> lock(hunt->mu);
  if (hunt->rows) return ErrorReply(409, "this hunt is already recorded");
  const assist::HuntStep& step = hunt->session->current();
  if (!step.runnable) {
    return ErrorReply(422,
                      "the draft has error-level findings or no query: nothing unverified runs");
  }
  auto rows = hunt->session->Run();
  if (!rows.ok()) return ErrorReply(422, rows.status().message());
  assist::Approval approval =
      app::MakeApproval(step, ctx.options.author, "web", "", args.Strings("techniques"));
  QUARRY_ASSIGN_OR_RETURN(journal::Entry entry, hunt->session->Record(*rows, approval));
  hunt->rows = std::move(*rows);
  hunt->journal_seq = entry.seq;
  hunt->journal_hash = entry.hash;
  hunt->approved_by = approval.author;
  return HuntReply(args.String("id"), *hunt);
}

Result<Reply> Rows(const mcp::Args& args, RouteContext& ctx) {
  QUARRY_ASSIGN_OR_RETURN(auto hunt, Find(args, ctx));
  std::lock_guard<std::mutex> lock(hunt->mu);
  if (!hunt->rows)
    return ErrorReply(409, "the hunt has not run: it runs when a person approves it");
  const auto& all = hunt->rows->rows;
  size_t offset = std::min(all.size(), static_cast<size_t>(args.Int("offset", 0)));
  size_t end = std::min(all.size(), offset + static_cast<size_t>(args.Int("limit", 100)));
  Reply r;
  JsonWriter w(r.json);
  w.BeginObject().Key("columns").BeginArray();
  for (const auto& c : hunt->rows->columns) {
    w.BeginObject().Field("name", c.name).Field("type", kql::TypeName(c.type)).EndObject();
  }
  w.EndArray().Key("rows").BeginArray();
  for (size_t i = offset; i < end; ++i) {
    w.BeginArray();
    for (const Value& v : all[i]) w.Cell(v);
    w.EndArray();
  }
  w.EndArray().Field("offset", offset).Field("row_count", all.size());
  w.Field("truncated", RowCapped(*hunt->rows)).EndObject();
  return r;
}

}  // namespace

void AddHuntRoutes(std::vector<Route>& routes) {
  mcp::ArgSpec id{"id", mcp::ArgType::kString, "The hunt's id (from POST /api/hunts)", true};
  id.max_length = 64;
  mcp::ArgSpec question{"question", mcp::ArgType::kString, "What the person asks, in English",
                        true};
  question.max_length = 4096;
  mcp::ArgSpec window{"window", mcp::ArgType::kString,
                      "Read tables over this span before the case's last event (e.g. 24h); "
                      "default: the whole case"};
  window.max_length = 32;
  constexpr const char* kHunt =
      R"({"type":"object","properties":{"id":{"type":"string"},"draft":{"type":"object"},)"
      R"("steps":{"type":"array"},"approved":{"type":["object","null"]}},)"
      R"("required":["id","draft","steps","approved"]})";
  routes.push_back({"POST",
                    "/api/hunts",
                    "Draft a hunt from a question",
                    "The assistant (the case's default, or the provider quarry serve was started "
                    "with) drafts KQL for the question and the verifier checks it: the draft, what "
                    "each word was read as, and the findings with their spans in the query. "
                    "Nothing runs.",
                    {question, window},
                    false,
                    kHunt,
                    Start});
  routes.push_back({"GET",
                    "/api/hunts/{id}",
                    "A hunt",
                    "The hunt's current draft and its steps.",
                    {id},
                    false,
                    kHunt,
                    Show});
  mcp::ArgSpec text{"text", mcp::ArgType::kString, "A refinement, in English", true};
  text.max_length = 4096;
  routes.push_back({"POST",
                    "/api/hunts/{id}/refine",
                    "Refine a hunt in English",
                    "A new draft over the earlier steps, checked again.",
                    {id, text},
                    false,
                    kHunt,
                    [](const mcp::Args& a, RouteContext& c) { return Change(a, c, false); }});
  mcp::ArgSpec query{"query", mcp::ArgType::kString, "The person's own KQL", true};
  routes.push_back({"POST",
                    "/api/hunts/{id}/edit",
                    "Replace the draft with the person's query",
                    "The person's query becomes the draft and is checked like one.",
                    {id, query},
                    false,
                    kHunt,
                    [](const mcp::Args& a, RouteContext& c) { return Change(a, c, true); }});
  mcp::ArgSpec techniques{
      "techniques", mcp::ArgType::kStrings,
      "ATT&CK technique ids the person confirms (from the draft's suggestions)"};
  techniques.max_length = 16;
  routes.push_back({"POST",
                    "/api/hunts/{id}/approve",
                    "Approve, run and record a hunt",
                    "Runs the current draft when it has no error-level finding and records the "
                    "hunt in the journal with every draft, the findings, the person named when the "
                    "server started and the rows' digest.",
                    {id, techniques},
                    true,
                    kHunt,
                    Approve});
  mcp::ArgSpec offset{"offset", mcp::ArgType::kInteger, "Rows to skip (default 0)"};
  mcp::ArgSpec limit{"limit", mcp::ArgType::kInteger, "Rows at most (1-500, default 100)"};
  limit.min = 1;
  limit.max = 500;
  routes.push_back({"GET",
                    "/api/hunts/{id}/rows",
                    "A page of an approved hunt's rows",
                    "The rows the approved run returned (at most the query job's cap), a page at "
                    "a time.",
                    {id, offset, limit},
                    false,
                    R"({"type":"object","properties":{"columns":{"type":"array"},)"
                    R"("rows":{"type":"array"},"offset":{"type":"integer"},)"
                    R"("row_count":{"type":"integer"},"truncated":{"type":"boolean"}}})",
                    Rows});
}

}  // namespace quarry::server
