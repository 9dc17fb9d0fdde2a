// The data-flow diagram of a model as Graphviz DOT: boundaries as nested clusters, components
// shaped by kind, flows labelled with protocol and data classes, tainted flows in red, and the
// open high-severity threats counted on each component.
#pragma once

#include <string>

#include "threatmodel/evaluate.h"

namespace quarry::threatmodel {

// EVALUATION may be null (no threat counts).
std::string DataFlowDot(const Graph& graph, const Evaluation* evaluation);

}  // namespace quarry::threatmodel
