// The built-in provider's reader of detection descriptions (`quarry rules draft`): a rule is
// described by the values it looks for, listed as alternatives ("cmd.exe, powershell.exe or
// wscript.exe"), tied to fields by name ("TargetImage is …", "in the command line") or by their
// shape (an executable, a switch, a URL scheme, a domain), related as parent and child, and
// excluded ("unless", "except", "… should be ignored"). A hunting question is read by
// builtin_parse.cpp; this reads what a question does not have. Internal to src/assist.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "assist/builtin_internal.h"
#include "kql/catalog.h"

namespace quarry::assist::builtin {

// What a value looks like, which says where it belongs when no field is named.
enum class ValueShape : uint8_t {
  kNone,        // a word of the sentence, no value
  kExecutable,  // cmd.exe, PowerShell (a known binary named bare)
  kLibrary,     // comsvcs.dll, scrobj.dll: loaded by a command line
  kPath,        // \Temp\, C:\Users\Public\, C:\Windows\system32\lsass.exe
  kRegistry,    // HKLM\SAM, HKEY_LOCAL_MACHINE\SAM
  kSwitch,      // -enc, /urlcache, /i:
  kScheme,      // http://, javascript:
  kDomain,      // ngrok.io
  kIp,          // 0.0.0.0/0, 10.1.2.3
  kCamel,       // StopLogging, MiniDump, Clear-EventLog, AccessDenied
  kName,        // svc-terraform, adm-, #24: a value only where a field was just named
  kQuoted,      // 'reg save', "No"
  kNumber,
};

struct RuleWord {
  std::string text;   // as written, surrounding punctuation removed
  std::string lower;  // lower case
  ValueShape shape = ValueShape::kNone;
  bool list_after = false;    // a comma follows
  bool sentence_end = false;  // a full stop, semicolon, ! or ? follows
  bool colon_after = false;   // a colon follows (a heading, a list starts)
  bool paren_open = false;    // "(" before it
  bool paren_close = false;   // ")" after it
  bool clause_end = false;    // a semicolon follows
};

// The description's words, with paths that hold spaces ("C:\Program Files\X\") and quoted
// phrases kept whole, each with its shape.
std::vector<RuleWord> RuleWords(std::string_view description);

// A Windows binary commonly named without its extension ("vssadmin", "PowerShell"): its file
// name ("vssadmin.exe"), or "".
std::string KnownBinary(std::string_view lower);
// KnownBinary, or an Office product by its name as written ("Word" → "winword.exe").
std::string ProgramFile(std::string_view text);

// "four" → "4", for the threshold grammar.
std::string NumberWordsAsDigits(std::string_view text);

// The events a rule is about.
struct RuleSource {
  std::string table;
  std::string base;  // KQL condition selecting them ("" for every row of the table)
  std::string said;  // in words: "process creations (Security event 4688)"
  const Activity* activity = nullptr;   // its entity → column map and techniques, when one fits
  std::vector<std::string> key_fields;  // the knowledge entry's fields, most telling first
  std::vector<Technique> techniques;
  // The case, to tell the columns its events of this kind fill (one Sysmon table holds every
  // Sysmon event: a registry key column is no condition on process creations).
  const CaseLookup* lookup = nullptr;
  mutable std::map<std::string, bool> filled;  // column → whether these events fill it
};

// One condition of a rule: a column tested against alternatives (or'ed), or excluded.
struct RuleCondition {
  std::string column;
  std::vector<std::pair<std::string, std::string>> tests;  // (KQL operator, value)
  bool negated = false;
  std::string said;      // the description's words it came from
  int sentence = 0;      // which sentence said it
  bool heading = false;  // said before the first colon ("Detect renamed PowerShell: …")
};

// The events a description is about; an empty table when it does not say. Marks the words
// read as event ids in `used`.
RuleSource SourceOf(const DraftRequest& request, const std::vector<RuleWord>& words,
                    std::vector<bool>& used, const HuntSpec& spec);

// The column an entity is for the source's events, one the table has; "" when none.
// `own_only`: only the activity's and the knowledge entry's columns, not the table's other
// columns for the entity (those also need the case to tell which these events fill).
std::string ColumnFor(const RuleSource& source, Entity e, const kql::TableSchema* schema,
                      bool own_only = false);

// A column named in the description at word i ("TargetImage", "command line", "task content",
// "userIdentity.arn"): its KQL name, and how many words name it.
size_t ColumnAt(const std::vector<RuleWord>& words, size_t i, const kql::TableSchema* schema,
                std::string& column);

// A CloudTrail API name by its verb ("CreateAccessKey", "StopLogging").
bool ApiVerb(const std::string& text);

// Reads the conditions of a description: values with their columns and operators, alternatives
// or'ed, exclusions negated. `used[i]` marks words read elsewhere (event ids, thresholds).
std::vector<RuleCondition> ReadConditions(const std::vector<RuleWord>& words,
                                          const std::vector<bool>& used, const RuleSource& source,
                                          const kql::TableSchema* schema);

// Reads a detection description into a draft (query, explanation, mapping, techniques); false
// when it cannot tell which events the rule is about (the question grammar is tried then).
bool DraftDetection(const DraftRequest& request, Draft& draft);

// A string as a KQL literal: verbatim (@"…") when it holds a backslash.
std::string KqlQuote(const std::string& value);

}  // namespace quarry::assist::builtin
