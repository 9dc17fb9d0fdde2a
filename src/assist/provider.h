// Drafting a KQL query from a plain-English hunting question. A provider only drafts: what it
// returns is data, checked by the verifier and approved by a person before anything runs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "kql/catalog.h"

namespace quarry::assist {

struct DraftRequest {
  std::string question;
  // The questions before this one in the same hunt, oldest first: a refinement ("only the
  // last 6 hours", "group by host") applies to the query they led to.
  std::vector<std::string> earlier_questions;
  std::string previous_query;  // the draft the refinement applies to ("" for a first question)
  const kql::Catalog* catalog = nullptr;  // the case's tables and columns
};

struct Technique {
  std::string id;    // T1110
  std::string name;  // Brute Force
};

struct Draft {
  std::string provider;  // "builtin", "openai:MODEL", …
  std::string query;     // "" when the provider could not draft one
  // One paragraph: what the query does, in words.
  std::string explanation;
  // Which words were read as which fields or conditions ("failed logons" → EventID == 4625).
  std::vector<std::string> mapping;
  // Words the provider did not understand, said plainly rather than guessed at.
  std::vector<std::string> not_understood;
  std::vector<Technique> techniques;  // suggested; a person confirms them
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string Name() const = 0;
  // An error Status when the provider cannot be reached or answers nothing usable; a Draft
  // with an empty query when it understood too little to draft one.
  virtual Result<Draft> Answer(const DraftRequest& request) = 0;
};

// The offline provider: a documented grammar of hunting questions, no model (builtin.cpp).
std::unique_ptr<Provider> MakeBuiltinProvider();

}  // namespace quarry::assist
