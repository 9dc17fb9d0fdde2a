// Words of values and questions, compared the way a person reads them: CamelCase and
// punctuation split, and one word up to plural and tense endings. Shared by the linker and the
// grounding check so that both read a value's words alike. Internal to src/assist.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quarry::assist {

// Lower-case runs of letters and digits, CamelCase split: "CreateAccessKey" → create, access,
// key; "iam.amazonaws.com" → iam, amazonaws, com; "Win32" and "s3" stay whole, a long number
// is apart ("CreateFunction20150331" → create, function, 20150331).
std::vector<std::string> WordParts(std::string_view text);

// Two lower-case words are one up to an ending: "users"/"user", "keys"/"key", "created"/"create",
// "stopped"/"stop", "policies"/"policy", "creation"/"create", "loaded"/"load" ("tasks" is not
// "taskschd"). Numbers only equal themselves.
bool SameWord(const std::string& a, const std::string& b);

// SameWord, or one is a word hunters use for the other (new → create, read → get, removed →
// delete, logons → login …): how the linker reads a value's words, and so how the grounding
// check traces them back to the question.
bool SameOrSynonym(const std::string& a, const std::string& b);

// The words of an XML or HTML character reference ("&lt;Anonymous Pipe&gt;", as some exports
// leave a value): markup, not a word of the value.
bool EscapeWord(const std::string& w);

}  // namespace quarry::assist
