// Sigma logsource → where the rule applies and how its field names map onto our events.
// The Windows taxonomy (Sysmon categories, services → channels, process_creation on Security
// 4688 with its field renames) per ../shared/docs/sigma-semantics.md §6; non-Windows products
// gate on tables.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace quarry::sigma {

struct LogSource {
  std::string product;
  std::string category;
  std::string service;
};

// Where one variant of a rule applies. Empty lists mean "any".
struct Gate {
  std::vector<std::string> channels;  // exact channel names (compared case-insensitively)
  std::vector<int64_t> event_ids;
  std::vector<std::string> tables;  // for sources without Windows channels
  bool windows = false;             // only events that carry a Channel and an EventID
  // Only events of tables no known source claims (generic JSON, CSV): for logsources Quarry has
  // no mapping for, so their rules still run on such data without touching Windows events.
  bool generic = false;
  // Extra equality tests the event must pass (e.g. registry_add: EventType = CreateKey).
  std::vector<std::pair<std::string, std::vector<std::string>>> field_equals;
};

// One way a rule is evaluated: its gate and the renames of its field names. A logsource can
// have several (process_creation: Sysmon 1 with Sysmon names, Security 4688 with 4688 names).
struct Variant {
  std::string name;  // "sysmon", "security-4688", … for messages
  Gate gate;
  std::map<std::string, std::string> field_map;  // Sigma name → event field name; "" = absent
};

struct Mapping {
  std::vector<Variant> variants;
  std::string note;  // why nothing applies, when variants is empty
};

// Additions to the built-in taxonomy, from a mapping file (see docs/cli.md): services to
// channels, and categories to channels, event ids and field renames. They take precedence.
struct MappingOverrides {
  std::map<std::string, std::vector<std::string>> services;
  struct Category {
    std::vector<std::string> channels;
    std::vector<int64_t> event_ids;
    std::map<std::string, std::string> fields;
  };
  std::map<std::string, Category> categories;
};

// The variants for a logsource. An unknown product/service/category gives no variant and a
// note saying what is not mapped.
Mapping MapLogSource(const LogSource& source, const MappingOverrides* overrides = nullptr);

// The inverse of the taxonomy, for writing rules: the Sysmon category whose only event id is
// `event_id` (10 → process_access), or "" when none maps to exactly that id; the service whose
// channels include `channel` (System → system), or "".
std::string SysmonCategoryOf(int64_t event_id);
std::string ServiceOfChannel(const std::string& channel);
inline constexpr const char* kSysmonChannel = "Microsoft-Windows-Sysmon/Operational";

// Field renames that apply to every rule (our event names for Sigma's): Provider_Name →
// Provider.
const std::map<std::string, std::string>& CommonFieldMap();

}  // namespace quarry::sigma
