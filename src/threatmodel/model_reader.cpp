// The system description reader. A model is untrusted input: every problem becomes a finding
// with its line and the reader goes on with the rest, so one typo does not hide the others.
#include <fstream>
#include <set>
#include <sstream>

#include "core/strings.h"
#include "core/yaml_guard.h"
#include "threatmodel/model_yaml.h"

namespace quarry::threatmodel {
namespace {

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 200) return false;
  auto ok = [](char c, bool first) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum || (!first && (c == '-' || c == '_' || c == '.'));
  };
  for (size_t i = 0; i < id.size(); ++i) {
    if (!ok(id[i], i == 0)) return false;
  }
  return true;
}

std::string Boolean(const std::string& text) {
  std::string t = AsciiToLower(text);
  if (t == "true" || t == "yes" || t == "on") return "true";
  if (t == "false" || t == "no" || t == "off") return "false";
  return {};
}

class ModelReader {
 public:
  ModelReader(const std::string& file, ModelRead& out) : file_(file), out_(out) {}

  void Read(const YAML::Node& root) {
    out_.model.file = file_;
    if (root.IsNull()) return;
    if (!root.IsMap()) {
      return Problem(root, "tm.model.shape",
                     "a system description is a mapping (system, components, flows, …)");
    }
    for (const auto& entry : root) {
      std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      if (key == "quarry_threat_model") {
        if (value.Scalar() != "1")
          Problem(value, "tm.model.version", "this Quarry reads format version 1");
      } else if (key == "system") {
        ReadSystem(value);
      } else if (key == "components") {
        ForEach(value, "components", [&](const YAML::Node& n) { ReadComponent(n); });
      } else if (key == "flows") {
        ForEach(value, "flows", [&](const YAML::Node& n) { ReadFlow(n); });
      } else if (key == "boundaries") {
        ForEach(value, "boundaries", [&](const YAML::Node& n) { ReadBoundary(n); });
      } else if (key == "assets") {
        ForEach(value, "assets", [&](const YAML::Node& n) { ReadAsset(n); });
      } else if (key == "decisions") {
        ForEach(value, "decisions", [&](const YAML::Node& n) { ReadDecision(n); });
      } else if (key == "suggested_threats") {
        ForEach(value, "suggested_threats", [&](const YAML::Node& n) { ReadSuggestion(n); });
      } else {
        Problem(entry.first, "tm.model.key",
                "unknown key '" + key +
                    "' (expected quarry_threat_model, system, components, flows, boundaries, "
                    "assets, decisions or suggested_threats)");
      }
    }
  }

 private:
  void Problem(const YAML::Node& at, const char* code, const std::string& message) {
    out_.findings.push_back(ErrorAt(code, message, file_, LineOf(at)));
    out_.input_error = true;
  }

  template <typename Fn>
  void ForEach(const YAML::Node& list, const char* what, Fn fn) {
    if (list.IsNull()) return;
    if (!list.IsSequence())
      return Problem(list, "tm.model.shape", std::string(what) + " must be a list");
    for (const auto& item : list) {
      if (!item.IsMap()) {
        Problem(item, "tm.model.shape", std::string("each of ") + what + " is a mapping");
        continue;
      }
      fn(item);
    }
  }

  std::string Text(const YAML::Node& node, const std::string& what) {
    if (node.IsScalar()) return node.Scalar();
    if (!node.IsNull()) Problem(node, "tm.model.value", what + " must be text");
    return {};
  }

  std::vector<Reference> References(const YAML::Node& node, const std::string& what) {
    std::vector<Reference> out;
    if (node.IsScalar()) {
      out.push_back({node.Scalar(), LineOf(node)});
    } else if (node.IsSequence()) {
      for (const auto& item : node) {
        if (item.IsScalar()) {
          out.push_back({item.Scalar(), LineOf(item)});
        } else {
          Problem(item, "tm.model.value", what + " lists ids");
        }
      }
    } else if (!node.IsNull()) {
      Problem(node, "tm.model.value", what + " must be an id or a list of ids");
    }
    return out;
  }

  std::vector<std::string> Texts(const YAML::Node& node, const std::string& what) {
    std::vector<std::string> out;
    for (auto& r : References(node, what)) out.push_back(std::move(r.id));
    return out;
  }

  // The id under `id:`, checked for shape and uniqueness over the model.
  std::string Id(const YAML::Node& item, const char* what) {
    const YAML::Node node = item["id"];
    if (!node) {
      Problem(item, "tm.model.id", std::string("this ") + what + " has no id");
      return {};
    }
    std::string id = Text(node, "id");
    if (!ValidId(id)) {
      Problem(node, "tm.model.id",
              "'" + id +
                  "' is not an id (letters, digits, '-', '_' and '.', starting with a "
                  "letter or digit)");
      return {};
    }
    if (!ids_.insert(id).second) {
      Problem(node, "tm.model.id", "the id '" + id + "' is used twice");
      return {};
    }
    return id;
  }

  // An attribute written in the model: checked against its declaration.
  bool ReadAttribute(Subject subject, const std::string& key, const YAML::Node& value,
                     AttributeValues& into) {
    const AttributeSpec* spec = FindAttribute(subject, key);
    if (!spec || spec->derived) return false;
    std::vector<std::string> values;
    if (spec->type == AttributeType::kEnumList) {
      values = Texts(value, key);
    } else {
      std::string text = Text(value, key);
      if (spec->type == AttributeType::kBool) {
        std::string b = Boolean(text);
        if (b.empty()) {
          Problem(value, "tm.model.value", key + " is true or false, not '" + text + "'");
          return true;
        }
        text = b;
      }
      values.push_back(text);
    }
    std::vector<std::string> kept;
    for (auto& v : values) {
      std::string folded = AsciiToLower(v);
      if (!AllowedValue(*spec, folded)) {
        std::string message = key + " '";
        message += v + "' is not one of " + ValuesText(*spec);
        Problem(value, "tm.model.value", message);
        continue;
      }
      kept.push_back(std::move(folded));
    }
    // A value that did not read leaves the attribute to its default.
    if (!kept.empty() || values.empty()) into[key] = std::move(kept);
    return true;
  }

  void ReadSystem(const YAML::Node& node) {
    if (!node.IsMap()) return Problem(node, "tm.model.shape", "system is a mapping");
    for (const auto& entry : node) {
      std::string key = entry.first.Scalar();
      if (key == "name") {
        out_.model.name = Text(entry.second, key);
      } else if (key == "description" || key == "scope") {
        std::string text = Text(entry.second, key);
        out_.model.description += (out_.model.description.empty() ? "" : "\n\n") + text;
      } else if (key == "owner") {
        out_.model.owner = Text(entry.second, key);
      } else {
        Problem(entry.first, "tm.model.key",
                "unknown key '" + key + "' in system (expected name, description, scope, owner)");
      }
    }
  }

  void ReadComponent(const YAML::Node& item) {
    Component c;
    c.line = LineOf(item);
    c.id = Id(item, "component");
    for (const auto& entry : item) {
      std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      if (key == "id") continue;
      if (key == "kind") {
        std::string written = Text(value, key);
        c.kind = CanonicalKind(written);
        if (c.kind.empty()) {
          Problem(value, "tm.model.kind",
                  "unknown component kind '" + written + "' (see docs/threat-model.md)");
        }
      } else if (key == "name") {
        c.name = Text(value, key);
      } else if (key == "description") {
        c.description = Text(value, key);
      } else if (key == "owner") {
        c.owner = Text(value, key);
      } else if (key == "tags") {
        c.tags = Texts(value, key);
      } else if (!ReadAttribute(Subject::kComponent, key, value, c.attributes)) {
        Problem(entry.first, "tm.model.key", "unknown component attribute '" + key + "'");
      }
    }
    if (!item["kind"]) Problem(item, "tm.model.kind", "component '" + c.id + "' has no kind");
    if (c.id.empty()) return;
    if (!c.kind.empty()) c.attributes["kind"] = {c.kind};
    if (c.name.empty()) c.name = c.id;
    out_.model.components.push_back(std::move(c));
  }

  void ReadFlow(const YAML::Node& item) {
    Flow f;
    f.line = LineOf(item);
    for (const auto& entry : item) {
      std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      if (key == "id") {
        f.id = Id(item, "flow");
        if (f.id.empty()) return;
      } else if (key == "from") {
        f.from = Text(value, key);
        f.from_line = LineOf(value);
      } else if (key == "to") {
        f.to = Text(value, key);
        f.to_line = LineOf(value);
      } else if (key == "name") {
        f.name = Text(value, key);
      } else if (key == "description") {
        f.description = Text(value, key);
      } else if (key == "data") {
        f.data = Texts(value, key);
      } else if (!ReadAttribute(Subject::kFlow, key, value, f.attributes)) {
        Problem(entry.first, "tm.model.key", "unknown flow attribute '" + key + "'");
      }
    }
    if (f.from.empty() || f.to.empty()) {
      return Problem(item, "tm.model.reference", "a flow needs both from and to");
    }
    if (f.id.empty()) {
      f.id = f.from + "->" + f.to;
      if (!ids_.insert(f.id).second) {
        return Problem(item, "tm.model.id",
                       "a second flow from " + f.from + " to " + f.to + ": give the flows ids");
      }
    }
    out_.model.flows.push_back(std::move(f));
  }

  void ReadBoundary(const YAML::Node& item) {
    Boundary b;
    b.line = LineOf(item);
    b.id = Id(item, "boundary");
    for (const auto& entry : item) {
      std::string key = entry.first.Scalar();
      if (key == "id") continue;
      if (key == "name") {
        b.name = Text(entry.second, key);
      } else if (key == "description") {
        b.description = Text(entry.second, key);
      } else if (key == "contains") {
        b.contains = References(entry.second, key);
      } else {
        Problem(entry.first, "tm.model.key",
                "unknown boundary key '" + key + "' (expected id, name, description, contains)");
      }
    }
    if (!b.id.empty()) out_.model.boundaries.push_back(std::move(b));
  }

  void ReadAsset(const YAML::Node& item) {
    Asset a;
    a.line = LineOf(item);
    a.id = Id(item, "asset");
    for (const auto& entry : item) {
      std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      if (key == "id") continue;
      if (key == "name") {
        a.name = Text(value, key);
      } else if (key == "description") {
        a.description = Text(value, key);
      } else if (key == "data_class") {
        a.data_class = AsciiToLower(Text(value, key));
        const auto& classes = DataClasses();
        if (std::find(classes.begin(), classes.end(), a.data_class) == classes.end()) {
          Problem(value, "tm.model.value",
                  "data_class '" + a.data_class +
                      "' is not one of public, internal, confidential or restricted");
          a.data_class.clear();
        }
      } else if (key == "stored_in") {
        a.stored_in = References(value, key);
      } else if (key == "processed_by") {
        a.processed_by = References(value, key);
      } else {
        Problem(entry.first, "tm.model.key",
                "unknown asset key '" + key +
                    "' (expected id, name, description, data_class, stored_in, processed_by)");
      }
    }
    if (!a.id.empty()) out_.model.assets.push_back(std::move(a));
  }

  void ReadDecision(const YAML::Node& item) {
    Decision d;
    d.line = LineOf(item);
    bool has_status = false;
    for (const auto& entry : item) {
      std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      if (key == "threat") {
        d.threat = AsciiUpperText(Text(value, key));
      } else if (key == "target" || key == "component" || key == "flow") {
        d.target = Text(value, key);
        d.target_line = LineOf(value);
      } else if (key == "status") {
        std::string status = AsciiToLower(Text(value, key));
        has_status = true;
        if (status == "mitigated") {
          d.status = ThreatStatus::kMitigated;
        } else if (status == "accepted") {
          d.status = ThreatStatus::kAccepted;
        } else if (status == "transferred") {
          d.status = ThreatStatus::kTransferred;
        } else if (status == "open") {
          d.status = ThreatStatus::kOpen;
        } else {
          Problem(value, "tm.model.value",
                  "status '" + status + "' is not mitigated, accepted, transferred or open");
          return;
        }
      } else if (key == "mitigations" || key == "mitigation") {
        d.mitigations = Texts(value, key);
      } else if (key == "evidence") {
        d.evidence = Text(value, key);
      } else if (key == "rationale") {
        d.rationale = Text(value, key);
      } else if (key == "by") {
        d.by = Text(value, key);
      } else if (key == "until") {
        d.until = Text(value, key);
      } else if (key == "to") {
        d.to = Text(value, key);
      } else if (key == "ticket") {
        d.ticket = Text(value, key);
      } else {
        Problem(entry.first, "tm.model.key",
                "unknown decision key '" + key +
                    "' (expected threat, target, status, mitigations, evidence, rationale, by, "
                    "until, to, ticket)");
      }
    }
    if (d.threat.empty()) return Problem(item, "tm.model.decision", "a decision names no threat");
    if (!has_status) {
      return Problem(item, "tm.model.decision", "the decision on " + d.threat + " has no status");
    }
    out_.model.decisions.push_back(std::move(d));
  }

  void ReadSuggestion(const YAML::Node& item) {
    SuggestedThreat t;
    t.line = LineOf(item);
    for (const auto& entry : item) {
      std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      std::string* text = key == "id"             ? &t.id
                          : key == "title"        ? &t.title
                          : key == "description"  ? &t.description
                          : key == "target"       ? &t.target
                          : key == "stride"       ? &t.stride
                          : key == "severity"     ? &t.severity
                          : key == "suggested_by" ? &t.suggested_by
                          : key == "accepted_by"  ? &t.accepted_by
                          : key == "rationale"    ? &t.rationale
                                                  : nullptr;
      if (text) {
        *text = Text(value, key);
      } else if (key == "owasp_llm") {
        t.owasp_llm = Texts(value, key);
      } else if (key == "owasp") {
        t.owasp = Texts(value, key);
      } else if (key == "atlas") {
        t.atlas = Texts(value, key);
      } else {
        Problem(entry.first, "tm.model.key",
                "unknown suggested threat key '" + key +
                    "' (expected id, title, description, target, stride, severity, owasp_llm, "
                    "owasp, atlas, suggested_by, accepted_by, rationale)");
      }
    }
    if (t.id.empty() || t.title.empty() || t.target.empty()) {
      return Problem(item, "tm.model.suggestion",
                     "a suggested threat needs an id, a title and a target");
    }
    out_.model.suggested_threats.push_back(std::move(t));
  }

  static std::string AsciiUpperText(const std::string& s) {
    std::string out = s;
    for (char& c : out) c = AsciiUpper(c);
    return out;
  }

  const std::string& file_;
  ModelRead& out_;
  std::set<std::string> ids_;
};

}  // namespace

const char* ThreatStatusName(ThreatStatus status) {
  switch (status) {
    case ThreatStatus::kOpen:
      return "open";
    case ThreatStatus::kMitigated:
      return "mitigated";
    case ThreatStatus::kAccepted:
      return "accepted";
    case ThreatStatus::kTransferred:
      return "transferred";
    case ThreatStatus::kSuggested:
      return "suggested";
  }
  return "open";
}

int LineOf(const YAML::Node& node) {
  return node.Mark().is_null() ? 0 : node.Mark().line + 1;
}

std::optional<YAML::Node> LoadYaml(std::string_view text, const std::string& file, const char* code,
                                   std::vector<Finding>& findings) {
  if (auto hazard = FindYamlHazard(text)) {
    findings.push_back(ErrorAt(code, hazard->what, file, hazard->line));
    return std::nullopt;
  }
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    findings.push_back(
        ErrorAt(code, "not valid YAML: " + e.msg, file, e.mark.is_null() ? 0 : e.mark.line + 1));
  } catch (const std::exception& e) {
    findings.push_back(ErrorAt(code, std::string("not valid YAML: ") + e.what(), file));
  }
  return std::nullopt;
}

void ReadModelNode(const YAML::Node& root, const std::string& file, ModelRead& out) {
  try {
    ModelReader(file, out).Read(root);
  } catch (const YAML::Exception& e) {
    out.findings.push_back(ErrorAt("tm.model.yaml", "not valid YAML: " + e.msg, file,
                                   e.mark.is_null() ? 0 : e.mark.line + 1));
    out.input_error = true;
  }
}

ModelRead ReadModel(std::string_view text, const std::string& file) {
  ModelRead out;
  out.model.file = file;
  auto root = LoadYaml(text, file, "tm.model.yaml", out.findings);
  if (!root) {
    out.input_error = true;
    return out;
  }
  ReadModelNode(*root, file, out);
  return out;
}

ModelRead ReadModelFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ModelRead out;
    out.model.file = path;
    out.findings.push_back(ErrorAt("tm.model.read", "cannot read the file", path));
    out.input_error = true;
    return out;
  }
  std::stringstream text;
  text << in.rdbuf();
  return ReadModel(text.str(), path);
}

}  // namespace quarry::threatmodel
