#include "catalog/ai_references.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "catalog/attack.h"
#include "catalog/table.h"
#include "core/strings.h"

namespace quarry::catalog {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    std::string_view trimmed = TrimAscii(item);
    if (!trimmed.empty()) out.emplace_back(trimmed);
  }
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiUpper(c);
  return out;
}

}  // namespace

const char* ReferenceTitle(Reference kind) {
  switch (kind) {
    case Reference::kOwaspLlm:
      return "OWASP Top 10 for LLM Applications 2025";
    case Reference::kOwasp:
      return "OWASP Top 10 2025";
    case Reference::kAgentic:
      return "OWASP Top 10 for Agentic Applications 2026";
    case Reference::kAtlasTechnique:
      return "ATLAS technique";
    case Reference::kAtlasTactic:
      return "ATLAS tactic";
    case Reference::kNistAiRmf:
      return "NIST AI RMF subcategory";
  }
  return "reference";
}

std::string AiReferences::Canonical(Reference kind, std::string_view id) {
  std::string text = Upper(TrimAscii(id));
  if (kind == Reference::kNistAiRmf) {
    // "map  1.1", "MAP-1.1" and "MAP1.1" all mean MAP 1.1.
    std::string out;
    for (char c : text) {
      bool space = c == ' ' || c == '-' || c == '\t';
      if (space) {
        if (!out.empty() && out.back() != ' ') out += ' ';
      } else {
        if (!out.empty() && out.back() >= 'A' && out.back() <= 'Z' && c >= '0' && c <= '9')
          out += ' ';
        out += c;
      }
    }
    return out;
  }
  return text;  // OWASP ids keep their year: LLM01 alone is not the 2025 list's id
}

bool AiReferences::WellFormed(Reference kind, std::string_view id) {
  static const std::regex kShapes[kReferenceKinds] = {
      std::regex(R"(LLM(0[1-9]|10):2025)"), std::regex(R"(A(0[1-9]|10):2025)"),
      std::regex(R"(ASI(0[1-9]|10))"),      std::regex(R"(AML\.T\d{4}(\.\d{3})?)"),
      std::regex(R"(AML\.TA\d{4})"),        std::regex(R"((GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+)"),
  };
  std::string text(id);
  return std::regex_match(text, kShapes[static_cast<int>(kind)]);
}

Result<AiReferences> AiReferences::Load(const std::string& dir) {
  AiReferences out;
  fs::path base(dir);
  auto table = [&](Reference kind) -> std::vector<ReferenceEntry>& {
    return out.tables_[static_cast<int>(kind)];
  };
  QUARRY_ASSIGN_OR_RETURN(auto llm, ReadTable(base / "owasp_llm_top10_2025.tsv", {"id", "name"}));
  for (auto& row : llm) table(Reference::kOwaspLlm).push_back({row[0] + ":2025", row[1], {}});
  QUARRY_ASSIGN_OR_RETURN(auto top10, ReadTable(base / "owasp_top10_2025.tsv", {"id", "name"}));
  for (auto& row : top10) table(Reference::kOwasp).push_back({row[0] + ":2025", row[1], {}});
  QUARRY_ASSIGN_OR_RETURN(auto agentic,
                          ReadTable(base / "owasp_agentic_top10_2026.tsv", {"id", "name"}));
  for (auto& row : agentic) table(Reference::kAgentic).push_back({row[0], row[1], {}});
  QUARRY_ASSIGN_OR_RETURN(auto tactics,
                          ReadTable(base / "atlas_tactics.tsv", {"tactic_id", "name"}));
  for (auto& row : tactics) table(Reference::kAtlasTactic).push_back({row[0], row[1], {}});
  QUARRY_ASSIGN_OR_RETURN(auto techniques, ReadTable(base / "atlas_techniques.tsv",
                                                     {"technique_id", "name", "tactic_ids",
                                                      "tactics", "is_subtechnique"}));
  std::map<std::string, std::vector<std::string>> tactics_of;
  for (auto& row : techniques) {
    std::vector<std::string> ids = SplitCommas(row[2]);
    if (!ids.empty()) tactics_of[row[0]] = ids;
  }
  for (auto& row : techniques) {
    std::vector<std::string> groups = SplitCommas(row[2]);
    // A sub-technique carries no tactics of its own: it has its parent's.
    if (groups.empty() && row.size() > 5 && !row[5].empty()) groups = tactics_of[row[5]];
    table(Reference::kAtlasTechnique).push_back({row[0], row[1], std::move(groups)});
  }
  QUARRY_ASSIGN_OR_RETURN(auto rmf,
                          ReadTable(base / "nist_ai_rmf_subcategories.tsv",
                                    {"function", "category_id", "subcategory_id", "text"}));
  for (auto& row : rmf)
    table(Reference::kNistAiRmf)
        .push_back({Canonical(Reference::kNistAiRmf, row[2]), row[3], {row[0]}});
  return out;
}

Result<AiReferences> AiReferences::LoadDefault() {
  std::string dir = FindDirectory();
  if (dir.empty()) {
    return NotFound(
        "the OWASP, ATLAS and NIST AI RMF tables were not found (set QUARRY_CATALOGS to the "
        "folder holding atlas_techniques.tsv)");
  }
  return Load(dir);
}

const ReferenceEntry* AiReferences::Find(Reference kind, std::string_view id) const {
  std::string key = Canonical(kind, id);
  for (const auto& entry : tables_[static_cast<int>(kind)]) {
    if (entry.id == key) return &entry;
  }
  return nullptr;
}

const std::vector<ReferenceEntry>& AiReferences::All(Reference kind) const {
  return tables_[static_cast<int>(kind)];
}

std::string AiReferences::Closest(Reference kind, std::string_view id) const {
  std::string key = Canonical(kind, id);
  std::string best;
  size_t best_distance = 3;  // more edits than this is a different id, not a typo
  for (const auto& entry : tables_[static_cast<int>(kind)]) {
    size_t d = EditDistance(entry.id, key);
    if (d < best_distance) {
      best_distance = d;
      best = entry.id;
    }
  }
  return best;
}

}  // namespace quarry::catalog
