// Comparisons between a column and a literal of another type. Kusto rejects them, and an engine
// that runs them anyway compares by type, not value: `LogonType == 3` on a string column never
// matches. Only unambiguous cases are reported: a name of known scalar type against a literal.
#include <cstdlib>
#include <optional>

#include "core/strings.h"
#include "core/time.h"
#include "kql/binder_internal.h"
#include "kql/sql_gen.h"

namespace quarry::kql {
namespace {

enum class Kind : uint8_t { kOther, kNumber, kText, kTime, kSpan, kBool };

Kind OfType(Type type) {
  if (IsNumeric(type)) return Kind::kNumber;
  switch (type) {
    case Type::kString:
      return Kind::kText;
    case Type::kDateTime:
      return Kind::kTime;
    case Type::kTimespan:
      return Kind::kSpan;
    case Type::kBool:
      return Kind::kBool;
    default:
      return Kind::kOther;  // dynamic, guid, unknown
  }
}

const Node* Literal(const Node& n) {
  if (n.kind == NodeKind::kUnary && n.text == "-" && !n.kids.empty() &&
      n.kids[0].kind == NodeKind::kNumber) {
    return &n;
  }
  switch (n.kind) {
    case NodeKind::kString:
    case NodeKind::kNumber:
    case NodeKind::kDatetime:
    case NodeKind::kTimespan:
    case NodeKind::kBool:
      return &n;
    default:
      return nullptr;
  }
}

Kind OfLiteral(const Node& n) {
  switch (n.kind) {
    case NodeKind::kString:
      return Kind::kText;
    case NodeKind::kNumber:
    case NodeKind::kUnary:
      return Kind::kNumber;
    case NodeKind::kDatetime:
      return n.text == "null" ? Kind::kOther : Kind::kTime;
    case NodeKind::kTimespan:
      return Kind::kSpan;
    case NodeKind::kBool:
      return Kind::kBool;
    default:
      return Kind::kOther;
  }
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kNumber:
      return "a number";
    case Kind::kText:
      return "a string";
    case Kind::kTime:
      return "a datetime";
    case Kind::kSpan:
      return "a timespan";
    case Kind::kBool:
      return "a bool";
    default:
      return "a value";
  }
}

bool IsNumber(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

Node Converted(const Node& literal, NodeKind kind, std::string text) {
  Node out;
  out.kind = kind;
  out.span = literal.span;
  out.text = std::move(text);
  return out;
}

std::string Written(const Node& n) {
  switch (n.kind) {
    case NodeKind::kString:
      return "\"" + n.text + "\"";
    case NodeKind::kDatetime:
      return "datetime(" + n.text + ")";
    default:
      return n.text;
  }
}

}  // namespace

std::optional<Node> ConvertLiteral(const Node& literal, Type type) {
  if (Literal(literal) == nullptr) return std::nullopt;
  Kind target = OfType(type);
  Kind value = OfLiteral(literal);
  if (target == Kind::kOther || value == Kind::kOther || target == value) return std::nullopt;
  std::string text = literal.kind == NodeKind::kUnary ? "-" + literal.kids[0].text : literal.text;
  if (value == Kind::kText) {
    int64_t ticks = 0;
    if (target == Kind::kNumber && IsNumber(text))
      return Converted(literal, NodeKind::kNumber, text);
    if (target == Kind::kTime && ParseIsoTime(text)) {
      return Converted(literal, NodeKind::kDatetime, text);
    }
    if (target == Kind::kSpan && TimespanTicks(text, ticks)) {
      return Converted(literal, NodeKind::kTimespan, text);
    }
    std::string lower = AsciiToLower(text);
    if (target == Kind::kBool &&
        (lower == "true" || lower == "false" || text == "1" || text == "0")) {
      return Converted(literal, NodeKind::kBool, lower == "true" || text == "1" ? "true" : "false");
    }
    return std::nullopt;
  }
  if (target == Kind::kText && (value == Kind::kNumber || value == Kind::kBool)) {
    return Converted(literal, NodeKind::kString, text);
  }
  return std::nullopt;
}

void Binder::CheckComparison(const Node& name, Type type, const Node& other) {
  const Node* literal = Literal(other);
  if (name.kind != NodeKind::kName || literal == nullptr) return;
  Kind column = OfType(type);
  Kind value = OfLiteral(*literal);
  if (column == Kind::kOther || value == Kind::kOther || column == value) return;
  std::string source(text_.substr(literal->span.begin, literal->span.end - literal->span.begin));
  if (std::optional<Node> converted = ConvertLiteral(*literal, type)) {
    // Kusto converts the literal to the column's type, and so does quarry query.
    Report(Severity::kInfo, "kql.type_mismatch",
           "'" + name.text + "' holds " + std::string(TypeName(type)) + " values; " + source +
               " is compared as " + Written(*converted),
           literal->span, "write " + Written(*converted) + " to say so");
    return;
  }
  if (value != Kind::kText) return;  // numbers against datetimes and the like: left to Kusto
  Report(Severity::kError, "kql.type_mismatch",
         "'" + name.text + "' holds " + std::string(TypeName(type)) +
             " values but is compared with the string " + source + ", which is not " +
             KindName(column) + ": the comparison never matches",
         literal->span, "compare with " + std::string(KindName(column)) + ", or convert one side");
}

}  // namespace quarry::kql
