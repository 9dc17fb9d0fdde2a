#include "threatmodel/schema.h"

#include "core/json.h"
#include "threatmodel/attributes.h"

namespace quarry::threatmodel {
namespace {

void Strings(JsonWriter& w, const std::vector<const char*>& values) {
  w.BeginArray();
  for (const char* v : values) w.String(v);
  w.EndArray();
}

void IdList(JsonWriter& w, std::string_view description) {
  w.BeginObject().Field("type", "array").Field("description", description);
  w.Key("items").BeginObject().Field("$ref", "#/$defs/id").EndObject();
  w.EndObject();
}

void AttributeProperties(JsonWriter& w, Subject subject) {
  for (const auto& spec : Attributes()) {
    if (spec.subject != subject || spec.derived) continue;
    if (subject == Subject::kComponent && spec.name == std::string_view("kind")) continue;
    w.Key(spec.name).BeginObject().Field("description", spec.doc);
    switch (spec.type) {
      case AttributeType::kBool:
        w.Field("type", "boolean");
        break;
      case AttributeType::kText:
        w.Field("type", "string");
        break;
      case AttributeType::kEnum:
        w.Key("enum");
        Strings(w, spec.values);
        break;
      case AttributeType::kEnumList:
        w.Field("type", "array").Field("uniqueItems", true);
        w.Key("items").BeginObject().Key("enum");
        Strings(w, spec.values);
        w.EndObject();
        break;
    }
    w.EndObject();
  }
}

void Component(JsonWriter& w) {
  std::vector<const char*> kinds;
  for (const auto& k : Kinds()) {
    kinds.push_back(k.kind);
    for (const char* alias : k.aliases) kinds.push_back(alias);
  }
  w.Key("component").BeginObject().Field("type", "object");
  w.Key("required").BeginArray().String("id").String("kind").EndArray();
  w.Field("additionalProperties", false);
  w.Key("properties").BeginObject();
  w.Key("id").BeginObject().Field("$ref", "#/$defs/id").EndObject();
  w.Key("kind").BeginObject().Field("description", "what the component is (or an alias)");
  w.Key("enum");
  Strings(w, kinds);
  w.EndObject();
  for (const char* text : {"name", "description", "owner"})
    w.Key(text).BeginObject().Field("type", "string").EndObject();
  w.Key("tags").BeginObject().Field("type", "array");
  w.Key("items").BeginObject().Field("type", "string").EndObject().EndObject();
  AttributeProperties(w, Subject::kComponent);
  w.EndObject().EndObject();
}

void Flow(JsonWriter& w) {
  w.Key("flow").BeginObject().Field("type", "object");
  w.Key("required").BeginArray().String("from").String("to").EndArray();
  w.Field("additionalProperties", false);
  w.Key("properties").BeginObject();
  for (const char* ref : {"id", "from", "to"})
    w.Key(ref).BeginObject().Field("$ref", "#/$defs/id").EndObject();
  for (const char* text : {"name", "description"})
    w.Key(text).BeginObject().Field("type", "string").EndObject();
  w.Key("data");
  IdList(w, "asset ids");
  AttributeProperties(w, Subject::kFlow);
  w.EndObject().EndObject();
}

void Boundary(JsonWriter& w) {
  w.Key("boundary").BeginObject().Field("type", "object");
  w.Key("required").BeginArray().String("id").EndArray();
  w.Field("additionalProperties", false);
  w.Key("properties").BeginObject();
  w.Key("id").BeginObject().Field("$ref", "#/$defs/id").EndObject();
  for (const char* text : {"name", "description"})
    w.Key(text).BeginObject().Field("type", "string").EndObject();
  w.Key("contains");
  IdList(w, "components and boundaries inside this one");
  w.EndObject().EndObject();
}

void Asset(JsonWriter& w) {
  w.Key("asset").BeginObject().Field("type", "object");
  w.Key("required").BeginArray().String("id").EndArray();
  w.Field("additionalProperties", false);
  w.Key("properties").BeginObject();
  w.Key("id").BeginObject().Field("$ref", "#/$defs/id").EndObject();
  for (const char* text : {"name", "description"})
    w.Key(text).BeginObject().Field("type", "string").EndObject();
  w.Key("data_class").BeginObject().Key("enum");
  Strings(w, DataClasses());
  w.EndObject();
  w.Key("stored_in");
  IdList(w, "components that store it");
  w.Key("processed_by");
  IdList(w, "components that process it");
  w.EndObject().EndObject();
}

void Decision(JsonWriter& w) {
  w.Key("decision").BeginObject().Field("type", "object");
  w.Key("required").BeginArray().String("threat").String("status").String("by").EndArray();
  w.Field("additionalProperties", false);
  w.Key("properties").BeginObject();
  for (const char* text :
       {"threat", "target", "component", "flow", "evidence", "rationale", "by", "to", "ticket"})
    w.Key(text).BeginObject().Field("type", "string").EndObject();
  w.Key("status").BeginObject().Key("enum");
  Strings(w, {"mitigated", "accepted", "transferred", "open"});
  w.EndObject();
  w.Key("mitigations").BeginObject().Field("type", "array");
  w.Key("items").BeginObject().Field("type", "string").EndObject().EndObject();
  w.Key("until").BeginObject().Field("type", "string").Field("format", "date").EndObject();
  w.EndObject().EndObject();
}

void Suggestion(JsonWriter& w) {
  w.Key("suggested_threat").BeginObject().Field("type", "object");
  w.Key("required").BeginArray().String("id").String("title").String("target").EndArray();
  w.Field("additionalProperties", false);
  w.Key("properties").BeginObject();
  for (const char* text : {"id", "title", "description", "target", "stride", "suggested_by",
                           "accepted_by", "rationale"})
    w.Key(text).BeginObject().Field("type", "string").EndObject();
  w.Key("severity").BeginObject().Key("enum");
  Strings(w, {"low", "medium", "high", "critical"});
  w.EndObject();
  for (const char* list : {"owasp_llm", "owasp", "atlas"}) {
    w.Key(list).BeginObject().Field("type", "array");
    w.Key("items").BeginObject().Field("type", "string").EndObject().EndObject();
  }
  w.EndObject().EndObject();
}

void List(JsonWriter& w, const char* name, const char* def) {
  w.Key(name).BeginObject().Field("type", "array");
  w.Key("items").BeginObject().Field("$ref", std::string("#/$defs/") + def).EndObject();
  w.EndObject();
}

}  // namespace

std::string ModelJsonSchema() {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Field("$schema", "https://json-schema.org/draft/2020-12/schema");
  w.Field("$id", "https://quarry.invalid/schemas/threat-model-1.json");
  w.Field("title", "Quarry system description (quarry threat-model)");
  w.Field("type", "object").Field("additionalProperties", false);
  w.Key("properties").BeginObject();
  w.Key("quarry_threat_model").BeginObject().Key("const").Int(1).EndObject();
  w.Key("system").BeginObject().Field("type", "object").Field("additionalProperties", false);
  w.Key("properties").BeginObject();
  for (const char* text : {"name", "description", "scope", "owner"})
    w.Key(text).BeginObject().Field("type", "string").EndObject();
  w.EndObject().EndObject();
  List(w, "components", "component");
  List(w, "flows", "flow");
  List(w, "boundaries", "boundary");
  List(w, "assets", "asset");
  List(w, "decisions", "decision");
  List(w, "suggested_threats", "suggested_threat");
  w.EndObject();
  w.Key("$defs").BeginObject();
  w.Key("id").BeginObject().Field("type", "string");
  w.Field("pattern", "^[A-Za-z0-9][A-Za-z0-9._-]*$").EndObject();
  Component(w);
  Flow(w);
  Boundary(w);
  Asset(w);
  Decision(w);
  Suggestion(w);
  w.EndObject();
  w.EndObject();
  out += "\n";
  return out;
}

}  // namespace quarry::threatmodel
