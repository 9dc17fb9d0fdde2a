#include "threatmodel/diagram.h"

#include <functional>
#include <map>

namespace quarry::threatmodel {
namespace {

// A DOT double-quoted string: quotes and backslashes escaped, line ends as \n.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) >= 0x20) {
      out += c;
    }
  }
  return out + "\"";
}

const char* Shape(const std::string& kind) {
  static const std::map<std::string, const char*, std::less<>> kShapes = {
      {"user", "box"},
      {"browser", "box"},
      {"saas", "box"},
      {"database", "cylinder"},
      {"vector_store", "cylinder"},
      {"file_store", "cylinder"},
      {"dataset", "cylinder"},
      {"model_registry", "cylinder"},
      {"secrets_store", "cylinder"},
      {"repository", "cylinder"},
      {"queue", "cds"},
      {"llm", "hexagon"},
      {"agent", "doubleoctagon"},
      {"tool", "component"},
      {"prompt", "note"},
  };
  auto it = kShapes.find(kind);
  return it == kShapes.end() ? "ellipse" : it->second;
}

bool Is(const Graph& graph, int flow, const char* attribute) {
  const auto& v = graph.Values(Subject::kFlow, flow, attribute);
  return !v.empty() && v.front() == "true";
}

}  // namespace

std::string DataFlowDot(const Graph& graph, const Evaluation* evaluation) {
  const Model& model = *graph.model;
  std::vector<int> open_high(model.components.size(), 0);
  if (evaluation) {
    for (const auto& a : evaluation->threats) {
      if (a.subject == Subject::kComponent && a.status == ThreatStatus::kOpen &&
          a.severity >= Level::kHigh)
        open_high[a.index]++;
    }
  }
  std::string out = "digraph dataflow {\n";
  out += "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, label=" +
         Quoted(model.name.empty() ? model.file : model.name) + ", labelloc=t];\n";
  out += "  node [fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  auto node = [&](size_t i, const std::string& indent) {
    const Component& c = model.components[i];
    std::string label = c.name + "\n(" + (c.kind.empty() ? "?" : c.kind) + ")";
    std::string style;
    if (open_high[i] > 0) {
      label += "\n" + std::to_string(open_high[i]) + " open high";
      style = ", color=red, penwidth=2";
    }
    out += indent + "c" + std::to_string(i) + " [label=" + Quoted(label) +
           ", shape=" + Shape(c.kind) + ", tooltip=" + Quoted(c.id) + style + "];\n";
  };
  size_t nb = model.boundaries.size();
  std::vector<bool> drawn(nb, false);
  std::function<void(int, const std::string&)> cluster = [&](int b, const std::string& indent) {
    if (drawn[b]) return;
    drawn[b] = true;
    const Boundary& boundary = model.boundaries[b];
    out += indent + "subgraph cluster_" + std::to_string(b) + " {\n";
    out += indent + "  label=" + Quoted(boundary.name.empty() ? boundary.id : boundary.name) +
           "; style=dashed; color=gray40;\n";
    for (size_t i = 0; i < model.components.size(); ++i) {
      if (graph.boundary_of[i] == b) node(i, indent + "  ");
    }
    for (size_t child = 0; child < nb; ++child) {
      if (graph.boundary_parent[child] == b) cluster(static_cast<int>(child), indent + "  ");
    }
    out += indent + "}\n";
  };
  for (size_t b = 0; b < nb; ++b) {
    if (graph.boundary_parent[b] < 0) cluster(static_cast<int>(b), "  ");
  }
  for (size_t i = 0; i < model.components.size(); ++i) {
    if (graph.boundary_of[i] < 0) node(i, "  ");
  }
  for (size_t f = 0; f < model.flows.size(); ++f) {
    int index = static_cast<int>(f);
    if (!graph.Usable(index)) continue;
    const Flow& flow = model.flows[f];
    std::string label;
    const auto& protocol = graph.Values(Subject::kFlow, index, "protocol");
    if (!protocol.empty() && !protocol.front().empty()) label = protocol.front();
    for (const auto& c : graph.Values(Subject::kFlow, index, "data_classes"))
      label += (label.empty() ? "" : " ") + c;
    std::string attributes = "label=" + Quoted(label) + ", tooltip=" + Quoted(flow.id);
    if (Is(graph, index, "tainted")) attributes += ", color=red, fontcolor=red";
    if (Is(graph, index, "crosses_boundary") && !Is(graph, index, "encrypted"))
      attributes += ", style=dashed";
    out += "  c" + std::to_string(graph.flow_from[f]) + " -> c" + std::to_string(graph.flow_to[f]) +
           " [" + attributes + "];\n";
  }
  out += "}\n";
  return out;
}

}  // namespace quarry::threatmodel
