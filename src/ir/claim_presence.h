// Finding a stated name in cited events: the events' fields in lower case, and the checks by
// kind (an IP ignores ::ffff:, a path its drive, a registry key its hive's spelling) and by role
// ("on WS01", "from 10.0.0.5", "source port 49723").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/claims.h"
#include "ir/timeline.h"

namespace quarry::ir {

struct Field {
  std::string name;  // lower case
  std::string text;  // lower case, whitespace squeezed
};

struct Indexed {
  const TimelineEntry* entry;
  bool alert;
  std::vector<Field> fields;
};

// The entry's fields, lower case and whitespace squeezed (its host as "computer").
Indexed Index(const TimelineEntry* e);
// Lower case, runs of whitespace as one space, trimmed: how names and fields are compared.
std::string Squeeze(std::string_view s);
// "4688", "0x1f40": a whole number in decimal or hex; nullopt for anything else or too large.
std::optional<int64_t> ParseInteger(std::string_view s);
// Whether a field (lower case) is `name` or a JSON member of that name
// ("requestparameters.target").
bool IsFieldNamed(std::string_view field, std::string_view name);
// A letter, digit or '_': what a name is made of.
bool NameChar(char c);
// The name in the fields of the role the sentence gives it, when the events have such fields.
bool PresentInRole(const EntityTerm& term, const std::vector<Indexed>& all);
// What the cited events hold where a name of this kind would be: what they say instead.
std::string Instead(EntityKind kind, const std::vector<Indexed>& all);

}  // namespace quarry::ir
