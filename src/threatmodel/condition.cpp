#include "threatmodel/condition.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "core/strings.h"
#include "threatmodel/model_yaml.h"

namespace quarry::threatmodel {
namespace {

using Op = Condition::Op;

struct Relation {
  const char* key;
  Subject subject;  // the subject the key applies to
  Op op;
  Subject child;  // what its child condition is about
  bool negate;    // no_inbound, no_outbound, model_lacks
};

const std::vector<Relation>& Relations() {
  constexpr Subject C = Subject::kComponent;
  constexpr Subject F = Subject::kFlow;
  static const std::vector<Relation> kRelations = {
      {"inbound", C, Op::kInbound, F, false},    {"outbound", C, Op::kOutbound, F, false},
      {"no_inbound", C, Op::kInbound, F, true},  {"no_outbound", C, Op::kOutbound, F, true},
      {"calls", C, Op::kCalls, C, false},        {"called_by", C, Op::kCalledBy, C, false},
      {"reaches", C, Op::kReaches, C, false},    {"reached_from", C, Op::kReachedFrom, C, false},
      {"model_has", C, Op::kModelHas, C, false}, {"model_lacks", C, Op::kModelHas, C, true},
      {"from", F, Op::kFrom, C, false},          {"to", F, Op::kTo, C, false},
  };
  return kRelations;
}

// A condition that never holds: what a broken part of a condition compiles to.
Condition Never(Subject subject) {
  Condition c;
  c.op = Op::kAny;
  c.subject = subject;
  return c;
}

class Compiler {
 public:
  Compiler(const std::string& file, std::vector<Finding>& findings)
      : file_(file), findings_(findings) {}

  Condition Compile(const YAML::Node& node, Subject subject) {
    if (!node.IsMap() || node.size() == 0) {
      Problem(node, std::string("a condition is a mapping of tests on a ") + SubjectName(subject));
      return Never(subject);
    }
    Condition all;
    all.op = Op::kAll;
    all.subject = subject;
    for (const auto& entry : node) {
      all.children.push_back(Key(entry.first.Scalar(), entry.first, entry.second, subject));
    }
    if (all.children.size() == 1) return std::move(all.children.front());
    return all;
  }

 private:
  void Problem(const YAML::Node& at, const std::string& message) {
    findings_.push_back(ErrorAt("tm.catalog.condition", message, file_, LineOf(at)));
  }

  Condition Key(const std::string& key, const YAML::Node& key_node, const YAML::Node& value,
                Subject subject) {
    if (key == "all" || key == "any") {
      Condition c;
      c.op = key == "all" ? Op::kAll : Op::kAny;
      c.subject = subject;
      if (!value.IsSequence() || value.size() == 0) {
        Problem(value, key + " takes a list of conditions");
        return Never(subject);
      }
      for (const auto& item : value) c.children.push_back(Compile(item, subject));
      return c;
    }
    if (key == "not") {
      Condition c;
      c.op = Op::kNot;
      c.subject = subject;
      c.children.push_back(Compile(value, subject));
      return c;
    }
    for (const Relation& r : Relations()) {
      if (key != r.key) continue;
      if (r.subject != subject) {
        Problem(key_node, "'" + key + "' tests a " + SubjectName(r.subject) + ", not a " +
                              SubjectName(subject));
        return Never(subject);
      }
      Condition c;
      c.op = r.op;
      c.subject = subject;
      c.children.push_back(Compile(value, r.child));
      if (!r.negate) return c;
      Condition negated;
      negated.op = Op::kNot;
      negated.subject = subject;
      negated.children.push_back(std::move(c));
      return negated;
    }
    const AttributeSpec* spec = FindAttribute(subject, key);
    if (!spec) {
      Problem(key_node, "unknown " + std::string(SubjectName(subject)) + " test '" + key +
                            "' (see the conditions in docs/threat-model.md)");
      return Never(subject);
    }
    return Attribute(*spec, value);
  }

  Condition Attribute(const AttributeSpec& spec, const YAML::Node& value) {
    Condition c;
    c.op = Op::kAttribute;
    c.subject = spec.subject;
    c.attribute = spec.name;
    c.list_attribute = spec.type == AttributeType::kEnumList;
    std::vector<YAML::Node> items;
    if (value.IsSequence()) {
      for (const auto& item : value) items.push_back(item);
    } else {
      items.push_back(value);
    }
    bool broken = false;
    for (const auto& item : items) {
      if (!item.IsScalar()) {
        Problem(item, std::string(spec.name) + " takes a value or a list of values");
        broken = true;
        continue;
      }
      std::string v = AsciiToLower(item.Scalar());
      if (spec.type == AttributeType::kBool) {
        if (v == "yes" || v == "on") v = "true";
        if (v == "no" || v == "off") v = "false";
      }
      if (spec.name == std::string_view("kind")) {
        std::string kind = CanonicalKind(v);
        if (!kind.empty()) v = kind;
      }
      if (!AllowedValue(spec, v)) {
        Problem(item, std::string(spec.name) + " '" + item.Scalar() + "' is not one of " +
                          ValuesText(spec));
        broken = true;
        continue;
      }
      c.values.push_back(std::move(v));
    }
    if (broken) return Never(spec.subject);
    return c;
  }

  const std::string& file_;
  std::vector<Finding>& findings_;
};

bool AttributeHolds(const Condition& c, const std::vector<std::string>& have) {
  // `[]` asks for an empty list.
  if (c.values.empty()) return have.empty();
  for (const auto& want : c.values) {
    if (std::find(have.begin(), have.end(), want) != have.end()) return true;
  }
  return false;
}

// Components downstream (or upstream) of START along flows, START itself excluded unless a
// cycle leads back to it.
bool SomeReachable(const Condition& child, const Graph& graph, int start, bool downstream) {
  std::vector<bool> seen(graph.components.size(), false);
  std::vector<int> stack{start};
  while (!stack.empty()) {
    int at = stack.back();
    stack.pop_back();
    for (int f : downstream ? graph.outbound[at] : graph.inbound[at]) {
      int next = downstream ? graph.flow_to[f] : graph.flow_from[f];
      if (next < 0 || seen[next]) continue;
      seen[next] = true;
      if (Holds(child, graph, next)) return true;
      stack.push_back(next);
    }
  }
  return false;
}

}  // namespace

Condition CompileCondition(const YAML::Node& node, Subject subject, const std::string& file,
                           std::vector<Finding>& findings) {
  return Compiler(file, findings).Compile(node, subject);
}

bool Holds(const Condition& c, const Graph& graph, int index) {
  switch (c.op) {
    case Op::kAll:
      return std::all_of(c.children.begin(), c.children.end(),
                         [&](const Condition& child) { return Holds(child, graph, index); });
    case Op::kAny:
      return std::any_of(c.children.begin(), c.children.end(),
                         [&](const Condition& child) { return Holds(child, graph, index); });
    case Op::kNot:
      return !Holds(c.children.front(), graph, index);
    case Op::kAttribute:
      return AttributeHolds(c, graph.Values(c.subject, index, c.attribute));
    case Op::kInbound:
    case Op::kOutbound: {
      const auto& flows = c.op == Op::kInbound ? graph.inbound[index] : graph.outbound[index];
      return std::any_of(flows.begin(), flows.end(),
                         [&](int f) { return Holds(c.children.front(), graph, f); });
    }
    case Op::kCalls:
      return std::any_of(graph.outbound[index].begin(), graph.outbound[index].end(),
                         [&](int f) { return Holds(c.children.front(), graph, graph.flow_to[f]); });
    case Op::kCalledBy:
      return std::any_of(graph.inbound[index].begin(), graph.inbound[index].end(), [&](int f) {
        return Holds(c.children.front(), graph, graph.flow_from[f]);
      });
    case Op::kReaches:
      return SomeReachable(c.children.front(), graph, index, true);
    case Op::kReachedFrom:
      return SomeReachable(c.children.front(), graph, index, false);
    case Op::kModelHas:
      for (size_t i = 0; i < graph.components.size(); ++i) {
        if (Holds(c.children.front(), graph, static_cast<int>(i))) return true;
      }
      return false;
    case Op::kFrom:
      return graph.flow_from[index] >= 0 &&
             Holds(c.children.front(), graph, graph.flow_from[index]);
    case Op::kTo:
      return graph.flow_to[index] >= 0 && Holds(c.children.front(), graph, graph.flow_to[index]);
  }
  return false;
}

}  // namespace quarry::threatmodel
