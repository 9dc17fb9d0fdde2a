// Schema and value linking for the built-in provider: the words of a question its grammar did
// not read are linked to the case itself — to a knowledge-table entry whose words they are
// ("log cleared" → EventID == 1102), to values of the case's few-valued columns whose parts they
// name ("IAM users created" → EventName == "CreateUser"), and to the columns where a named
// entity occurs ("pgustavo" → SubjectUserName). Each link is explained with the evidence for it,
// and where several readings are plausible the one with events in the case is taken and the
// others are named. Internal to src/assist.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "assist/builtin_internal.h"
#include "assist/provider.h"

namespace quarry::assist::builtin {

// An activity made while linking: owns the text its Activity view points into.
struct LinkedActivity {
  std::string key;
  std::string table;
  std::string filter;
  std::string description;
  std::vector<std::pair<Entity, std::string>> fields;
  std::vector<Technique> techniques;
  std::vector<std::string> shown;
  Activity view;
  void Bind();  // points `view` at the strings above
};

// The column an entity usually lives in for a table (Computer for a host …), and the entity a
// column holds, by its name; used for activities made while linking.
std::vector<std::pair<Entity, std::string>> DefaultFields(std::string_view table);
bool EntityOfColumn(std::string_view column, Entity& e);
// Columns a listing of a table's events shows for context, beyond the activity's own: who (the
// full identity), where (account, region) and how (agent, error) for CloudTrail; the event id
// for Windows.
const std::vector<std::string_view>& ContextColumns(std::string_view table);

// Links the words `left` (what the grammar did not read) of `question` to the case. May set
// spec.activity (to an entry of `owned`), add conditions to spec.conditions and explain each link
// in draft.mapping and draft.alternatives. Returns the words still not understood.
std::vector<std::string> LinkToCase(std::string_view question, const std::vector<std::string>& left,
                                    const CaseLookup& lookup, const kql::Catalog* catalog,
                                    HuntSpec& spec, Draft& draft,
                                    std::deque<LinkedActivity>& owned);

}  // namespace quarry::assist::builtin
