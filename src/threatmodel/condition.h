// A threat's condition over a model: compiled from the catalog's YAML once, checked against
// every component or flow of a model. The keys are documented in docs/threat-model.md.
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"
#include "threatmodel/attributes.h"
#include "threatmodel/graph.h"

namespace YAML {
class Node;
}

namespace quarry::threatmodel {

struct Condition {
  enum class Op {
    kAll,          // every child holds (a mapping of several keys compiles to this)
    kAny,          // some child holds
    kNot,          // the one child does not hold
    kAttribute,    // `attribute` has one of `values` (list attributes: shares one)
    kInbound,      // some flow into the component matches the child (a flow condition)
    kOutbound,     // some flow out of it matches
    kCalls,        // some flow goes to a component matching the child
    kCalledBy,     // some flow comes from a component matching the child
    kReaches,      // a matching component is downstream along flows
    kReachedFrom,  // a matching component is upstream
    kModelHas,     // some component of the model matches
    kFrom,         // the flow's source matches the child
    kTo,           // the flow's destination matches the child
  };
  Op op = Op::kAll;
  Subject subject = Subject::kComponent;
  std::string attribute;
  bool list_attribute = false;
  std::vector<std::string> values;
  std::vector<Condition> children;
};

// Compiles NODE as a condition on SUBJECT; problems (unknown keys and values) go to FINDINGS
// with FILE and the line. The result of a condition with problems never holds.
Condition CompileCondition(const YAML::Node& node, Subject subject, const std::string& file,
                           std::vector<Finding>& findings);

// Whether CONDITION holds for the component or flow at INDEX of GRAPH.
bool Holds(const Condition& condition, const Graph& graph, int index);

}  // namespace quarry::threatmodel
