// The built-in provider's parts: a vocabulary (activities, entity words, stop words), a parser
// from a question's words to a HuntSpec, and the KQL written from a spec. Internal to
// src/assist.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "assist/provider.h"

namespace quarry::assist::builtin {

enum class Entity : uint8_t {
  kUser,
  kHost,
  kIp,        // the other party: a logon's client, a connection's destination, an API caller
  kSourceIp,  // a connection's local side
  kPort,
  kProcess,
  kParent,
  kCommandLine,
  kFile,
  kRegistryKey,
  kService,
  kDnsName,
  kApiCall,
  kRole,
  kRule,
  kLevel,
  kCount_,  // not an entity: marks the end of the list
};

const char* EntityName(Entity e);  // "user", "host", …

// A kind of event a question can ask about, as data: where it lives and what it means.
struct Activity {
  std::string_view key;
  std::vector<std::string_view> phrases;  // lower case, as a person writes them
  std::string_view table;
  std::string_view filter;       // KQL condition selecting the events ("" for every row)
  std::string_view description;  // "failed logons (event 4625)"
  std::vector<std::pair<Entity, std::string_view>> fields;  // entity → column
  std::vector<Technique> techniques;
  // Further columns a listing shows (a knowledge entry's key fields that are no entity).
  std::vector<std::string_view> shown = {};
};

const std::vector<Activity>& Activities();
// A column's name as KQL writes it: bare, or ['Threat Name'] when it is no identifier (EVTX
// exports keep names with spaces).
std::string KqlName(std::string_view column);
// Literals the grammar writes for a concept rather than copying them from the question
// ("computer accounts" → endswith "$"): known to the grounding check, like the activities'.
const std::vector<std::string>& ConceptLiterals();
// The executables of common antivirus and EDR agents, which open LSASS and other processes as
// part of their work: what "excluding known AV" leaves out (builtin_detection.cpp).
const std::vector<std::string_view>& SecurityToolImages();
// Words naming an entity ("user", "accounts", "ip addresses" …), longest first.
const std::vector<std::pair<std::string_view, Entity>>& EntityWords();
bool IsStopWord(std::string_view word);

struct Word {
  std::string text;   // as written (quotes removed)
  std::string lower;  // lower case
  bool quoted = false;
  bool used = false;  // read by some rule
};
std::vector<Word> Words(std::string_view question);

struct Filter {
  Entity entity = Entity::kUser;
  std::string kind;   // "eq", "endswith", "contains", "in_range", "private", "public", "eq_num"
  std::string value;  // as the person wrote it
  bool negated = false;
  std::string said;  // the words it came from
};

// The KQL test a filter becomes on `field`, as the draft writes it (negation included).
std::string FilterCondition(const Filter& f, const std::string& field);

enum class Aggregation : uint8_t { kNone, kCount, kTop, kRare, kDistinct, kDcount, kFirstLast };

struct HuntSpec {
  const Activity* activity = nullptr;
  std::string activity_said;
  std::string time_kql;  // a condition on TimeGenerated, "" for none
  std::string time_said;
  std::vector<Filter> filters;
  // Conditions linked from the question's words to the case: (KQL, the words they came from).
  std::vector<std::pair<std::string, std::string>> conditions;
  std::vector<std::string> group_columns;  // columns named by the question ("by error code")
  // Columns a listing adds, as "name = expression": the request parameters these events carry
  // (the instance a session went to, the role a trust policy was written for).
  std::vector<std::string> shown_expressions;
  int edge = 0;  // 1: only the first event ("when did X first log on"), -1: only the last
  Aggregation aggregation = Aggregation::kNone;
  std::string aggregation_said;
  std::vector<Entity> groups;
  Entity target = Entity::kUser;  // what dcount counts, when has_target
  bool has_target = false;
  std::string bin;           // "1h", "1d": grouping by time
  int limit = 0;             // top/rare N
  std::string threshold_op;  // ">", ">=", "<", "<="
  long long threshold = 0;
};

// Reads `question` into `spec` (adding to what is there: a refinement overlays an earlier
// spec); the words no rule read are returned as not understood.
std::vector<std::string> ParseQuestion(std::string_view question, HuntSpec& spec);

// The column an entity maps to for the spec's activity, checked against the catalog; "" when
// the activity has no such field.
std::string FieldFor(const HuntSpec& spec, Entity e, const kql::Catalog* catalog);

}  // namespace quarry::assist::builtin
