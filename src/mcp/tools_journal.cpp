// Tools over the journal: read and verify it, and ask a person to record a hunt (a pending item
// the person approves in a terminal; the agent never writes the journal).
#include "app/journal.h"
#include "app/kql.h"
#include "app/pending.h"
#include "core/json.h"
#include "mcp/tool_util.h"
#include "mcp/tools.h"

namespace quarry::mcp {
namespace {

Result<ToolOutput> JournalList(const Args&, ToolContext& ctx) {
  auto entries = app::JournalEntries(ctx.options.case_dir);
  if (!entries.ok()) return Refusal(entries.status().message());
  ToolOutput out;
  JsonWriter w(out.structured);
  w.BeginObject().Key("entries");
  WriteTableObjects(w, app::JournalTable(*entries));
  w.EndObject();
  out.rows = static_cast<int64_t>(entries->size());
  out.summary =
      std::to_string(entries->size()) + " journal entr" + (entries->size() == 1 ? "y" : "ies");
  return out;
}

Result<ToolOutput> JournalShow(const Args& args, ToolContext& ctx) {
  auto entry = app::JournalEntry(ctx.options.case_dir, static_cast<uint64_t>(args.Int("seq", 1)));
  if (!entry.ok()) return Refusal(entry.status().message());
  ToolOutput out;
  JsonWriter w(out.structured);
  w.BeginObject().Key("entry").Raw(journal::EntryLine(*entry)).EndObject();
  out.rows = 1;
  out.summary = "journal entry " + std::to_string(entry->seq) + " (" + entry->kind + ", by " +
                entry->author + ")";
  return out;
}

Result<ToolOutput> JournalVerify(const Args&, ToolContext& ctx) {
  auto report = app::VerifyJournal(ctx.options.case_dir, "");
  if (!report.ok()) return Refusal(report.status().message());
  ToolOutput out;
  JsonWriter w(out.structured);
  w.BeginObject()
      .Field("intact", report->intact)
      .Field("entries", report->entries)
      .Field("first_bad", report->first_bad)
      .Field("problem", report->problem)
      .Field("last_hash", report->last_hash)
      .EndObject();
  out.summary = app::VerifyText(*report, false);
  while (!out.summary.empty() && out.summary.back() == '\n') out.summary.pop_back();
  return out;
}

Result<ToolOutput> RecordHunt(const Args& args, ToolContext& ctx) {
  app::QueryRequest check;
  check.case_dir = ctx.options.case_dir;
  check.text = args.String("query");
  check.explain = true;
  check.text_may_name_file = false;
  auto checked = app::RunQuery(check);
  if (!checked.ok()) return Refusal(checked.status().message());
  std::string findings;
  JsonWriter fw(findings);
  WriteFindings(fw, checked->findings);
  for (const Finding& f : checked->findings) {
    if (f.severity == Severity::kError) {
      return Refusal("the query does not pass the checks; nothing was asked for", findings,
                     "findings");
    }
  }
  app::PendingItem item;
  item.kind = "hunt";
  item.requested_by = ctx.client + " via mcp";
  item.question = args.String("question");
  item.query = check.text;
  item.explanation = args.String("explanation");
  item.title = args.String("title", item.question.substr(0, 120));
  item.findings_json = findings;
  auto added = app::AddPending(ctx.options.case_dir, item);
  if (!added.ok()) return Refusal(added.status().message());
  std::string approve =
      "quarry journal approve " + std::to_string(added->id) + " --case " + ctx.options.case_dir;
  ToolOutput out;
  JsonWriter w(out.structured);
  w.BeginObject()
      .Field("pending_id", added->id)
      .Field("state", added->state)
      .Field("approve_with", approve)
      .EndObject();
  out.summary = "pending hunt " + std::to_string(added->id) +
                ": nothing is run or recorded until a person runs `" + approve + "` in a terminal";
  return out;
}

Result<ToolOutput> Pending(const Args&, ToolContext& ctx) {
  auto items = app::ListPending(ctx.options.case_dir);
  if (!items.ok()) return Refusal(items.status().message());
  ToolOutput out;
  JsonWriter w(out.structured);
  w.BeginObject().Key("items").BeginArray();
  for (const app::PendingItem& item : *items) w.Raw(app::PendingJson(item));
  w.EndArray().EndObject();
  out.rows = static_cast<int64_t>(items->size());
  out.summary = std::to_string(items->size()) + " pending item(s), with their state";
  return out;
}

}  // namespace

void AddJournalTools(std::vector<ToolSpec>& tools) {
  tools.push_back({"journal_list",
                   "List the journal's entries",
                   "The case's journal: one line per recorded hunt or rule (sequence, time, "
                   "kind, author of record, title).",
                   {},
                   ObjectSchema({{"entries", kArr}}),
                   true,
                   JournalList});
  ArgSpec seq{"seq", ArgType::kInteger, "The entry's sequence number (see journal_list)", true};
  seq.min = 1;
  seq.max = std::numeric_limits<int64_t>::max();
  tools.push_back({"journal_show",
                   "Show one journal entry",
                   "One entry in full: the question, drafts, final query or rule, checks, "
                   "approving person, result digest, hash and link to the entry before.",
                   {seq},
                   ObjectSchema({{"entry", kObj}}),
                   true,
                   JournalShow});
  tools.push_back({"journal_verify",
                   "Verify the journal's hash chain",
                   "Checks every entry's hash and its link to the one before: intact, or the "
                   "first bad entry and what is wrong with it.",
                   {},
                   ObjectSchema({{"intact", kBool},
                                 {"entries", kInt},
                                 {"first_bad", kInt},
                                 {"problem", kStr},
                                 {"last_hash", kStr}}),
                   true,
                   JournalVerify});
  ArgSpec question{"question", ArgType::kString, "What the person asked", true};
  question.max_length = 4096;
  ArgSpec query{"query", ArgType::kString, "The KQL query to run and record", true};
  ArgSpec explanation{"explanation", ArgType::kString, "What the query does, in a sentence"};
  explanation.max_length = 4096;
  ArgSpec title{"title", ArgType::kString, "A one-line title (default: the question)"};
  title.max_length = 200;
  tools.push_back({"record_hunt",
                   "Ask a person to record a hunt",
                   "Checks the query and creates a pending item. Nothing runs and nothing is "
                   "written to the journal until a person approves it in a terminal with "
                   "`quarry journal approve N`; the journal entry then names that person.",
                   {question, query, explanation, title},
                   ObjectSchema({{"pending_id", kInt}, {"state", kStr}, {"approve_with", kStr}}),
                   false,
                   RecordHunt});
  tools.push_back({"pending",
                   "List pending items",
                   "Hunts and rules asked for through record_hunt and save_rule, with their "
                   "state (pending, approved by whom, rejected and why).",
                   {},
                   ObjectSchema({{"items", kArr}}),
                   true,
                   Pending});
}

}  // namespace quarry::mcp
