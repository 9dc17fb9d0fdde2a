// The phrases a detection description is read by (rule_phrases.cpp): operators ("ending in",
// "located under"), exclusions ("except", "… are fine"), illustrations ("e.g."), parent and
// child ("spawned by"), and columns named in the text. Internal to src/assist.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "assist/rule_reader.h"

namespace quarry::assist::builtin {

// Words `phrase` (lower case, spaces between) at i, within one sentence; their count, or 0.
size_t PhraseAt(const std::vector<RuleWord>& w, size_t i, std::string_view phrase);
size_t AnyAt(const std::vector<RuleWord>& w, size_t i, std::initializer_list<std::string_view> ps);

// A column holding a program's path (Image, ParentProcessName, …).
bool ProcessColumn(std::string_view column);

enum class Relation : uint8_t { kNone, kParentBefore, kParentAfter };

// Where a sentence says which process is the parent: "X as the parent of Y", "Y spawned by X",
// "X spawning Y" (only with executables on both sides). The marker's word index and kind.
std::pair<size_t, Relation> RelationIn(const std::vector<RuleWord>& w, size_t first, size_t last);

// Words that, anywhere in a sentence, make it an exclusion ("… are fine, leave those out").
bool SentenceExcludes(const std::vector<RuleWord>& w, size_t first, size_t last);

// "except", "unless", "not", "doesn't" …
bool ExclusionAt(const RuleWord& w);

// Words after which a clause only illustrates ("usually alongside scrobj.dll", "e.g. C:\Temp").
bool Optional(const std::vector<RuleWord>& w, size_t i);

// An operator word at i: the operator (endswith, startswith, contains, ==), and how many words
// say it.
size_t OperatorAt(const std::vector<RuleWord>& w, size_t i, std::string& op);

// "vssadmin delete shadows", "wevtutil with cl or clear-log": the words after a program at i, to
// the end of its list item, as alternatives of what its command line says (none when the
// words run on into a sentence). The index of the last word read.
size_t CommandWordsAfter(const std::vector<RuleWord>& w, const std::vector<bool>& used, size_t i,
                         std::vector<std::string>& out);

// A column of free text: a command line, a task's XML, a service's command, a registry value.
bool FreeText(std::string_view column);

// "AccessDenied", "UnauthorizedOperation": a CloudTrail error code.
bool ErrorCodeWord(const std::string& text);

// "non-admin", "built-in", "per-user": words, not names.
bool Adjective(const std::string& lower);

}  // namespace quarry::assist::builtin
