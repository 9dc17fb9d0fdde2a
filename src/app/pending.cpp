#include "app/pending.h"

#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json.h"
#include "core/time.h"

namespace quarry::app {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPendingDir = "pending";

fs::path ItemPath(const std::string& case_dir, uint64_t id) {
  return fs::path(case_dir) / kPendingDir / (std::to_string(id) + ".json");
}

Result<PendingItem> ParseItem(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (!in || parser.parse(text.str()).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
    return Corrupt(path.string() + " is not a pending item");
  }
  PendingItem item;
  auto text_of = [&](const char* key, std::string& out) {
    std::string_view v;
    if (doc[key].get_string().get(v) == simdjson::SUCCESS) out.assign(v);
  };
  if (doc["id"].get_uint64().get(item.id) != simdjson::SUCCESS) {
    return Corrupt(path.string() + " has no id");
  }
  if (doc["journal_seq"].get_uint64().get(item.journal_seq) != simdjson::SUCCESS) {
    item.journal_seq = 0;
  }
  text_of("kind", item.kind);
  text_of("state", item.state);
  text_of("created", item.created);
  text_of("requested_by", item.requested_by);
  text_of("title", item.title);
  text_of("question", item.question);
  text_of("query", item.query);
  text_of("explanation", item.explanation);
  text_of("rule_yaml", item.rule_yaml);
  text_of("rule_name", item.rule_name);
  text_of("decided_by", item.decided_by);
  text_of("decided_at", item.decided_at);
  text_of("reason", item.reason);
  simdjson::dom::element findings;
  if (doc["findings"].get(findings) == simdjson::SUCCESS) {
    item.findings_json = simdjson::minify(findings);
  }
  return item;
}

}  // namespace

// Written aside, then renamed over the old file: a reader never sees half an item.
Status UpdatePending(const std::string& case_dir, const PendingItem& item) {
  fs::path path = ItemPath(case_dir, item.id);
  fs::path aside = path.string() + ".tmp";
  {
    std::ofstream out(aside, std::ios::binary | std::ios::trunc);
    out << PendingJson(item) << "\n";
    if (!out) return IoError("cannot write " + aside.string());
  }
  std::error_code ec;
  fs::rename(aside, path, ec);
  if (ec) return IoError("cannot replace " + path.string() + ": " + ec.message());
  return Status::Ok();
}

Result<PendingItem> TakePending(const std::string& case_dir, uint64_t id, const std::string& kind) {
  QUARRY_ASSIGN_OR_RETURN(PendingItem item, GetPending(case_dir, id));
  if (item.kind != kind) {
    return InvalidArgument("pending item " + std::to_string(id) + " is a " + item.kind +
                           ", not a " + kind);
  }
  if (item.state != "pending") {
    return InvalidArgument("pending item " + std::to_string(id) + " was already " + item.state +
                           (item.decided_by.empty() ? "" : " by " + item.decided_by));
  }
  return item;
}

namespace {

Status MarkApproved(const std::string& case_dir, PendingItem item, const assist::Approval& approval,
                    uint64_t seq) {
  item.state = "approved";
  item.decided_by = approval.author;
  item.decided_at = FormatIsoTime(WallClockNow());
  item.journal_seq = seq;
  return UpdatePending(case_dir, item);
}

}  // namespace

std::string PendingJson(const PendingItem& item) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject()
      .Field("id", item.id)
      .Field("kind", item.kind)
      .Field("state", item.state)
      .Field("created", item.created)
      .Field("requested_by", item.requested_by)
      .Field("title", item.title)
      .Field("question", item.question);
  if (item.kind == "hunt") w.Field("query", item.query);
  w.Field("explanation", item.explanation);
  if (item.kind == "rule") w.Field("rule_name", item.rule_name).Field("rule_yaml", item.rule_yaml);
  w.Key("findings").Raw(item.findings_json.empty() ? "[]" : item.findings_json);
  w.Field("decided_by", item.decided_by)
      .Field("decided_at", item.decided_at)
      .Field("reason", item.reason)
      .Field("journal_seq", item.journal_seq)
      .EndObject();
  return out;
}

std::string PendingText(const PendingItem& item) {
  std::ostringstream out;
  out << "Pending " << item.kind << " " << item.id << " (" << item.state << "), asked for by "
      << (item.requested_by.empty() ? "an unnamed client" : item.requested_by) << " at "
      << item.created << "\n";
  out << "Title: " << item.title << "\n";
  if (!item.question.empty()) out << "Asked: " << item.question << "\n";
  if (!item.explanation.empty()) out << "The requester says: " << item.explanation << "\n";
  if (item.kind == "hunt") out << "\nQuery:\n" << item.query << "\n";
  if (item.kind == "rule") out << "\nRule " << item.rule_name << ".yml:\n" << item.rule_yaml;
  if (!item.decided_by.empty()) {
    out << "\n"
        << item.state << " by " << item.decided_by << " at " << item.decided_at
        << (item.reason.empty() ? "" : ": " + item.reason) << "\n";
  }
  return out.str();
}

Result<PendingItem> AddPending(const std::string& case_dir, PendingItem item) {
  std::error_code ec;
  if (!fs::exists(fs::path(case_dir) / "events.db", ec)) {
    return NotFound("no case at " + case_dir);
  }
  fs::create_directories(fs::path(case_dir) / kPendingDir, ec);
  if (ec) return IoError("cannot make " + case_dir + "/pending: " + ec.message());
  QUARRY_ASSIGN_OR_RETURN(auto existing, ListPending(case_dir));
  item.state = "pending";
  item.created = FormatIsoTime(WallClockNow());
  item.id = existing.empty() ? 1 : existing.back().id + 1;
  // "x": the file is created only if it does not exist, so two callers never share an id.
  for (int attempt = 0; attempt < 1000; ++attempt, ++item.id) {
    fs::path path = ItemPath(case_dir, item.id);
    std::FILE* f = std::fopen(path.c_str(), "wx");
    if (f == nullptr) continue;
    std::string text = PendingJson(item) + "\n";
    bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    written = std::fclose(f) == 0 && written;
    if (!written) return IoError("cannot write " + path.string());
    return item;
  }
  return IoError("cannot find a free pending item number in " + case_dir + "/pending");
}

Result<std::vector<PendingItem>> ListPending(const std::string& case_dir) {
  std::vector<PendingItem> items;
  fs::path dir = fs::path(case_dir) / kPendingDir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return items;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".json") continue;
    QUARRY_ASSIGN_OR_RETURN(PendingItem item, ParseItem(p));
    items.push_back(std::move(item));
  }
  std::sort(items.begin(), items.end(),
            [](const PendingItem& a, const PendingItem& b) { return a.id < b.id; });
  return items;
}

Result<PendingItem> GetPending(const std::string& case_dir, uint64_t id) {
  fs::path path = ItemPath(case_dir, id);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    QUARRY_ASSIGN_OR_RETURN(auto items, ListPending(case_dir));
    return NotFound("no pending item " + std::to_string(id) + " in " + case_dir + " (" +
                    std::to_string(items.size()) + " item(s); see quarry journal pending)");
  }
  return ParseItem(path);
}

Result<HuntApprovalResult> ApprovePendingHunt(const std::string& case_dir, uint64_t id,
                                              const assist::Approval& approval) {
  QUARRY_ASSIGN_OR_RETURN(PendingItem item, TakePending(case_dir, id, "hunt"));
  assist::HuntStep step;
  step.question = item.question.empty() ? item.title : item.question;
  step.draft.provider = item.requested_by.empty() ? "agent" : item.requested_by;
  step.draft.query = item.query;
  step.draft.explanation = item.explanation;
  query::QueryOptions options;
  QUARRY_RETURN_IF_ERROR(assist::CheckQuery(step, case_dir, options));
  if (!step.runnable) {
    std::string why;
    for (const Finding& f : step.findings) {
      if (f.severity == Severity::kError) why += (why.empty() ? "" : "; ") + f.message;
    }
    return InvalidArgument("the query of pending item " + std::to_string(id) +
                           " does not pass the checks, nothing ran: " + why);
  }
  HuntApprovalResult out;
  QUARRY_ASSIGN_OR_RETURN(out.rows, assist::RunStep(step, case_dir, options));
  QUARRY_ASSIGN_OR_RETURN(out.entry, assist::RecordHunt(case_dir, {step}, out.rows, approval));
  QUARRY_RETURN_IF_ERROR(MarkApproved(case_dir, item, approval, out.entry.seq));
  return out;
}

Status RejectPending(const std::string& case_dir, uint64_t id, const std::string& author,
                     const std::string& reason) {
  QUARRY_ASSIGN_OR_RETURN(PendingItem item, GetPending(case_dir, id));
  if (item.state != "pending") {
    return InvalidArgument("pending item " + std::to_string(id) + " was already " + item.state);
  }
  item.state = "rejected";
  item.decided_by = author;
  item.decided_at = FormatIsoTime(WallClockNow());
  item.reason = reason;
  return UpdatePending(case_dir, item);
}

}  // namespace quarry::app
