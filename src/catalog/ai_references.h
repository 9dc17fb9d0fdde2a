// The reference tables a threat catalog maps to: OWASP Top 10 for LLM Applications 2025, OWASP
// Top 10 2025, OWASP Top 10 for Agentic Applications 2026, MITRE ATLAS and the NIST AI RMF,
// read from the shared corpora's TSV files like the ATT&CK tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace quarry::catalog {

enum class Reference { kOwaspLlm, kOwasp, kAgentic, kAtlasTechnique, kAtlasTactic, kNistAiRmf };
constexpr int kReferenceKinds = 6;
// "OWASP LLM Top 10 2025", "ATLAS technique", …: how a message names the table.
const char* ReferenceTitle(Reference kind);

struct ReferenceEntry {
  std::string id;    // canonical: LLM01:2025, A05:2025, ASI02, AML.T0051.001, AML.TA0005, MAP 1.1
  std::string name;  // the title, or for an AI RMF subcategory its text
  // ATLAS techniques: their tactic ids (a sub-technique's are its parent's); AI RMF: the function.
  std::vector<std::string> groups;
};

class AiReferences {
 public:
  // Reads the tables in DIR; errors name the file and line.
  static Result<AiReferences> Load(const std::string& dir);
  // From FindDirectory(); NotFound saying where to point QUARRY_CATALOGS when there is none.
  static Result<AiReferences> LoadDefault();

  // The canonical form of ID for the table (upper case, the year suffix for OWASP ids, one space
  // in AI RMF ids), whether or not the table holds it.
  static std::string Canonical(Reference kind, std::string_view id);
  // Whether ID has the shape of the table's ids (checked without the tables).
  static bool WellFormed(Reference kind, std::string_view id);

  const ReferenceEntry* Find(Reference kind, std::string_view id) const;
  // In the table's own order (ATLAS tactics in matrix order).
  const std::vector<ReferenceEntry>& All(Reference kind) const;
  // The table's id closest to ID, for "did you mean"; "" when none is close.
  std::string Closest(Reference kind, std::string_view id) const;

 private:
  std::vector<ReferenceEntry> tables_[kReferenceKinds];
};

}  // namespace quarry::catalog
