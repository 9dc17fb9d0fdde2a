#include "threatmodel/model_writer.h"

#include <algorithm>
#include <sstream>

#include "core/strings.h"

namespace quarry::threatmodel {
namespace {

// A YAML scalar: plain when it is made only of characters no YAML reader treats specially
// (yaml-cpp 0.7 reads some plain scalars that the specification allows, such as a '?' inside a
// flow mapping, as tokens), else double-quoted.
std::string Scalar(const std::string& text) {
  auto quiet = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
           c == '-' || c == '_' || c == '.' || c == '/' || c == '(' || c == ')' || c == '+' ||
           c == '=' || c == '@';
  };
  bool plain = !text.empty() && text.size() < 200 && text.front() != ' ' && text.front() != '-' &&
               text.front() != '@' && text.back() != ' ' &&
               std::all_of(text.begin(), text.end(), quiet);
  static const char* kReserved[] = {"true", "false", "yes",  "no",    "on",  "off", "null", "~",
                                    "y",    "n",     "True", "False", "Yes", "No",  "On",   "Off",
                                    "Null", "NULL",  "TRUE", "FALSE", "YES", "NO",  "ON",   "OFF"};
  for (const char* r : kReserved) {
    if (text == r) plain = false;
  }
  if (plain && text.find_first_not_of("0123456789.+-eE") == std::string::npos) plain = false;
  if (plain) return text;
  // A JSON string is a YAML double-quoted scalar: the one string escaper serves both.
  std::string out;
  AppendJsonString(out, text);
  return out;
}

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Scalar(items[i]);
  return out + "]";
}

std::string Refs(const std::vector<Reference>& refs) {
  std::vector<std::string> ids;
  ids.reserve(refs.size());
  for (const auto& r : refs) ids.push_back(r.id);
  return List(ids);
}

void WriteAttributes(std::string& out, Subject subject, const AttributeValues& values) {
  for (const auto& spec : Attributes()) {
    if (spec.subject != subject || spec.derived || spec.name == std::string_view("kind")) continue;
    auto it = values.find(spec.name);
    if (it == values.end()) continue;
    if (spec.type == AttributeType::kEnumList) {
      out += ", " + std::string(spec.name) + ": " + List(it->second);
    } else if (!it->second.empty()) {
      // Booleans as YAML booleans; other values quoted when they would read as one.
      const std::string& v = it->second.front();
      out += ", " + std::string(spec.name) + ": " +
             (spec.type == AttributeType::kBool ? v : Scalar(v));
    }
  }
}

void Field(std::string& out, const char* indent, const char* key, const std::string& value) {
  if (!value.empty()) out += std::string(indent) + key + ": " + Scalar(value) + "\n";
}

}  // namespace

std::string WriteModelYaml(const Model& model, const std::string& header,
                           const std::vector<std::string>& questions) {
  std::string out;
  std::istringstream lines(header);
  for (std::string line; std::getline(lines, line);) out += "# " + line + "\n";
  for (const auto& q : questions) out += "# QUESTION: " + q + "\n";
  out += "quarry_threat_model: 1\n";
  if (!model.name.empty() || !model.description.empty() || !model.owner.empty()) out += "system:\n";
  Field(out, "  ", "name", model.name);
  Field(out, "  ", "description", model.description);
  Field(out, "  ", "owner", model.owner);
  if (!model.components.empty()) out += "components:\n";
  for (const auto& c : model.components) {
    out += "  - {id: " + Scalar(c.id) + ", kind: " + Scalar(c.kind);
    if (!c.name.empty() && c.name != c.id) out += ", name: " + Scalar(c.name);
    WriteAttributes(out, Subject::kComponent, c.attributes);
    out += "}\n";
  }
  if (!model.flows.empty()) out += "flows:\n";
  for (const auto& f : model.flows) {
    out += "  - {";
    if (f.id != f.from + "->" + f.to) out += "id: " + Scalar(f.id) + ", ";
    out += "from: " + Scalar(f.from) + ", to: " + Scalar(f.to);
    if (!f.data.empty()) out += ", data: " + List(f.data);
    WriteAttributes(out, Subject::kFlow, f.attributes);
    out += "}\n";
  }
  if (!model.boundaries.empty()) out += "boundaries:\n";
  for (const auto& b : model.boundaries) {
    out += "  - {id: " + Scalar(b.id);
    if (!b.name.empty()) out += ", name: " + Scalar(b.name);
    out += ", contains: " + Refs(b.contains) + "}\n";
  }
  if (!model.assets.empty()) out += "assets:\n";
  for (const auto& a : model.assets) {
    out += "  - {id: " + Scalar(a.id);
    if (!a.name.empty()) out += ", name: " + Scalar(a.name);
    if (!a.data_class.empty()) out += ", data_class: " + a.data_class;
    if (!a.stored_in.empty()) out += ", stored_in: " + Refs(a.stored_in);
    if (!a.processed_by.empty()) out += ", processed_by: " + Refs(a.processed_by);
    out += "}\n";
  }
  if (!model.suggested_threats.empty()) out += "suggested_threats:\n";
  for (const auto& s : model.suggested_threats) {
    out += "  - id: " + Scalar(s.id) + "\n";
    Field(out, "    ", "title", s.title);
    Field(out, "    ", "description", s.description);
    Field(out, "    ", "target", s.target);
    Field(out, "    ", "stride", s.stride);
    Field(out, "    ", "severity", s.severity);
    if (!s.owasp_llm.empty()) out += "    owasp_llm: " + List(s.owasp_llm) + "\n";
    if (!s.owasp.empty()) out += "    owasp: " + List(s.owasp) + "\n";
    if (!s.atlas.empty()) out += "    atlas: " + List(s.atlas) + "\n";
    Field(out, "    ", "suggested_by", s.suggested_by);
    Field(out, "    ", "accepted_by", s.accepted_by);
    Field(out, "    ", "rationale", s.rationale);
  }
  out +=
      "decisions: []  # people's decisions: mitigated, accepted, transferred "
      "(docs/threat-model.md)\n";
  return out;
}

}  // namespace quarry::threatmodel
