// What the evaluation needs from a model, worked out once: attribute values with their
// defaults, who sends to whom, which boundaries hold each component, and the derived facts
// (tainted flows, flows that cross a boundary).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "threatmodel/model.h"

namespace quarry::threatmodel {

struct Graph {
  const Model* model = nullptr;
  // Effective values per component and per flow, in the model's order: what the model says,
  // else the attribute's default; derived attributes included.
  std::vector<AttributeValues> components;
  std::vector<AttributeValues> flows;
  std::vector<int> flow_from;  // component index; -1 when the flow names no known component
  std::vector<int> flow_to;
  std::vector<std::vector<int>> inbound;        // per component: flow indexes into it
  std::vector<std::vector<int>> outbound;       // per component: flow indexes out of it
  std::vector<std::vector<int>> boundaries_of;  // per component: boundaries holding it
  std::vector<int> boundary_of;                 // per component: the boundary listing it, or -1
  std::vector<int> boundary_parent;             // per boundary: the boundary containing it, or -1
  std::map<std::string, int, std::less<>> component_index;
  std::map<std::string, int, std::less<>> flow_index;

  // The values of NAME for the component or flow at INDEX; an empty list when it has none.
  const std::vector<std::string>& Values(Subject subject, int index, std::string_view name) const;
  // Whether the flow at INDEX joins two known components (the others are not evaluated).
  bool Usable(int flow) const { return flow_from[flow] >= 0 && flow_to[flow] >= 0; }
};

// Builds the graph of MODEL; references that lead nowhere, boundary cycles and the like are
// added to FINDINGS (input_error set for the ones that make the model wrong).
Graph BuildGraph(const Model& model, std::vector<Finding>& findings, bool& input_error);

}  // namespace quarry::threatmodel
