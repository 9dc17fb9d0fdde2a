// The KQL syntax tree: one node type, a kind, the source span it covers, a text whose meaning
// depends on the kind, and children. The binder and the SQL generator walk it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kql/lexer.h"

namespace quarry::kql {

enum class NodeKind : uint8_t {
  // Statements.
  kScript,    // kids: statements
  kLet,       // text: name; kids[0]: value (expression, pipe or kFunction)
  kFunction,  // kids: kParam…, then a kScript body
  kParam,     // text: name; kids: [type as kName], [default value]
  kQuery,     // kids[0]: the tabular expression the script returns
  kSkipped,   // `set …` and `declare …` statements: text is the statement's first word
  // Tabular.
  kPipe,      // kids[0]: source; kids[1…]: kOperator
  kOperator,  // text: operator name as written (lower case, e.g. "project-away"); kids: arguments
  kOption,    // text: option name (kind, withsource, hint.strategy, …); kids[0]: value
  kAssign,    // kids[0]: target (kName or kTuple); kids[1]: value
  kTuple,     // (a, b) as an assignment target: kids are kName
  kSortKey,   // kids[0]: expression; text: "asc", "desc" or ""; raw: "first", "last" or "" (nulls)
  kBy,        // kids: grouping or sort items after `by`
  kOn,        // join/lookup conditions: kids
  kWith,      // parse pattern or render properties: kids
  kTypeof,    // text: type name
  kExpandItem,  // mv-expand: kids[0] the column or assignment, [kids[1] its kTypeof]
  kRaw,         // text: the source of an operator parsed as balanced tokens only
  // Expressions.
  kName,      // text: name (a column, let name, table or $left/$right)
  kWildcard,  // text: a name pattern with '*' (project-away Col*, union Device*, or "*" alone)
  kString,    // text: value
  kNumber,    // text: as written
  kTimespan,  // text: as written (1d, 30m, …) or the argument of timespan(…)/time(…)
  kDatetime,  // text: the argument of datetime(…)
  kGuid,      // text: the argument of guid(…)
  kBool,      // text: "true" or "false"
  kNull,
  kDynamic,  // kids[0]: the literal (kArray, kObject or a scalar)
  kArray,    // kids: elements
  kObject,   // kids: kPair
  kPair,     // text: key; kids[0]: value
  kCall,     // text: function name; kids: arguments
  kUnary,    // text: "-", "+" or "not"; kids[0]
  kBinary,   // text: operator as written, lower case ("==", "has", "!in~", "and", …); kids: 2
  kBetween,  // text: "between" or "!between"; kids: value, low, high
  kList,     // (a, b, c) after in, has_any, …; kids
  kMember,   // text: member name; kids[0]: object  (x.y)
  kIndex,    // kids: object, index  (x[0], x['k'])
};

const char* NodeKindName(NodeKind kind);

struct Node {
  NodeKind kind = NodeKind::kScript;
  Span span;
  std::string text;
  std::string raw;  // kSortKey: nulls placement
  std::vector<Node> kids;
};

struct ParseResult {
  bool ok = false;
  Node script;        // kScript; partial when !ok
  SyntaxError error;  // when !ok
  // Accepted with a remark: a missing ';' before a `let` that starts a new line.
  std::vector<SyntaxError> warnings;
};

// The tree as an S-expression, one node per parenthesis: (kind "text" kids…). Tests compare it.
std::string Dump(const Node& node);

// Parses a whole query text: `let` statements, the tabular expression and its pipes.
ParseResult Parse(std::string_view text);

// 1-based line and column of a byte offset, for messages.
std::pair<uint32_t, uint32_t> LineColumn(std::string_view text, uint32_t offset);

}  // namespace quarry::kql
