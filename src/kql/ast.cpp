#include "kql/ast.h"

namespace quarry::kql {

const char* NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kScript:
      return "script";
    case NodeKind::kLet:
      return "let";
    case NodeKind::kFunction:
      return "function";
    case NodeKind::kParam:
      return "param";
    case NodeKind::kQuery:
      return "query";
    case NodeKind::kSkipped:
      return "skipped";
    case NodeKind::kPipe:
      return "pipe";
    case NodeKind::kOperator:
      return "operator";
    case NodeKind::kOption:
      return "option";
    case NodeKind::kAssign:
      return "assign";
    case NodeKind::kTuple:
      return "tuple";
    case NodeKind::kSortKey:
      return "sortkey";
    case NodeKind::kBy:
      return "by";
    case NodeKind::kOn:
      return "on";
    case NodeKind::kWith:
      return "with";
    case NodeKind::kTypeof:
      return "typeof";
    case NodeKind::kExpandItem:
      return "expand";
    case NodeKind::kRaw:
      return "raw";
    case NodeKind::kName:
      return "name";
    case NodeKind::kWildcard:
      return "wildcard";
    case NodeKind::kString:
      return "string";
    case NodeKind::kNumber:
      return "number";
    case NodeKind::kTimespan:
      return "timespan";
    case NodeKind::kDatetime:
      return "datetime";
    case NodeKind::kGuid:
      return "guid";
    case NodeKind::kBool:
      return "bool";
    case NodeKind::kNull:
      return "null";
    case NodeKind::kDynamic:
      return "dynamic";
    case NodeKind::kArray:
      return "array";
    case NodeKind::kObject:
      return "object";
    case NodeKind::kPair:
      return "pair";
    case NodeKind::kCall:
      return "call";
    case NodeKind::kUnary:
      return "unary";
    case NodeKind::kBinary:
      return "binary";
    case NodeKind::kBetween:
      return "between";
    case NodeKind::kList:
      return "list";
    case NodeKind::kMember:
      return "member";
    case NodeKind::kIndex:
      return "index";
  }
  return "?";
}

namespace {

void DumpTo(const Node& n, std::string& out) {
  out += '(';
  out += NodeKindName(n.kind);
  if (!n.text.empty() || n.kind == NodeKind::kString) {
    out += " \"";
    for (char c : n.text) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  if (!n.raw.empty()) out += " nulls-" + n.raw;
  for (const Node& kid : n.kids) {
    out += ' ';
    DumpTo(kid, out);
  }
  out += ')';
}

}  // namespace

std::string Dump(const Node& node) {
  std::string out;
  DumpTo(node, out);
  return out;
}

}  // namespace quarry::kql
