// Name resolution and typing of a parsed query against a catalog: every table, column, let
// name and function a query refers to is looked up, with the schema carried through each
// operator (extend adds, project keeps, summarize replaces, join merges with Kusto's `1`
// suffixes). What cannot be resolved becomes a finding with its span and, where the catalog
// has a close name, a suggestion.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "kql/ast.h"
#include "kql/catalog.h"

namespace quarry::kql {

struct CheckResult {
  bool parsed = false;
  bool bound = false;  // parsed, and no finding of error severity
  std::vector<Finding> findings;
};

// Parses and binds `text`; findings name `file` (the query's file, or a label such as "query").
CheckResult Check(std::string_view text, const Catalog& catalog, const std::string& file);
// The same for a query already parsed from `text`.
CheckResult CheckParsed(const ParseResult& parsed, std::string_view text, const Catalog& catalog,
                        const std::string& file);

// A finding about bytes `span` of query `text` read from `file` (line and column filled in).
Finding FindingAt(Severity severity, std::string code, std::string message, Span span,
                  std::string_view text, const std::string& file, std::string suggestion = {});

// The column name Kusto gives an aggregate written without one: count() is count_, dcount(X)
// is dcount_X, make_set(X) is set_X, …; "" when the function has no such rule here (its
// argument is not a column, or it names its columns otherwise, like arg_max).
std::string AggregateName(const Node& call);

// A literal compared with a value of scalar type `type`, converted to that type the way Kusto
// converts it ("3" for a long is 3, 4624 for a string is "4624", "2024-05-01" for a datetime is
// datetime(2024-05-01)); nullopt when the types agree, one is not a known scalar type, or the
// literal's text does not convert.
std::optional<Node> ConvertLiteral(const Node& literal, Type type);

// The closest names to `name` among `candidates`: a match ignoring case, a synonym used by other
// log sources (Hostname for Computer, …), or a small edit distance. Best first, at most 3.
std::vector<std::string> Suggest(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace quarry::kql
