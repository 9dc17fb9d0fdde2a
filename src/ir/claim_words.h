// The word lists the claim reader works from, as data: which words count things, which words
// announce a name, which technical words are vocabulary rather than names.
#pragma once

#include <optional>
#include <string_view>

#include "ir/claims.h"

namespace quarry::ir {

// "events", "logons", "hosts": what a number before the word counts; nullopt for other words.
std::optional<CountOf> CountNoun(std::string_view lower_word);
// Words that may stand between a number and what it counts ("failed", "Kerberos", "TGS").
bool CountQualifier(std::string_view lower_word);
// "three" → 3, "twice" → 2 (sets `times`), "dozen" → 12.
std::optional<int64_t> NumberWord(std::string_view lower_word, bool* times = nullptr);
// Units after a number that make it a duration or size, not a count ("minutes", "MB").
bool UnitWord(std::string_view lower_word);

// Words after which the next word is a name: "user", "host", "service", "task".
std::optional<EntityKind> NameCue(std::string_view lower_word);
// Function words and generic nouns that never are names, even after a cue.
bool StopWord(std::string_view lower_word);
// Technical vocabulary shaped like a name (RC4, SHA256, PowerShell, NTLM, IPv4): not a name.
bool ConceptWord(std::string_view lower_word);
// First words of cloud API operations: ConsoleLogin, StopLogging, GetCallerIdentity.
bool ApiVerb(std::string_view word);
// Security words most dictionaries lack ("exfiltration", "ransomware"): words, not names.
bool JargonWord(std::string_view lower_word);
// Whether `word` (as written) is an English word of the dictionary, allowing for plurals,
// tenses and possessives.
bool EnglishWord(const CaseVocabulary& vocabulary, std::string_view word);
// A hyphenated word whose parts are English words or the names of ciphers, hashes and
// protocols ("RC4-encrypted"); not a host such as WIN-77LTAPHIQ1R.
bool TechnicalCompound(const CaseVocabulary& v, std::string_view w);
// Words that deny what follows: "no", "not", "never", "without".
bool NegationWord(std::string_view lower_word);

}  // namespace quarry::ir
