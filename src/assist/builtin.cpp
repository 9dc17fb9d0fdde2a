// The built-in provider: reads the question (over the earlier ones, for a refinement) into a
// HuntSpec and writes it as KQL, explaining each step.
#include <algorithm>
#include <cctype>

#include <deque>
#include <set>

#include "assist/builtin_internal.h"
#include "assist/linker.h"
#include "assist/rule_reader.h"
#include "assist/words.h"
#include "core/strings.h"
#include "kql/ast.h"

namespace quarry::assist {
namespace {

using builtin::Aggregation;
using builtin::Entity;
using builtin::HuntSpec;

class KqlWriter {
 public:
  static std::string Condition(const builtin::Filter& f, const std::string& field);

  KqlWriter(const HuntSpec& spec, const kql::Catalog* catalog, std::string default_scope,
            Draft& draft)
      : spec_(spec), catalog_(catalog), default_scope_(std::move(default_scope)), draft_(draft) {}

  void Write() {
    const builtin::Activity& a = *spec_.activity;
    std::string query(a.table);
    std::string explanation =
        "Looks for " + std::string(a.description) + " in " + std::string(a.table);
    draft_.mapping.push_back("'" + spec_.activity_said + "' → " + std::string(a.table) +
                             (a.filter.empty() ? "" : " where " + std::string(a.filter)));
    if (!spec_.time_kql.empty()) {
      query += "\n| where " + spec_.time_kql;
      std::string when = spec_.time_said;
      if (when.rfind("last", 0) == 0 || when.rfind("past", 0) == 0) when = "in the " + when;
      explanation += ", " + when + " (" + spec_.time_kql + ")";
      draft_.mapping.push_back("'" + spec_.time_said + "' → " + spec_.time_kql);
    } else {
      explanation += " over " + (default_scope_.empty() ? "the whole case" : default_scope_) +
                     ", as the question gave no time range";
    }
    if (!a.filter.empty()) query += "\n| where " + std::string(a.filter);
    std::vector<std::string> described;
    for (const builtin::Filter& f : spec_.filters) {
      std::string field = Field(f.entity, f.said);
      if (field.empty()) continue;
      std::string condition = Condition(f, field);
      query += "\n| where " + condition;
      NoteColumns(condition);
      described.push_back(Describe(f, field));
      draft_.mapping.push_back("'" + f.said + "' → " + condition);
    }
    for (const auto& [condition, said] : spec_.conditions) {
      query += "\n| where " + condition;
      NoteColumns(condition);
      described.push_back(condition);
    }
    for (size_t i = 0; i < described.size(); ++i) {
      explanation += (i == 0                      ? ", where "
                      : i + 1 == described.size() ? " and "
                                                  : ", ") +
                     described[i];
    }
    query += Aggregate(explanation);
    draft_.query = query;
    draft_.explanation = explanation + ".";
    draft_.techniques = a.techniques;
  }

 private:
  std::string Field(Entity e, const std::string& said) {
    std::string field = builtin::FieldFor(spec_, e, catalog_);
    if (field.empty()) {
      draft_.not_understood.push_back("'" + said +
                                      "': " + std::string(spec_.activity->description) +
                                      " have no " + builtin::EntityName(e) + " field");
    }
    return field;
  }

  // The columns a condition tests, as the KQL parser reads it: a listing shows them, so a person
  // sees why each event was kept ("not kerberos" shows the authentication package).
  void NoteColumns(const std::string& condition) {
    kql::ParseResult parsed = kql::Parse("T | where " + condition);
    if (parsed.ok) NamesIn(parsed.script);
  }
  void NamesIn(const kql::Node& n) {
    if (n.kind == kql::NodeKind::kName && n.text != "T" &&
        std::find(condition_columns_.begin(), condition_columns_.end(), n.text) ==
            condition_columns_.end()) {
      condition_columns_.push_back(n.text);
    }
    for (const kql::Node& k : n.kids) NamesIn(k);
  }

  static std::string Quote(const std::string& v);
  static std::string Describe(const builtin::Filter& f, const std::string& field);

  std::string Aggregate(std::string& explanation) {
    std::vector<std::string> by;
    std::vector<std::string> names;
    if (!spec_.bin.empty()) {
      by.push_back("bin(TimeGenerated, " + spec_.bin + ")");
      names.push_back("TimeGenerated");
    }
    for (Entity e : spec_.groups) {
      std::string field = Field(e, std::string("by ") + builtin::EntityName(e));
      if (field.empty()) continue;
      std::string name = Named(e, field);
      std::string& item = by.emplace_back(name);
      if (name != field) item.append(" = ").append(field);
      names.push_back(name);
      draft_.mapping.push_back(std::string("'") + builtin::EntityName(e) + "' → " + field);
    }
    for (const std::string& column : spec_.group_columns) {
      if (std::find(names.begin(), names.end(), column) != names.end()) continue;
      by.push_back(builtin::KqlName(column));
      names.push_back(builtin::KqlName(column));
    }
    std::string by_clause;
    for (size_t i = 0; i < by.size(); ++i) by_clause += (i ? ", " : " by ") + by[i];
    std::string per;
    for (size_t i = 0; i < names.size(); ++i) per += (i ? " and " : "") + names[i];
    std::string threshold;
    if (!spec_.threshold_op.empty()) {
      threshold = "\n| where Count " + spec_.threshold_op + " " + std::to_string(spec_.threshold);
    }
    Aggregation kind = spec_.aggregation;
    if ((kind == Aggregation::kTop || kind == Aggregation::kRare ||
         kind == Aggregation::kDistinct) &&
        names.empty()) {
      draft_.not_understood.push_back("'" + spec_.aggregation_said +
                                      "': of what? Name a field (top 5 users, rare processes)");
      kind = Aggregation::kCount;
    }
    if (!spec_.aggregation_said.empty()) {
      draft_.mapping.push_back("'" + spec_.aggregation_said + "' → " + AggregationWord(kind));
    }
    std::string keep = threshold.empty() ? ""
                                         : ", keeping those with a count " + spec_.threshold_op +
                                               " " + std::to_string(spec_.threshold);
    int limit = spec_.limit > 0 ? spec_.limit : 10;
    std::string order =
        spec_.bin.empty() ? "\n| sort by Count desc" : "\n| sort by TimeGenerated asc";
    switch (kind) {
      case Aggregation::kNone: {
        // Events found by a value or a name, with no known kind: every column of them is shown,
        // since nothing says which matter.
        if (spec_.activity->key == "value" || spec_.activity->key == "entity") {
          explanation += ", and lists the matching events, every column, oldest first";
          return "\n| sort by TimeGenerated asc";
        }
        std::string columns = "TimeGenerated";
        std::vector<std::string> seen = {"TimeGenerated"};
        for (const auto& [entity, column] : spec_.activity->fields) {
          std::string field = builtin::FieldFor(spec_, entity, catalog_);
          std::string name = Named(entity, field);
          if (field.empty() || std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
          seen.push_back(name);
          columns.append(", ").append(builtin::KqlName(name));
          if (name != field) columns.append(" = ").append(field);
        }
        std::vector<std::string_view> shown = spec_.activity->shown;
        const kql::TableSchema* table =
            catalog_ != nullptr ? catalog_->Find(spec_.activity->table) : nullptr;
        // Only names the table has are kept below: operators and functions drop out.
        if (table != nullptr) {
          for (const std::string& column : condition_columns_) shown.emplace_back(column);
        }
        for (std::string_view column : builtin::ContextColumns(spec_.activity->table)) {
          shown.push_back(column);
        }
        for (std::string_view column : shown) {
          if (std::find(seen.begin(), seen.end(), column) != seen.end()) continue;
          if (table != nullptr && table->Find(column) == nullptr) continue;
          seen.emplace_back(column);
          columns.append(", ").append(builtin::KqlName(column));
        }
        for (const std::string& expression : spec_.shown_expressions) {
          columns.append(", ").append(expression);
        }
        if (spec_.edge != 0) {
          explanation += spec_.edge > 0 ? ", and shows the first of them"
                                        : ", and shows the last "
                                          "of them";
          return "\n| project " + columns + ", _eid\n| top 1 by TimeGenerated " +
                 (spec_.edge > 0 ? "asc" : "desc");
        }
        explanation += ", and lists the matching events oldest first";
        return "\n| project " + columns + ", _eid\n| sort by TimeGenerated asc";
      }
      case Aggregation::kCount:
        explanation +=
            by.empty() ? ", and counts them"
                       : ", counted per " + per + keep + (spec_.bin.empty() ? ", most first" : "");
        return "\n| summarize Count = count()" + by_clause + threshold + (by.empty() ? "" : order);
      case Aggregation::kTop:
        explanation +=
            ", counted per " + per + keep + ", the " + std::to_string(limit) + " most frequent";
        return "\n| summarize Count = count()" + by_clause + threshold + "\n| top " +
               std::to_string(limit) + " by Count desc";
      case Aggregation::kRare:
        explanation +=
            ", counted per " + per + keep + ", the " + std::to_string(limit) + " least frequent";
        return "\n| summarize Count = count()" + by_clause + threshold + "\n| top " +
               std::to_string(limit) + " by Count asc";
      case Aggregation::kDistinct:
        if (!threshold.empty()) {
          explanation += ", counted per " + per + keep;
          return "\n| summarize Count = count()" + by_clause + threshold + order;
        }
        explanation += ", listing each distinct " + per;
        // `summarize by` is `distinct` that also takes expressions (Role = tostring(…)).
        return "\n| summarize by " + Join(by) + "\n| sort by " + Join(names) + " asc";
      case Aggregation::kDcount: {
        std::string field = spec_.has_target ? Field(spec_.target, spec_.aggregation_said) : "";
        // "how many distinct regions": the column the linker found is what is counted, not a
        // grouping.
        if (field.empty() && !spec_.group_columns.empty()) {
          field = spec_.group_columns.front();
          auto at = std::find(by.begin(), by.end(), field);
          if (at != by.end()) {
            names.erase(names.begin() + (at - by.begin()));
            by.erase(at);
          }
          by_clause.clear();
          per.clear();
          for (size_t i = 0; i < by.size(); ++i) by_clause += (i ? ", " : " by ") + by[i];
          for (size_t i = 0; i < names.size(); ++i) per += (i ? " and " : "") + names[i];
        }
        if (field.empty()) {
          explanation += ", and counts them";
          return "\n| summarize Count = count()" + by_clause + threshold;
        }
        explanation +=
            ", counting the distinct values of " + field + (per.empty() ? "" : " per " + per);
        if (!threshold.empty()) {
          explanation += ", keeping those with " + spec_.threshold_op + " " +
                         std::to_string(spec_.threshold) + " distinct values";
          threshold.replace(threshold.find("Count"), 5, "DistinctCount");
        }
        return "\n| summarize DistinctCount = dcount(" + field + ")" + by_clause + threshold +
               (by.empty() ? "" : "\n| sort by DistinctCount desc");
      }
      case Aggregation::kFirstLast:
        explanation += ", with when each " + (per.empty() ? std::string("kind") : per) +
                       " was first and last seen" + keep;
        return "\n| summarize FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated), "
               "Count = count()" +
               by_clause + threshold + "\n| sort by FirstSeen asc";
    }
    return "";
  }

  static std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out;
  }

  static std::string AggregationWord(Aggregation kind) {
    switch (kind) {
      case Aggregation::kCount:
        return "summarize count()";
      case Aggregation::kTop:
        return "summarize count() | top N by Count desc";
      case Aggregation::kRare:
        return "summarize count() | top N by Count asc";
      case Aggregation::kDistinct:
        return "distinct";
      case Aggregation::kDcount:
        return "dcount()";
      case Aggregation::kFirstLast:
        return "min/max(TimeGenerated)";
      case Aggregation::kNone:
        break;
    }
    return "";
  }

  static std::string Named(Entity e, const std::string& field);

  const HuntSpec& spec_;
  const kql::Catalog* catalog_;
  std::string default_scope_;
  Draft& draft_;
  std::vector<std::string> condition_columns_;
};

// An IPv4 address without leading zeros in its parts.
std::string CanonicalIp(const std::string& ip) {
  std::string out;
  size_t i = 0;
  while (i < ip.size()) {
    if (std::isdigit(static_cast<unsigned char>(ip[i]))) {
      size_t j = i;
      while (j < ip.size() && std::isdigit(static_cast<unsigned char>(ip[j]))) ++j;
      size_t first = i;
      while (first + 1 < j && ip[first] == '0') ++first;
      out.append(ip, first, j - first);
      i = j;
    } else {
      out += ip[i++];
    }
  }
  return out;
}

std::string KqlWriter::Quote(const std::string& v) { return builtin::KqlQuote(v); }

// The name a grouping column gets: the column itself, or the entity for an expression.
std::string KqlWriter::Named(Entity e, const std::string& field) {
  if (field.find('(') == std::string::npos) return field;
  std::string name;
  bool upper = true;
  for (char c : std::string(builtin::EntityName(e))) {
    if (c == ' ') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

std::string KqlWriter::Condition(const builtin::Filter& f, const std::string& field) {
  std::string c;
  if (f.kind == "ip") {
    // Addresses are written with leading zeros too (010.000.001.015), in questions and in
    // evidence: compared as addresses, and as a term where a field holds more than one.
    std::string ip = CanonicalIp(f.value);
    c = "(" + field + " has " + Quote(ip) + " or parse_ipv4(" + field + ") == parse_ipv4(" +
        Quote(ip) + "))";
  } else if (f.kind == "in_range") {
    c = "ipv4_is_in_range(" + field + ", " + Quote(f.value) + ")";
  } else if (f.kind == "private") {
    c = "ipv4_is_private(" + field + ")";
  } else if (f.kind == "public") {
    c = "not(ipv4_is_private(" + field + "))";
  } else if (f.kind == "eq_num") {
    c = field + " == " + f.value;
  } else if (f.kind == "endswith" &&
             (f.entity == Entity::kProcess || f.entity == Entity::kParent)) {
    // An executable's name: the end of its path (a full path is compared whole).
    c = f.value.find('\\') != std::string::npos ? field + " =~ " + Quote(f.value)
                                                : field + " endswith " + Quote("\\" + f.value);
  } else if (f.kind == "endswith") {
    c = field + " endswith " + Quote(f.value);
  } else if (f.kind == "contains") {
    c = field + " contains " + Quote(f.value);
  } else if (f.entity == Entity::kHost) {
    c = "(" + field + " =~ " + Quote(f.value) + " or " + field + " startswith " +
        Quote(f.value + ".") + ")";
  } else if (f.entity == Entity::kUser && f.value.find('\\') == std::string::npos) {
    // Windows writes users as DOMAIN\user in some events and bare in others.
    c = "(" + field + " =~ " + Quote(f.value) + " or " + field + " endswith " +
        Quote("\\" + f.value) + ")";
  } else if (f.entity == Entity::kApiCall) {
    c = field + " == " + Quote(f.value);
  } else {
    c = field + " =~ " + Quote(f.value);
  }
  if (f.negated) {
    if (f.kind == "public") return "ipv4_is_private(" + field + ")";
    return "not(" + c + ")";
  }
  return c;
}

std::string KqlWriter::Describe(const builtin::Filter& f, const std::string& field) {
  std::string is = f.negated ? " is not " : " is ";
  if (f.kind == "private" || f.kind == "public") {
    bool is_private = (f.kind == "private") != f.negated;
    return field + " is a " + (is_private ? "private" : "public") + " address";
  }
  if (f.kind == "in_range") return field + (f.negated ? " is outside " : " is in ") + f.value;
  if (f.kind == "endswith" && f.entity != Entity::kProcess && f.entity != Entity::kParent) {
    return field + (f.negated ? " does not end with '" : " ends with '") + f.value + "'";
  }
  if (f.kind == "endswith") return field + (f.negated ? " is not " : " is ") + f.value;
  if (f.kind == "contains") {
    return field + (f.negated ? " does not contain '" : " contains '") + f.value + "'";
  }
  return field + is + "'" + f.value + "'";
}

// How many things a question asks: its question words (who, which, what, where, whose).
size_t Asks(std::string_view question) {
  size_t asks = 0;
  for (const std::string& w : WordParts(question)) {
    asks +=
        (w == "who" || w == "whom" || w == "whose" || w == "which" || w == "what" || w == "where")
            ? 1
            : 0;
  }
  return asks;
}

class BuiltinProvider final : public Provider {
 public:
  std::string Name() const override { return "builtin"; }

  Result<Draft> Answer(const DraftRequest& request) override {
    Draft draft;
    draft.provider = Name();
    // A detection description is read by its own grammar first (rule_reader.h).
    if (request.detection && request.earlier_questions.empty() &&
        builtin::DraftDetection(request, draft)) {
      return draft;
    }
    HuntSpec spec;
    std::deque<builtin::LinkedActivity> linked;
    // The grammar reads what it knows; the words it leaves are linked to the case.
    auto read = [&](const std::string& question, Draft& into, bool narrowing) {
      const builtin::Activity* before = spec.activity;
      std::string before_said = spec.activity_said;
      std::vector<std::string> left = builtin::ParseQuestion(question, spec);
      // A narrowing refinement keeps the events it narrows: its verb ("only what upd.exe
      // launched") says how its values relate, not which events to look at.
      if (narrowing && before != nullptr) {
        spec.activity = before;
        spec.activity_said = before_said;
      }
      if (request.lookup == nullptr) return left;
      return builtin::LinkToCase(question, left, *request.lookup, request.catalog, spec, into,
                                 linked);
    };
    bool narrowing = false;
    if (!request.earlier_questions.empty()) {
      HuntSpec probe;
      builtin::ParseQuestion(request.question, probe);
      // A refinement names no events of its own, or starts by narrowing what went before
      // ("only what upd.exe launched").
      std::string first = AsciiToLower(request.question.substr(0, request.question.find(' ')));
      static const std::set<std::string> kNarrowing = {
          "only",      "just",   "and",     "also",   "but",    "exclude",
          "excluding", "except", "without", "narrow", "limit",  "restrict",
          "drop",      "skip",   "ignore",  "keep",   "remove", "hide"};
      narrowing = kNarrowing.count(first) > 0;
      if (probe.activity == nullptr || narrowing) {
        for (const std::string& q : request.earlier_questions) read(q, draft, false);
      }
    }
    for (std::string& word : read(request.question, draft, narrowing)) {
      draft.not_understood.push_back("'" + word + "'");
    }
    if (spec.activity == nullptr) {
      draft.explanation =
          "I could not tell which events the question is about. I understand failed and "
          "successful logons (RDP, network), process creations, encoded PowerShell, LSASS "
          "access, new services, network connections, DNS queries, file creations, registry "
          "changes, Kerberos tickets and Kerberoasting, AWS API calls, AssumeRole, console "
          "sign-ins, failed AWS calls, CloudTrail logging stopped, and alerts.";
      return draft;
    }
    // "who opened SSM sessions, and onto which instances?": a question asking several things
    // is answered by the events themselves, whose listing shows each of them, not by the
    // distinct values of one.
    size_t asks = Asks(request.question);
    for (const std::string& q : request.earlier_questions) asks += Asks(q);
    if (spec.aggregation == Aggregation::kDistinct && spec.threshold_op.empty() && asks >= 2) {
      spec.aggregation = Aggregation::kNone;
      spec.groups.clear();
      spec.group_columns.clear();
      draft.mapping.push_back("several things asked → the matching events, listed");
    }
    if (request.catalog != nullptr && request.catalog->Find(spec.activity->table) == nullptr) {
      draft.explanation = "This case has no " + std::string(spec.activity->table) +
                          " table, where " + std::string(spec.activity->description) + " would be.";
      return draft;
    }
    KqlWriter(spec, request.catalog, request.default_scope, draft).Write();
    return draft;
  }
};

}  // namespace

std::string builtin::FilterCondition(const Filter& f, const std::string& field) {
  return KqlWriter::Condition(f, field);
}

std::unique_ptr<Provider> MakeBuiltinProvider() {
  return std::make_unique<BuiltinProvider>();
}

}  // namespace quarry::assist
