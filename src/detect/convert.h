// Sigma → other query languages (quarry rules convert). A rule is converted from what the engine
// compiled it to, one logsource variant at a time, so the query means what `quarry scan` does:
// the variant's gate (channel, event ids, provider, table) and its condition tree (every
// modifier already applied: wildcards, windash, base64, utf16, cidr, re, fieldref, …). Field
// names resolve against a target catalog (a case's, or a Sentinel schema folder); what cannot be
// expressed is said per rule, never dropped.
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"
#include "detect/rule_tests.h"
#include "kql/catalog.h"

namespace quarry::detect {

enum class QueryLanguage { kKql, kSpl };

struct ConvertedRule {
  std::string rule, id, path;
  int line = 0;
  bool converted = false;
  std::string query;
  std::vector<std::string> reasons;  // why not, when not converted
};

struct ConvertReport {
  std::vector<ConvertedRule> rules;
  std::vector<Finding> problems;
  size_t converted = 0, not_converted = 0;
};

struct ConvertOptions {
  RuleSetOptions rules;
  QueryLanguage language = QueryLanguage::kKql;
  const kql::Catalog* catalog = nullptr;  // KQL: the target's tables and columns
  // A case's catalog lists the columns its events have: a field it lacks is empty in every
  // event there, not a conversion failure. A schema's catalog is the target's whole truth.
  bool absent_columns_are_empty = false;
};

ConvertReport Convert(const ConvertOptions& options);

}  // namespace quarry::detect
