// The hunting knowledge table, as data (src/assist/knowledge/*.tsv, built into the binary):
// Windows, Sysmon and PowerShell event ids and CloudTrail / Azure AD operations, each with the
// condition selecting it, what it means, the words a hunter uses for it, its key fields and its
// ATT&CK techniques. The built-in provider searches it with a question's words; the grounding
// check counts its literals as known. Descriptions are ours, from public documentation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quarry::assist {

struct KnowledgeEntry {
  std::string table;               // SecurityEvent, SysmonEvent, WindowsEvent, AWSCloudTrail, …
  std::string condition;           // KQL: EventID == 1102, EventName == "CreateUser", …
  std::string name;                // "the security audit log was cleared"
  std::vector<std::string> words;  // lower-case phrases a hunter types for it
  std::vector<std::string> fields;
  std::vector<std::string> techniques;  // ATT&CK ids
  std::string where;                    // file:line, for messages
  // Entries this one narrows (its condition is theirs plus " and …": RC4 service tickets narrow
  // service tickets): their words describe it too.
  std::vector<size_t> broader;
};

// Parsed once from the built-in text; rows that do not parse are skipped (the knowledge test
// checks there are none).
const std::vector<KnowledgeEntry>& Knowledge();

// Parses knowledge TSV text (for tests): the entries, and a message per malformed row.
std::vector<KnowledgeEntry> ParseKnowledge(std::string_view text, std::string_view file,
                                           std::vector<std::string>* problems);

}  // namespace quarry::assist
