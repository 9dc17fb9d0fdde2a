// The vocabulary of a system description, declared as data: component kinds with their accepted
// spellings, and the attributes of components and flows with their values and defaults. The
// model reader, the condition compiler and the JSON Schema are all made from these tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quarry::threatmodel {

enum class Subject { kComponent, kFlow };
const char* SubjectName(Subject subject);  // "component", "flow"

struct KindSpec {
  const char* kind;
  std::vector<const char*> aliases;
  const char* doc;
};
const std::vector<KindSpec>& Kinds();
// The kind KIND names (itself or an alias, any case); "" when none.
std::string CanonicalKind(std::string_view kind);

enum class AttributeType {
  kBool,      // true/false
  kEnum,      // one of `values`
  kEnumList,  // a list of `values`
  kText,      // free text, compared without case
};

struct AttributeSpec {
  const char* name;
  Subject subject;
  AttributeType type;
  std::vector<const char*> values;  // kEnum and kEnumList
  const char* fallback;             // the value when a model does not say; "" for none
  // Worked out from the model, never written in it (tainted, crosses_boundary).
  bool derived;
  const char* doc;
};
const std::vector<AttributeSpec>& Attributes();
// Written in a model or usable in conditions: nullptr when SUBJECT has no such attribute.
const AttributeSpec* FindAttribute(Subject subject, std::string_view name);

// The data classes in order of sensitivity.
const std::vector<const char*>& DataClasses();

// Whether VALUE is one of SPEC's values (kEnum, kEnumList) or a boolean (kBool); text passes.
bool AllowedValue(const AttributeSpec& spec, std::string_view value);
// "a, b or c" for messages.
std::string ValuesText(const AttributeSpec& spec);

}  // namespace quarry::threatmodel
