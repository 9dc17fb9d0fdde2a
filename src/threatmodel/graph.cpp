#include "threatmodel/graph.h"

#include <algorithm>
#include <deque>
#include <set>

namespace quarry::threatmodel {
namespace {

const std::vector<std::string> kNone;

bool EncryptedProtocol(const std::vector<std::string>& protocol) {
  static const std::set<std::string, std::less<>> kEncrypted = {"https", "tls",   "ssh", "sftp",
                                                                "wss",   "grpcs", "mtls"};
  return !protocol.empty() && kEncrypted.count(protocol.front()) > 0;
}

bool IsStore(std::string_view kind) {
  static const std::set<std::string, std::less<>> kStores = {
      "database",      "vector_store",   "file_store", "dataset",
      "secrets_store", "model_registry", "repository"};
  return kStores.count(kind) > 0;
}

bool OnlyQueries(const AttributeValues& flow) {
  auto it = flow.find("content");
  return it != flow.end() && !it->second.empty() &&
         std::all_of(it->second.begin(), it->second.end(),
                     [](const std::string& c) { return c == "query"; });
}

void AddClass(AttributeValues& values, const std::string& data_class) {
  if (data_class.empty()) return;
  auto& classes = values["data_classes"];
  if (std::find(classes.begin(), classes.end(), data_class) == classes.end())
    classes.push_back(data_class);
}

void ApplyDefaults(Subject subject, AttributeValues& values) {
  for (const auto& spec : Attributes()) {
    if (spec.subject != subject || spec.derived || values.count(spec.name)) continue;
    if (*spec.fallback) {
      values[spec.name] = {spec.fallback};
    } else {
      values[spec.name] = {};
    }
  }
}

class Builder {
 public:
  Builder(const Model& model, std::vector<Finding>& findings, bool& input_error)
      : model_(model), findings_(findings), input_error_(input_error) {}

  Graph Build() {
    graph_.model = &model_;
    size_t n = model_.components.size();
    graph_.inbound.resize(n);
    graph_.outbound.resize(n);
    graph_.boundaries_of.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const Component& c = model_.components[i];
      graph_.component_index[c.id] = static_cast<int>(i);
      AttributeValues values = c.attributes;
      bool third_party_written = values.count("third_party") > 0;
      ApplyDefaults(Subject::kComponent, values);
      if (!third_party_written) {
        bool hosted_llm =
            c.kind == "llm" && values["hosting"] == std::vector<std::string>{"hosted"};
        if (c.kind == "saas" || hosted_llm) values["third_party"] = {"true"};
      }
      graph_.components.push_back(std::move(values));
    }
    ReadAssets();
    ReadFlows();
    ReadBoundaries();
    Taint();
    for (size_t i = 0; i < n; ++i) {
      graph_.components[i]["in_boundary"] = {graph_.boundaries_of[i].empty() ? "false" : "true"};
      if (graph_.inbound[i].empty() && graph_.outbound[i].empty() && model_.flows.size() > 0) {
        Note(Severity::kInfo, "tm.model.isolated",
             "component '" + model_.components[i].id + "' has no flows", model_.components[i].line);
      }
    }
    return std::move(graph_);
  }

 private:
  void Note(Severity severity, const char* code, const std::string& message, int line) {
    Finding f = ErrorAt(code, message, model_.file, line);
    f.severity = severity;
    findings_.push_back(std::move(f));
  }
  void Error(const char* code, const std::string& message, int line) {
    findings_.push_back(ErrorAt(code, message, model_.file, line));
    input_error_ = true;
  }

  int ComponentIndex(const std::string& id) const {
    auto it = graph_.component_index.find(id);
    return it == graph_.component_index.end() ? -1 : it->second;
  }

  void ReadAssets() {
    for (const Asset& a : model_.assets) {
      asset_class_[a.id] = a.data_class;
      for (const auto* refs : {&a.stored_in, &a.processed_by}) {
        for (const Reference& r : *refs) {
          int c = ComponentIndex(r.id);
          if (c < 0) {
            Error("tm.model.reference",
                  "asset '" + a.id + "' names '" + r.id + "', which is no component", r.line);
          } else {
            AddClass(graph_.components[c], a.data_class);
          }
        }
      }
    }
  }

  void ReadFlows() {
    for (size_t i = 0; i < model_.flows.size(); ++i) {
      const Flow& f = model_.flows[i];
      graph_.flow_index[f.id] = static_cast<int>(i);
      int from = ComponentIndex(f.from);
      int to = ComponentIndex(f.to);
      if (from < 0) {
        Error("tm.model.reference",
              "flow '" + f.id + "' comes from '" + f.from + "', which is no component",
              f.from_line ? f.from_line : f.line);
      }
      if (to < 0) {
        Error("tm.model.reference",
              "flow '" + f.id + "' goes to '" + f.to + "', which is no component",
              f.to_line ? f.to_line : f.line);
      }
      graph_.flow_from.push_back(from);
      graph_.flow_to.push_back(to);
      if (from >= 0 && to >= 0) {
        graph_.outbound[from].push_back(static_cast<int>(i));
        graph_.inbound[to].push_back(static_cast<int>(i));
      }
      AttributeValues values = f.attributes;
      bool encrypted_written = values.count("encrypted") > 0;
      ApplyDefaults(Subject::kFlow, values);
      if (!encrypted_written && EncryptedProtocol(values["protocol"]))
        values["encrypted"] = {"true"};
      for (const std::string& asset : f.data) {
        auto it = asset_class_.find(asset);
        if (it == asset_class_.end()) {
          Error("tm.model.reference",
                "flow '" + f.id + "' carries '" + asset + "', which is no asset", f.line);
        } else {
          AddClass(values, it->second);
        }
      }
      graph_.flows.push_back(std::move(values));
    }
  }

  void ReadBoundaries() {
    std::map<std::string, int, std::less<>> boundary_index;
    for (size_t i = 0; i < model_.boundaries.size(); ++i)
      boundary_index[model_.boundaries[i].id] = static_cast<int>(i);
    size_t nb = model_.boundaries.size();
    std::vector<int> parent(nb, -1);
    std::vector<int> holder(model_.components.size(), -1);
    for (size_t b = 0; b < nb; ++b) {
      const Boundary& boundary = model_.boundaries[b];
      for (const Reference& r : boundary.contains) {
        if (int c = ComponentIndex(r.id); c >= 0) {
          if (holder[c] >= 0) {
            Error("tm.model.boundary",
                  "component '" + r.id + "' is in both '" + model_.boundaries[holder[c]].id +
                      "' and '" + boundary.id + "' (nest one boundary in the other instead)",
                  r.line);
          } else {
            holder[c] = static_cast<int>(b);
          }
        } else if (auto it = boundary_index.find(r.id); it != boundary_index.end()) {
          if (parent[it->second] >= 0 && parent[it->second] != static_cast<int>(b)) {
            Error("tm.model.boundary",
                  "boundary '" + r.id + "' is contained by both '" +
                      model_.boundaries[parent[it->second]].id + "' and '" + boundary.id + "'",
                  r.line);
          } else {
            parent[it->second] = static_cast<int>(b);
          }
        } else {
          Error("tm.model.reference",
                "boundary '" + boundary.id + "' contains '" + r.id +
                    "', which is no component or boundary",
                r.line);
        }
      }
    }
    // A cycle in "contains": reported once, at the boundary where the walk comes back.
    std::vector<bool> in_cycle(nb, false);
    for (size_t b = 0; b < nb; ++b) {
      std::vector<bool> seen(nb, false);
      for (int at = static_cast<int>(b); at >= 0; at = parent[at]) {
        if (seen[at]) {
          if (at == static_cast<int>(b)) {
            in_cycle[b] = true;
            std::string path;
            int step = static_cast<int>(b);
            do {
              path += model_.boundaries[step].id + " > ";
              step = parent[step];
            } while (step != static_cast<int>(b));
            path += model_.boundaries[b].id;
            if (!cycle_reported_) {
              Error("tm.model.boundary", "boundaries contain each other in a cycle: " + path,
                    model_.boundaries[b].line);
              cycle_reported_ = true;
            }
          }
          break;
        }
        seen[at] = true;
      }
    }
    graph_.boundary_of = holder;
    graph_.boundary_parent = parent;
    for (size_t b = 0; b < nb; ++b) {
      if (in_cycle[b]) graph_.boundary_parent[b] = -1;  // drawn at the top, not in a loop
    }
    std::vector<bool> holds_component(nb, false);
    for (size_t c = 0; c < holder.size(); ++c) {
      std::vector<bool> seen(nb, false);
      for (int at = holder[c]; at >= 0 && !seen[at]; at = parent[at]) {
        seen[at] = true;
        graph_.boundaries_of[c].push_back(at);
        holds_component[at] = true;
      }
      std::sort(graph_.boundaries_of[c].begin(), graph_.boundaries_of[c].end());
    }
    for (size_t b = 0; b < nb; ++b) {
      if (!holds_component[b] && !in_cycle[b]) {
        Note(Severity::kWarning, "tm.model.boundary",
             "boundary '" + model_.boundaries[b].id + "' has no components in it",
             model_.boundaries[b].line);
      }
    }
  }

  // Untrusted content stays untrusted through every component it passes.
  void Taint() {
    size_t nf = model_.flows.size();
    std::vector<bool> tainted(nf, false);
    std::vector<bool> component_tainted(model_.components.size(), false);
    std::deque<int> work;
    for (size_t f = 0; f < nf; ++f) {
      if (graph_.flows[f]["untrusted"] == std::vector<std::string>{"true"}) {
        tainted[f] = true;
        work.push_back(static_cast<int>(f));
      }
    }
    while (!work.empty()) {
      int f = work.front();
      work.pop_front();
      int to = graph_.flow_to[f];
      if (to < 0 || graph_.flow_from[f] < 0 || component_tainted[to]) continue;
      // A store answers a tainted lookup (content: [query]) with what it holds, which the
      // lookup did not write: only the other flows into it taint what it returns.
      if (IsStore(model_.components[to].kind) && OnlyQueries(graph_.flows[f])) continue;
      component_tainted[to] = true;
      for (int out : graph_.outbound[to]) {
        if (!tainted[out]) {
          tainted[out] = true;
          work.push_back(out);
        }
      }
    }
    for (size_t f = 0; f < nf; ++f) {
      graph_.flows[f]["tainted"] = {tainted[f] ? "true" : "false"};
      int from = graph_.flow_from[f];
      int to = graph_.flow_to[f];
      bool crosses = from >= 0 && to >= 0 && graph_.boundaries_of[from] != graph_.boundaries_of[to];
      graph_.flows[f]["crosses_boundary"] = {crosses ? "true" : "false"};
    }
  }

  const Model& model_;
  std::vector<Finding>& findings_;
  bool& input_error_;
  Graph graph_;
  std::map<std::string, std::string, std::less<>> asset_class_;
  bool cycle_reported_ = false;
};

}  // namespace

const std::vector<std::string>& Graph::Values(Subject subject, int index,
                                              std::string_view name) const {
  const auto& table = subject == Subject::kComponent ? components : flows;
  if (index < 0 || static_cast<size_t>(index) >= table.size()) return kNone;
  auto it = table[index].find(name);
  return it == table[index].end() ? kNone : it->second;
}

Graph BuildGraph(const Model& model, std::vector<Finding>& findings, bool& input_error) {
  return Builder(model, findings, input_error).Build();
}

}  // namespace quarry::threatmodel
