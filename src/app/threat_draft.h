// `quarry threat-model draft` as a job: a system description drafted from prose, by the
// built-in template drafter (which asks instead of guessing) or by a model through `assist`
// (policy, redaction, fencing, audit). The draft is read and checked like any model; a model's
// decisions and acceptances are dropped (people decide), and the threats it suggests beyond
// the catalog stay `suggested` until a person accepts each.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/threat_model.h"

namespace quarry::app {

struct ThreatDraftRequest {
  std::string description;
  std::string provider = "builtin";  // builtin, a provider of the case's quarry.toml, or a kind
  std::string endpoint;
  std::string model;
  std::string case_dir;  // provider settings and audit.jsonl; needed for any provider but builtin
  std::vector<std::string> catalogs;
  std::string today;
};

struct ThreatDraft {
  std::string provider;
  std::string yaml;                     // the cleaned draft, in the documented format
  std::vector<std::string> questions;   // for the person to answer
  std::vector<std::string> recognized;  // built-in: phrase → component
  std::vector<std::string> dropped;     // what was removed from a model's draft, and why
  std::unique_ptr<ThreatModelCheck> check;
  // No error-level finding about the model itself: it may be saved.
  bool valid = false;
};

Result<ThreatDraft> DraftThreatModel(const ThreatDraftRequest& request);
// The YAML, then the questions, what was dropped and a summary of the check, as comments.
std::string ThreatDraftText(const ThreatDraft& draft);
// {provider, valid, yaml, questions, recognized, dropped, check:{…}}
std::string ThreatDraftJson(const ThreatDraft& draft);

}  // namespace quarry::app
