// A detection description read into KQL (rule_reader.h): which events, from event ids said
// ("Security 4688", "Sysmon 13"), the question grammar's kinds of events or the knowledge
// table; the conditions (rule_clauses.cpp); a threshold, its window and what one group is.
#include "assist/rule_reader.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "assist/builtin_reader.h"
#include "assist/knowledge.h"
#include "core/strings.h"

namespace quarry::assist::builtin {
namespace {

std::string Test(const std::string& column, const std::string& op, const std::string& value) {
  if (op == "isnotempty") return "isnotempty(" + column + ")";
  if (op == "in_range") return "ipv4_is_in_range(" + column + ", " + KqlQuote(value) + ")";
  if (op == "==" && IsNumber(value)) return column + " == " + value;
  return column + " " + op + " " + KqlQuote(value);
}

std::string ConditionKql(const RuleCondition& c) {
  std::string out;
  for (const auto& [op, value] : c.tests) {
    out += (out.empty() ? "" : " or ") + Test(c.column, op, value);
  }
  if (c.negated) return "not(" + out + ")";
  return c.tests.size() > 1 ? "(" + out + ")" : out;
}

// Words read as the threshold, its window or its group, which are no values.
void MarkThresholdWords(const std::vector<RuleWord>& w, std::vector<bool>& used) {
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i].shape != ValueShape::kNumber) continue;
    std::string prev = i > 0 ? w[i - 1].lower : "";
    std::string next = i + 1 < w.size() ? w[i + 1].lower : "";
    if (next == "or" || next == "+" || prev == "than" || prev == "least" || prev == "within" ||
        prev == "inside" || prev == "in" || prev == "over" || prev == "last" || prev == "top" ||
        next.rfind("minute", 0) == 0 || next.rfind("second", 0) == 0 ||
        next.rfind("hour", 0) == 0 || next.rfind("day", 0) == 0 || next == "times" ||
        next == "distinct" || next == "different" || next == "unique") {
      used[i] = true;
    }
  }
}

// Security account management events (4720-4767: accounts and groups created, changed,
// deleted): their subject is the account acting, their target the account acted on.
bool AccountManagement(const std::string& base) {
  static const std::regex kId(R"(EventID == (47[2-5][0-9]|476[0-7])\b)");
  return std::regex_search(base, kId);
}

// What one group of a threshold is: "a single source IP", "the same user on one host", "one
// IAM identity (userIdentity.arn)", "an account that …".
std::vector<std::string> GroupColumns(const std::vector<RuleWord>& w, const RuleSource& source,
                                      const kql::TableSchema* schema) {
  std::vector<std::string> out;
  auto add = [&](const std::string& c) {
    if (!c.empty() && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  for (size_t i = 0; i < w.size(); ++i) {
    bool one = w[i].lower == "one" || w[i].lower == "single" || w[i].lower == "same" ||
               w[i].lower == "given" || w[i].lower == "each" || w[i].lower == "per" ||
               w[i].lower == "specific" ||
               // "a single process on a host": the host is a group too.
               (w[i].lower == "a" && i > 0 && w[i - 1].lower == "on" && !out.empty());
    bool subject = (w[i].lower == "an" || w[i].lower == "a") &&
                   (i == 0 || w[i - 1].lower == "flag" || w[i - 1].lower == "when" ||
                    w[i - 1].lower == "detect" || w[i - 1].lower == "find");
    if (!one && !subject) continue;
    for (size_t k = i + 1; k < w.size() && k <= i + 4; ++k) {
      std::string column;
      // "one IAM identity (by ARN)"
      if (w[k].lower == "arn" && schema != nullptr && schema->Find("UserIdentityArn") != nullptr) {
        add("UserIdentityArn");
        break;
      }
      if (ColumnAt(w, k, schema, column) && column != "TimeGenerated") {
        add(column);
        break;
      }
      bool found = false;
      for (const auto& [phrase, entity] : EntityWords()) {
        size_t n = 0;
        std::string joined;
        for (size_t j = k; j < w.size(); ++j) {
          joined += (joined.empty() ? "" : " ") + w[j].lower;
          ++n;
          if (joined.size() >= phrase.size()) break;
        }
        if (joined != phrase) continue;
        // "an account that …", "when a host runs …": the subject of the rule.
        bool relative = k + n < w.size() && (w[k + n].lower == "that" ||
                                             w[k + n].lower == "which" || w[k + n].lower == "who");
        bool verb = k + n < w.size() && i > 0 && w[i - 1].lower == "when" &&
                    w[k + n].shape == ValueShape::kNone && !IsStopWord(w[k + n].lower);
        if (subject && !relative && !verb) break;
        Entity e = entity;
        // "from one workstation": a logon's or ticket's client, not the host that logged it.
        if (e == Entity::kHost && i > 0 && w[i - 1].lower == "from" &&
            source.table == "SecurityEvent") {
          e = Entity::kIp;
        }
        std::string c = ColumnFor(source, e, schema);
        if (c.empty() && e == Entity::kSourceIp) c = ColumnFor(source, Entity::kIp, schema);
        // Account management (Security 47xx): the account that acts is the subject.
        if (e == Entity::kUser && AccountManagement(source.base) && schema != nullptr &&
            schema->Find("SubjectUserName") != nullptr) {
          c = "SubjectUserName";
        }
        add(c);
        found = true;
        break;
      }
      if (found || w[k].list_after || w[k].sentence_end) break;
    }
  }
  return out;
}

std::string JoinedBy(const std::vector<std::string>& parts, std::string_view by) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : std::string(by)) + p;
  return out;
}

// A heading's value that an exclusion then removes ("Detect renamed PowerShell: … the Image
// does not end in \\powershell.exe") says what the rule is about, not a condition; and a base
// test on a column the description lists alternatives for ("StopLogging or DeleteTrail") gives
// way to them.
void DropContradictions(std::vector<RuleCondition>& conditions, RuleSource& source) {
  auto excluded = [&](const RuleCondition& c) {
    for (const RuleCondition& n : conditions) {
      if (!n.negated || n.column != c.column) continue;
      bool all = true;
      for (const auto& t : c.tests) {
        bool found = false;
        for (const auto& u : n.tests) {
          found |= u.first == t.first && AsciiToLower(u.second) == AsciiToLower(t.second);
        }
        all &= found;
      }
      if (all) return true;
    }
    return false;
  };
  // "comsvcs.dll: … contains comsvcs": the weaker of two tests of one column is the rule's.
  auto implied = [&](size_t i) {
    const RuleCondition& c = conditions[i];
    if (c.negated || c.tests.size() != 1 || c.tests[0].first != "contains") return false;
    std::string v = AsciiToLower(c.tests[0].second);
    for (size_t k = 0; k < conditions.size(); ++k) {
      const RuleCondition& o = conditions[k];
      if (k == i || o.negated || o.column != c.column || o.tests.size() != 1 ||
          o.tests[0].first != "contains") {
        continue;
      }
      std::string u = AsciiToLower(o.tests[0].second);
      if (u.size() < v.size() && v.find(u) != std::string::npos) return true;
    }
    return false;
  };
  std::vector<bool> drop(conditions.size());
  for (size_t i = 0; i < conditions.size(); ++i) {
    drop[i] =
        !conditions[i].negated && (excluded(conditions[i]) ? conditions[i].heading : implied(i));
  }
  // An exclusion of what the rule is about ("Hashing … with certutil … should not alert", in
  // a rule on certutil) excludes other uses of it, not the program: it goes.
  for (size_t i = 0; i < conditions.size(); ++i) {
    const RuleCondition& n = conditions[i];
    if (!n.negated) continue;
    for (size_t k = 0; k < conditions.size(); ++k) {
      const RuleCondition& p = conditions[k];
      if (!drop[k] && !p.negated && p.column == n.column && p.tests.size() == n.tests.size() &&
          std::equal(
              p.tests.begin(), p.tests.end(), n.tests.begin(), [](const auto& a, const auto& b) {
                return a.first == b.first && AsciiToLower(a.second) == AsciiToLower(b.second);
              })) {
        drop[i] = true;
      }
    }
  }
  std::vector<RuleCondition> kept;
  for (size_t i = 0; i < conditions.size(); ++i) {
    if (!drop[i]) kept.push_back(std::move(conditions[i]));
  }
  conditions = std::move(kept);
  for (const RuleCondition& c : conditions) {
    if (!c.negated && c.column == "EventName" && source.base.rfind("EventName == ", 0) == 0 &&
        source.base.find(" and ") == std::string::npos) {
      source.base.clear();
    }
  }
}

// "5 or more different accounts", "10 or more distinct destination IPs": what is counted.
std::string DistinctTarget(const std::vector<RuleWord>& w, const RuleSource& source,
                           const kql::TableSchema* schema) {
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    if (w[i].lower != "different" && w[i].lower != "distinct" && w[i].lower != "unique") continue;
    std::string column;
    if (ColumnAt(w, i + 1, schema, column) > 0) return column;
    for (const auto& [phrase, entity] : EntityWords()) {
      std::string joined;
      for (size_t j = i + 1; j < w.size() && joined.size() < phrase.size(); ++j) {
        joined += (joined.empty() ? "" : " ") + w[j].lower;
      }
      if (joined == phrase) {
        std::string c = ColumnFor(source, entity, schema);
        if (c.empty() && entity == Entity::kSourceIp) c = ColumnFor(source, Entity::kIp, schema);
        if (!c.empty()) return c;
      }
    }
  }
  return "";
}

}  // namespace

bool DraftDetection(const DraftRequest& request, Draft& draft) {
  std::string text = NumberWordsAsDigits(request.question);
  std::vector<RuleWord> words = RuleWords(text);
  std::vector<bool> used(words.size(), false);
  HuntSpec spec;
  ParseQuestion(text, spec);
  std::string lower = AsciiToLower(text);
  RuleSource source = SourceOf(request, words, used, spec);
  if (source.table.empty()) return false;
  source.lookup = request.lookup;
  const kql::TableSchema* schema =
      request.catalog != nullptr ? request.catalog->Find(source.table) : nullptr;
  if (request.catalog != nullptr && schema == nullptr) return false;
  MarkThresholdWords(words, used);
  std::vector<RuleCondition> conditions = ReadConditions(words, used, source, schema);
  DropContradictions(conditions, source);
  // "Successful" CloudTrail calls carry no error code; a successful console sign-in says so in
  // its response.
  if (source.table == "AWSCloudTrail" && (lower.find("successful") != std::string::npos ||
                                          lower.find("succeeded") != std::string::npos)) {
    bool console = source.base.find("ConsoleLogin") != std::string::npos ||
                   std::any_of(conditions.begin(), conditions.end(), [](const RuleCondition& c) {
                     return c.column == "EventName" && c.tests.size() == 1 &&
                            c.tests[0].second == "ConsoleLogin";
                   });
    bool said = std::any_of(conditions.begin(), conditions.end(), [](const RuleCondition& c) {
      return c.column.find("ResponseElements") != std::string::npos || c.column == "ErrorCode";
    });
    if (!said && console && schema != nullptr && schema->Find("ResponseElements") != nullptr) {
      conditions.push_back({"tostring(ResponseElements.ConsoleLogin)",
                            {{"==", "Success"}},
                            false,
                            "successful",
                            0,
                            false});
    } else if (!said && !console && schema != nullptr && schema->Find("ErrorCode") != nullptr) {
      draft.mapping.push_back("successful → isempty(ErrorCode)");
      source.base += (source.base.empty() ? "" : " and ") + std::string("isempty(ErrorCode)");
    }
  }
  // Concepts the question grammar reads: non-admin accounts, known security tools.
  std::vector<std::string> concept_tests;
  for (const Filter& f : spec.filters) {
    bool known_tool = std::find(SecurityToolImages().begin(), SecurityToolImages().end(),
                                f.value) != SecurityToolImages().end();
    if (!f.negated || !(f.value == ConceptLiterals()[3] || known_tool)) continue;
    std::string column = ColumnFor(source, f.entity, schema);
    if (column.empty()) continue;
    concept_tests.push_back(FilterCondition(f, column));
    if (concept_tests.size() == 1 || !known_tool)
      draft.mapping.push_back(f.said + " → " + concept_tests.back());
  }
  if (source.base.empty() && conditions.empty() && concept_tests.empty()) return false;
  std::string kql = source.table;
  if (!source.base.empty()) kql += "\n| where " + source.base;
  std::string positive;
  std::string negative;
  for (const RuleCondition& c : conditions) {
    std::string k = ConditionKql(c);
    draft.mapping.push_back((c.negated ? "not: " : "") + c.said + " → " + k);
    (c.negated ? negative : positive) += "\n| where " + k;
  }
  kql += positive + negative;
  for (const std::string& t : concept_tests) kql += "\n| where " + t;
  std::string explanation = "Reads " + source.said + " in " + source.table;
  if (!spec.threshold_op.empty()) {
    std::vector<std::string> groups = GroupColumns(words, source, schema);
    for (Entity e : spec.groups) {
      std::string c = ColumnFor(source, e, schema);
      if (!c.empty() && std::find(groups.begin(), groups.end(), c) == groups.end()) {
        groups.push_back(c);
      }
    }
    std::string target = DistinctTarget(words, source, schema);
    if (target.empty() && spec.aggregation == Aggregation::kDcount && spec.has_target) {
      target = ColumnFor(source, spec.target, schema);
    }
    // "4 or more different discovery tools": distinct programs, where no entity was named.
    if (target.empty() && (lower.find(" different ") != std::string::npos ||
                           lower.find(" distinct ") != std::string::npos ||
                           lower.find(" unique ") != std::string::npos)) {
      target = ColumnFor(source, Entity::kProcess, schema);
    }
    groups.erase(std::remove(groups.begin(), groups.end(), target), groups.end());
    std::string bin = spec.bin.empty() ? "1h" : spec.bin;
    if (spec.bin.empty()) draft.mapping.push_back("no window said → 1h (say 'within 10 minutes')");
    std::string by = " by bin(TimeGenerated, " + bin + ")";
    for (const std::string& g : groups) by += ", " + g;
    std::string name = target.empty() ? "Count" : "DistinctCount";
    kql += "\n| summarize " + name + " = " +
           (target.empty() ? "count()" : "dcount(" + target + ")") + by + "\n| where " + name +
           " " + spec.threshold_op + " " + std::to_string(spec.threshold);
    explanation += ", counting " + (target.empty() ? std::string("events") : "distinct " + target) +
                   " per " + bin + (groups.empty() ? "" : " and " + JoinedBy(groups, ", ")) +
                   ", alerting at " + spec.threshold_op + " " + std::to_string(spec.threshold);
    if (!spec.aggregation_said.empty()) draft.mapping.push_back(spec.aggregation_said);
  }
  draft.query = kql;
  draft.explanation = explanation + ".";
  draft.mapping.insert(
      draft.mapping.begin(),
      source.said + " → " + source.table + (source.base.empty() ? "" : " | where " + source.base));
  draft.techniques = source.techniques;
  return true;
}

}  // namespace quarry::assist::builtin
