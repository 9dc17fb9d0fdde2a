// A system description: components, flows, trust boundaries, assets and the decisions people
// made about threats, as read from the YAML format in docs/threat-model.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/finding.h"
#include "threatmodel/attributes.h"

namespace quarry::threatmodel {

// Attribute name → values as written (a scalar attribute holds one value; booleans are
// "true"/"false"). Defaults are applied by the graph, not here.
using AttributeValues = std::map<std::string, std::vector<std::string>, std::less<>>;

struct Component {
  std::string id;
  std::string kind;  // canonical
  std::string name;
  std::string description;
  std::string owner;
  std::vector<std::string> tags;
  AttributeValues attributes;  // includes "kind"
  int line = 0;
};

struct Flow {
  std::string id;  // FROM->TO when the model gives none
  std::string from;
  std::string to;
  std::string name;
  std::string description;
  std::vector<std::string> data;  // asset ids
  AttributeValues attributes;
  int line = 0;
  int from_line = 0;
  int to_line = 0;
};

struct Reference {
  std::string id;
  int line = 0;
};

struct Boundary {
  std::string id;
  std::string name;
  std::string description;
  std::vector<Reference> contains;  // components and boundaries
  int line = 0;
};

struct Asset {
  std::string id;
  std::string name;
  std::string description;
  std::string data_class;
  std::vector<Reference> stored_in;
  std::vector<Reference> processed_by;
  int line = 0;
};

enum class ThreatStatus { kOpen, kMitigated, kAccepted, kTransferred, kSuggested };
const char* ThreatStatusName(ThreatStatus status);

struct Decision {
  std::string threat;
  std::string target;  // "" for every target the threat applies to
  ThreatStatus status = ThreatStatus::kOpen;
  std::vector<std::string> mitigations;
  std::string evidence;
  std::string rationale;
  std::string by;
  std::string until;  // YYYY-MM-DD
  std::string to;
  std::string ticket;
  int line = 0;
  int target_line = 0;
};

// A threat a drafter (a model, or a person) proposed beyond the catalog. It counts for nothing
// until a person accepts it: `accepted_by` and a `rationale`.
struct SuggestedThreat {
  std::string id;  // S-001, …
  std::string title;
  std::string description;
  std::string target;  // component or flow id
  std::string stride;
  std::string severity;  // low, medium, high, critical
  std::vector<std::string> owasp_llm;
  std::vector<std::string> owasp;
  std::vector<std::string> atlas;
  std::string suggested_by;  // which drafter
  std::string accepted_by;
  std::string rationale;
  int line = 0;
};

struct Model {
  std::string file;
  int version = 1;
  std::string name;
  std::string description;
  std::string owner;
  std::vector<Component> components;
  std::vector<Flow> flows;
  std::vector<Boundary> boundaries;
  std::vector<Asset> assets;
  std::vector<Decision> decisions;
  std::vector<SuggestedThreat> suggested_threats;
};

struct ModelRead {
  Model model;
  std::vector<Finding> findings;  // what did not read, with file and line
  bool input_error = false;       // something was unreadable (exit 3), the rest still read
};

// Reads TEXT (the contents of FILE); never fails: what does not read becomes findings.
ModelRead ReadModel(std::string_view text, const std::string& file);
// Reads PATH; an unreadable file is an input-error finding.
ModelRead ReadModelFile(const std::string& path);

}  // namespace quarry::threatmodel
