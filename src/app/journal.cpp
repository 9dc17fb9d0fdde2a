#include "app/journal.h"

#include <filesystem>

#include "journal/sign.h"

namespace quarry::app {
namespace {

Status CheckCase(const std::string& case_dir) {
  if (!std::filesystem::is_directory(case_dir)) return NotFound("no case at " + case_dir);
  return Status::Ok();
}

}  // namespace

Result<std::vector<journal::Entry>> JournalEntries(const std::string& case_dir) {
  QUARRY_RETURN_IF_ERROR(CheckCase(case_dir));
  return journal::Read(case_dir);
}

Result<journal::Entry> JournalEntry(const std::string& case_dir, uint64_t seq) {
  QUARRY_ASSIGN_OR_RETURN(auto entries, JournalEntries(case_dir));
  for (journal::Entry& e : entries) {
    if (e.seq == seq) return std::move(e);
  }
  return NotFound("no journal entry " + std::to_string(seq) + " (the journal has " +
                  std::to_string(entries.size()) + ")");
}

Result<journal::VerifyReport> VerifyJournal(const std::string& case_dir,
                                            const std::string& public_key) {
  QUARRY_RETURN_IF_ERROR(CheckCase(case_dir));
  return journal::Verify(case_dir, public_key);
}

Result<std::string> JournalMarkdown(const std::string& case_dir) {
  QUARRY_ASSIGN_OR_RETURN(auto entries, JournalEntries(case_dir));
  std::string md = journal::ExportMarkdown(entries);
  auto report = journal::Verify(case_dir);
  if (report.ok() && !report->intact) {
    md += "\n**Warning: the journal is not intact** (" + report->problem + ").\n";
  }
  return md;
}

Status MakeSigningKey(const std::string& path) {
  return journal::GenerateKey(path);
}

Table JournalTable(const std::vector<journal::Entry>& entries) {
  Table table;
  table.columns = {"seq", "time", "kind", "author", "title"};
  for (const journal::Entry& e : entries) {
    table.rows.push_back({Value::Long(static_cast<int64_t>(e.seq)), Value::String(e.time),
                          Value::String(e.kind), Value::String(e.author), Value::String(e.title)});
  }
  return table;
}

std::string JournalJson(const std::vector<journal::Entry>& entries) {
  std::string out = "[";
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i) out += ",\n";
    out += journal::EntryLine(entries[i]);
  }
  return out + "]";
}

std::string VerifyText(const journal::VerifyReport& report, bool signatures_required) {
  if (!report.intact) {
    return "journal NOT intact: first bad entry " + std::to_string(report.first_bad) + ": " +
           report.problem + "\n";
  }
  return "journal intact: " + std::to_string(report.entries) + " entr" +
         (report.entries == 1 ? "y" : "ies") + ", every hash and link checks" +
         (signatures_required ? ", every signature verifies" : "") + "; last hash " +
         report.last_hash + "\n";
}

}  // namespace quarry::app
