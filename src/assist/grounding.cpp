#include "assist/grounding.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "assist/builtin_internal.h"
#include "assist/knowledge.h"
#include "assist/rule_reader.h"
#include "assist/words.h"
#include "core/strings.h"
#include "query/run_query.h"
#include "store/case.h"

namespace quarry::assist {
namespace {

using kql::Node;
using kql::NodeKind;

bool IsComparison(const std::string& op) {
  return op == "==" || op == "!=" || op == "in" || op == "!in" || op == "in~" || op == "!in~";
}

class LiteralCollector {
 public:
  explicit LiteralCollector(std::vector<FilterLiteral>& out) : out_(out) {}

  void Script(const Node& n) {
    if (n.kind == NodeKind::kOperator && (n.text == "where" || n.text == "filter") &&
        !n.kids.empty()) {
      Predicate(n.kids[0], false, false);
      for (size_t i = 1; i < n.kids.size(); ++i) Script(n.kids[i]);
      return;
    }
    for (const Node& k : n.kids) Script(k);
  }

 private:
  // `compared`: a number here is compared with a column (==, !=, in, !in).
  void Predicate(const Node& n, bool negated, bool compared) {
    switch (n.kind) {
      case NodeKind::kString:
        out_.push_back(FilterLiteral{n.text, negated, false, n.span});
        return;
      case NodeKind::kNumber:
        if (compared) out_.push_back(FilterLiteral{n.text, negated, true, n.span});
        return;
      case NodeKind::kUnary:  // not x
      case NodeKind::kCall:   // not(x)
        if (n.text == "not") negated = !negated;
        break;
      case NodeKind::kBetween:
        if (n.text == "!between") negated = !negated;
        break;
      case NodeKind::kBinary: {
        bool column_side = std::any_of(n.kids.begin(), n.kids.end(),
                                       [](const Node& k) { return k.kind == NodeKind::kName; });
        bool compares = IsComparison(n.text) && column_side;
        bool flips = !n.text.empty() && n.text[0] == '!';
        for (const Node& k : n.kids) Predicate(k, flips ? !negated : negated, compares);
        return;
      }
      case NodeKind::kPipe:
        Script(n);  // a subquery (in (T | where …))
        return;
      default:
        break;
    }
    for (const Node& k : n.kids) Predicate(k, negated, compared && n.kind == NodeKind::kList);
  }

  std::vector<FilterLiteral>& out_;
};

// IPv4 addresses written with leading zeros (010.000.001.015) read as the address they are.
std::string CanonicalIps(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    int parts = 0;
    std::string canonical;
    while (parts < 4) {
      size_t start = j;
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])) &&
             j - start < 4) {
        ++j;
      }
      if (j == start || j - start > 3) break;
      size_t first = start;
      while (first + 1 < j && text[first] == '0') ++first;
      canonical.append(text.substr(first, j - first));
      ++parts;
      if (parts < 4) {
        if (j >= text.size() || text[j] != '.') break;
        canonical += '.';
        ++j;
      }
    }
    bool boundary_before = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
    if (parts == 4 && boundary_before) {
      out += canonical;
      i = j;
    } else {
      out += text[i];
      ++i;
    }
  }
  return out;
}

// Words that say nothing of their own in a value: file extensions and address suffixes.
bool NeutralWord(const std::string& w) {
  static const std::set<std::string> kNeutral = {"exe", "dll", "sys",  "com",   "net",
                                                 "org", "www", "http", "https", "amazonaws"};
  return kNeutral.count(w) > 0 || EscapeWord(w);
}

// The literals of a condition text (a knowledge entry's or the vocabulary's).
void AddConditionLiterals(std::string_view condition, std::set<std::string>& out) {
  kql::ParseResult parsed = kql::Parse("T | where " + std::string(condition));
  for (const FilterLiteral& l : FilterLiterals(parsed.script)) out.insert(AsciiToLower(l.value));
}

const std::set<std::string>& KnownLiterals() {
  static const std::set<std::string> kKnown = [] {
    std::set<std::string> known;
    for (const KnowledgeEntry& e : Knowledge()) AddConditionLiterals(e.condition, known);
    for (const builtin::Activity& a : builtin::Activities()) {
      if (!a.filter.empty()) AddConditionLiterals(a.filter, known);
    }
    for (const std::string& literal : builtin::ConceptLiterals()) {
      known.insert(AsciiToLower(literal));
    }
    return known;
  }();
  return kKnown;
}

std::string_view TrimDecoration(std::string_view v) {
  while (!v.empty() && (v.front() == '\\' || v.front() == '/' || v.front() == '*' ||
                        v.front() == '%' || v.front() == ' ')) {
    v.remove_prefix(1);
  }
  while (!v.empty() && (v.back() == '\\' || v.back() == '/' || v.back() == '*' || v.back() == '%' ||
                        v.back() == ' ')) {
    v.remove_suffix(1);
  }
  return v;
}

struct Occurrence {
  std::string column;
  int64_t events = 0;
};

// Where the literal occurs in `table`: each column holding it (a string containing it, ASCII
// case aside; a number equal to it), with how many events.
Result<std::vector<Occurrence>> Occurrences(const store::Case& c, const kql::TableSchema& table,
                                            const FilterLiteral& literal) {
  std::vector<const kql::Column*> columns;
  // Counted by KQL, so that the events are read where they are (SQLite or ClickHouse).
  std::string text = builtin::KqlName(table.name) + " | summarize ";
  std::string lowered = AsciiToLower(literal.value);
  long long as_number = literal.number ? std::strtoll(literal.value.c_str(), nullptr, 0) : 0;
  for (const kql::Column& column : table.columns) {
    bool is_text = column.type == kql::Type::kString || column.type == kql::Type::kDynamic;
    bool number =
        literal.number && (column.type == kql::Type::kLong || column.type == kql::Type::kInt);
    if ((!is_text && !number) || column.name.rfind('_', 0) == 0) continue;
    std::string name = builtin::KqlName(column.name);
    text += columns.empty() ? "" : ", ";
    text += "c" + std::to_string(columns.size()) + " = countif(" +
            (is_text ? "tostring(" + name + ") contains " + builtin::KqlQuote(lowered)
                     : name + " == " + std::to_string(as_number)) +
            ")";
    columns.push_back(&column);
  }
  std::vector<Occurrence> found;
  if (columns.empty()) return found;
  QUARRY_ASSIGN_OR_RETURN(auto result, query::RunQuery(c.dir(), text, query::QueryOptions{}));
  if (!result.ran || result.rows.size() != 1) {
    return Internal("counting '" + literal.value + "' in " + table.name + " did not run");
  }
  const std::vector<Value>& row = result.rows[0];
  for (size_t i = 0; i < columns.size() && i < row.size(); ++i) {
    int64_t n = row[i].type() == ValueType::kLong ? row[i].as_long() : 0;
    if (n > 0) found.push_back(Occurrence{table.name + "." + columns[i]->name, n});
  }
  return found;
}

void TablesRead(const Node& n, const kql::Catalog& catalog, std::vector<std::string>& out) {
  if (n.kind == NodeKind::kName && catalog.Find(n.text) != nullptr &&
      std::find(out.begin(), out.end(), n.text) == out.end()) {
    out.push_back(n.text);
  }
  for (const Node& k : n.kids) TablesRead(k, catalog, out);
}

}  // namespace

std::vector<FilterLiteral> FilterLiterals(const kql::Node& script) {
  std::vector<FilterLiteral> out;
  LiteralCollector(out).Script(script);
  return out;
}

bool IsGrounded(const FilterLiteral& literal, const GroundingSources& sources) {
  std::string value = CanonicalIps(AsciiToLower(TrimDecoration(literal.value)));
  if (value.empty()) return true;
  if (KnownLiterals().count(AsciiToLower(literal.value)) > 0 || KnownLiterals().count(value) > 0) {
    return true;
  }
  for (const std::string& q : sources.person_queries) {
    if (AsciiToLower(q).find(value) != std::string::npos) return true;
  }
  std::vector<std::string> typed_words;
  for (const std::string& text : sources.typed) {
    std::string lowered = CanonicalIps(AsciiToLower(text));
    if (lowered.find(value) != std::string::npos) return true;
    for (std::string& w : WordParts(lowered)) typed_words.push_back(std::move(w));
  }
  bool any = false;
  for (const std::string& w : WordParts(literal.value)) {
    if (NeutralWord(w)) continue;
    bool found = std::any_of(typed_words.begin(), typed_words.end(),
                             [&](const std::string& t) { return SameOrSynonym(w, t); });
    if (!found) return false;
    any = true;
  }
  return any;
}

Result<std::vector<Finding>> CheckGrounding(const store::Case& c, const kql::Catalog& catalog,
                                            std::string_view query,
                                            const GroundingSources& sources) {
  std::vector<Finding> findings;
  kql::ParseResult parsed = kql::Parse(query);
  if (!parsed.ok) return findings;  // the verifier reports the syntax error
  std::vector<std::string> tables;
  TablesRead(parsed.script, catalog, tables);
  for (const FilterLiteral& literal : FilterLiterals(parsed.script)) {
    if (IsGrounded(literal, sources)) continue;
    std::vector<Occurrence> where;
    for (const std::string& name : tables) {
      QUARRY_ASSIGN_OR_RETURN(auto found, Occurrences(c, *catalog.Find(name), literal));
      where.insert(where.end(), found.begin(), found.end());
    }
    if (where.empty()) continue;
    std::sort(where.begin(), where.end(),
              [](const Occurrence& a, const Occurrence& b) { return a.events > b.events; });
    std::string seen;
    for (size_t i = 0; i < where.size() && i < 3; ++i) {
      seen += (i ? ", " : "") + where[i].column + " (" + std::to_string(where[i].events) +
              (where[i].events == 1 ? " event)" : " events)");
    }
    if (where.size() > 3) seen += ", …";
    Finding f;
    f.severity = literal.negated ? Severity::kError : Severity::kWarning;
    f.code = "hunt.ungrounded_literal";
    f.message = "'" + literal.value +
                "' comes from no question, refinement, knowledge entry or edit of yours, but "
                "occurs in the evidence (" +
                seen + ")" +
                (literal.negated ? ": an exclusion nobody asked for would hide those events"
                                 : ": a condition nobody asked for");
    f.suggestion = literal.negated ? "remove it, or edit the query to keep it (it is then yours)"
                                   : "check it, or edit the query to make it yours";
    f.where.file = "draft";
    f.where.offset = literal.span.begin;
    f.where.length = literal.span.end - literal.span.begin;
    f.where.has_offset = true;
    findings.push_back(std::move(f));
  }
  return findings;
}

}  // namespace quarry::assist
