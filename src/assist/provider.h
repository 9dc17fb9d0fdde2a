// Drafting a KQL query from a plain-English hunting question. A provider only drafts: what it
// returns is data, checked by the verifier and approved by a person before anything runs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "kql/catalog.h"

namespace quarry::assist {

// What a provider may look up in the case beyond its schema: the values of its columns with few
// distinct values, the columns where a word occurs, and how many events a condition selects.
// The built-in provider links a question's words to the case through it.
struct ColumnValues {
  std::string table;
  std::string column;
  std::vector<std::pair<std::string, int64_t>> values;  // each distinct value and its events
};

struct ValueHit {
  std::string table;
  std::string column;
  std::string value;   // the whole cell value, when the column's values are known; else ""
  int64_t events = 0;  // events whose column contains the word
};

class CaseLookup {
 public:
  virtual ~CaseLookup() = default;
  virtual const std::vector<ColumnValues>& FewValued() const = 0;
  // The columns whose text contains `word` (ASCII case aside), most events first.
  virtual std::vector<ValueHit> Find(std::string_view word) const = 0;
  // How many events of `table` satisfy the KQL `condition`; -1 when it cannot be run.
  virtual int64_t Count(std::string_view table, std::string_view condition) const = 0;
  // The keys of a dynamic column's objects among the events of `table` satisfying the KQL
  // `condition` whose values are scalars, with how many events have each, most first.
  virtual std::vector<std::pair<std::string, int64_t>> KeysOf(std::string_view /*table*/,
                                                              std::string_view /*condition*/,
                                                              std::string_view /*column*/) const {
    return {};
  }
  // Distinct values of a column with many values that hold `word`, most events first, at most
  // `limit`: what Find's hits in free text are, so a word can be told from part of a word.
  virtual std::vector<std::pair<std::string, int64_t>> ValuesHolding(std::string_view /*table*/,
                                                                     std::string_view /*column*/,
                                                                     std::string_view /*word*/,
                                                                     size_t /*limit*/) const {
    return {};
  }
};

struct DraftRequest {
  std::string question;
  // The questions before this one in the same hunt, oldest first: a refinement ("only the
  // last 6 hours", "group by host") applies to the query they led to.
  std::vector<std::string> earlier_questions;
  std::string previous_query;  // the draft the refinement applies to ("" for a first question)
  // The question describes a detection rule (`quarry rules draft`): values listed are
  // alternatives, exclusions are conditions, and every event the rule is about matters.
  bool detection = false;
  const kql::Catalog* catalog = nullptr;  // the case's tables and columns
  // What a draft with no time range reads, in words: "the whole case (2020-07-22 to
  // 2026-03-14)", or the --window before the reference time.
  std::string default_scope;
  const CaseLookup* lookup = nullptr;  // the case's values, for linking words to them
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

// Prose over evidence (an incident summary): our instructions and task, and the evidence as
// data. A model's text is a draft: the caller verifies every sentence before anyone reads it.
struct WriteRequest {
  std::string instructions;  // ours: how to write (the system prompt)
  std::string data;          // evidence: fenced as untrusted, secrets redacted, pseudonymized
  std::string task;          // ours: what to write
  std::vector<std::string> users, hosts;  // identities in the data, for pseudonyms
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string Name() const = 0;
  // An error Status when the provider cannot be reached or answers nothing usable; a Draft
  // with an empty query when it understood too little to draft one.
  virtual Result<Draft> Answer(const DraftRequest& request) = 0;
  // The model's text for the request, pseudonyms restored; the built-in provider writes no
  // prose (Quarry's own templates do), so it refuses.
  virtual Result<std::string> Write(const WriteRequest& /*request*/) {
    return Unsupported("provider '" + Name() + "' writes no prose; the built-in summarizer does");
  }
};

// The offline provider: a documented grammar of hunting questions, no model (builtin.cpp).
std::unique_ptr<Provider> MakeBuiltinProvider();

}  // namespace quarry::assist
