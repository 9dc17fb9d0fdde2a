// The threat catalog: threats (each a condition over a model with its mappings, severity and
// mitigations) and mitigations (each with how to verify it), read from `threats/*.yml`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/ai_references.h"
#include "core/finding.h"
#include "core/status.h"
#include "threatmodel/condition.h"

namespace quarry::threatmodel {

enum class Level { kLow, kMedium, kHigh, kCritical };
const char* LevelName(Level level);
std::optional<Level> ParseLevel(std::string_view text);  // low, medium, high, critical

struct VerifyStep {
  std::string kind;  // test, config, review
  std::string how;
};

struct Mitigation {
  std::string id;
  std::string title;
  std::string description;
  std::vector<VerifyStep> verify;
  std::string file;
  int line = 0;
};

struct SeverityRule {
  Condition when;
  Level severity = Level::kMedium;
};

struct Threat {
  std::string id;
  std::string title;
  std::string description;
  Subject applies_to = Subject::kComponent;
  Condition when;
  std::string stride;  // Spoofing, Tampering, …
  std::vector<std::string> owasp_llm;
  std::vector<std::string> owasp;
  std::vector<std::string> atlas;
  std::vector<std::string> nist_ai_rmf;
  std::vector<std::string> agentic;
  std::vector<std::string> cwe;
  Level severity = Level::kMedium;
  std::vector<SeverityRule> severity_rules;
  bool require_decision = false;
  std::vector<std::string> mitigations;
  std::string file;
  int line = 0;
  bool broken = false;  // its condition had problems: it never applies
};

struct Catalog {
  std::vector<Threat> threats;
  std::vector<Mitigation> mitigations;
  std::vector<std::string> files;
  const Threat* FindThreat(std::string_view id) const;
  const Mitigation* FindMitigation(std::string_view id) const;
};

struct CatalogFile {
  std::string name;  // as findings name it: threats/llm.yml
  std::string text;
};

struct CatalogLoad {
  Catalog catalog;
  std::vector<Finding> findings;
  bool references_checked = false;  // the mapping ids were checked against the tables
};

// The catalog built into the binary (threats/*.yml of the source tree).
const std::vector<CatalogFile>& BuiltInCatalog();
// The .yml files at PATH (a file, or a folder's *.yml in name order).
Result<std::vector<CatalogFile>> ReadCatalogFiles(const std::string& path);

// Reads FILES; mapping ids are checked against REFERENCES when given (else only their shape).
// Never fails: problems are findings with file and line, and the readable threats are kept.
CatalogLoad LoadCatalog(const std::vector<CatalogFile>& files,
                        const catalog::AiReferences* references);

// The STRIDE category a catalog names (a name in any case, with '-' or '_' for spaces, or its
// letter), as its name; "" when none.
std::string StrideCategory(std::string_view text);
const std::vector<const char*>& StrideCategories();

}  // namespace quarry::threatmodel
