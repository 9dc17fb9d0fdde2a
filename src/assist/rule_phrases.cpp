// The phrases of a detection description (rule_phrases.h).
#include "assist/rule_phrases.h"

#include <algorithm>
#include <cctype>

#include "assist/builtin_internal.h"
#include "core/strings.h"
#include "ingest/json_layouts.h"

namespace quarry::assist::builtin {
namespace {

std::string Squeezed(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace

// Words `phrase` (lower case, spaces between) at i; their count, or 0.
size_t PhraseAt(const std::vector<RuleWord>& w, size_t i, std::string_view phrase) {
  size_t n = 0;
  size_t start = 0;
  for (;;) {
    size_t space = phrase.find(' ', start);
    std::string_view part =
        phrase.substr(start, space == std::string_view::npos ? phrase.npos : space - start);
    if (i + n >= w.size() || w[i + n].lower != part) return 0;
    if (space == std::string_view::npos) return n + 1;
    // A phrase does not run over the end of a sentence.
    if (w[i + n].sentence_end) return 0;
    ++n;
    start = space + 1;
  }
}

size_t AnyAt(const std::vector<RuleWord>& w, size_t i, std::initializer_list<std::string_view> ps) {
  for (std::string_view p : ps) {
    if (size_t n = PhraseAt(w, i, p)) return n;
  }
  return 0;
}

bool ProcessColumn(std::string_view column) {
  for (std::string_view c : {"Image", "ParentImage", "NewProcessName", "ParentProcessName",
                             "SourceImage", "TargetImage", "ProcessName", "Application"}) {
    if (column == c) return true;
  }
  return false;
}

// Where a sentence says which process is the parent: "X as the parent of Y", "Y spawned by X",
// "X spawning Y" (only with executables on both sides). The marker's word index and kind.
std::pair<size_t, Relation> RelationIn(const std::vector<RuleWord>& w, size_t first, size_t last) {
  for (size_t i = first; i < last; ++i) {
    if (AnyAt(
            w, i,
            {"as the parent process of", "as the parent of", "as parent process of", "as parent of",
             "as a parent of", "parent process of", "parent of", "the parent of"})) {
      return {i, Relation::kParentBefore};
    }
    if (AnyAt(w, i,
              {"spawned by", "launched by", "started by", "created by", "executed by", "run by",
               "child of", "children of", "child process of", "whose parent is",
               "whose parent process is", "with parent", "with a parent", "with parent process",
               "parent process is", "parent is", "from parent", "under parent"})) {
      return {i, Relation::kParentAfter};
    }
  }
  for (size_t i = first; i < last; ++i) {
    if (!AnyAt(w, i,
               {"spawning", "spawns", "spawn", "launching", "launches", "starting", "starts",
                "executing", "executes", "creating", "creates"})) {
      continue;
    }
    auto exe = [&](size_t k) { return w[k].shape == ValueShape::kExecutable; };
    bool before = false;
    bool after = false;
    for (size_t k = first; k < i; ++k) before |= exe(k);
    for (size_t k = i + 1; k < last; ++k) after |= exe(k);
    if (before && after) return {i, Relation::kParentBefore};
  }
  return {0, Relation::kNone};
}

// Words that, anywhere in a sentence, make it an exclusion ("… are fine, leave those out").
bool SentenceExcludes(const std::vector<RuleWord>& w, size_t first, size_t last) {
  for (size_t i = first; i < last; ++i) {
    if (AnyAt(w, i, {"should be ignored", "be ignored",      "are fine",
                     "is fine",           "leave those out", "leave them out",
                     "leave it out",      "are excluded",    "is excluded",
                     "are expected",      "is expected",     "are benign",
                     "is benign",         "are allowed",     "is allowed",
                     "are legitimate",    "is legitimate",   "don't alert",
                     "do not alert",      "are ok",          "is ok",
                     "are okay",          "is okay",         "to be ignored",
                     "can be ignored",    "not interesting", "legitimately",
                     "legitimate",        "that's fine",     "that is fine",
                     "should not alert",  "should not fire", "must not alert",
                     "don't matter",      "do not matter",   "doesn't matter",
                     "does not matter",   "not alert"})) {
      return true;
    }
  }
  return false;
}

bool ExclusionAt(const RuleWord& w) {
  static const std::vector<std::string_view> kWords = {
      "excluding", "exclude", "excludes", "except", "unless", "skip",  "ignore",
      "ignoring",  "omit",    "omitting", "minus",  "not",    "never", "outside"};
  if (std::find(kWords.begin(), kWords.end(), w.lower) != kWords.end()) return true;
  return w.lower.size() > 3 && w.lower.substr(w.lower.size() - 3) == "n't";
}

// Words after which a clause only illustrates ("usually alongside scrobj.dll", "e.g. C:\\Temp").
bool Optional(const std::vector<RuleWord>& w, size_t i) {
  for (std::string_view s : {"usually", "often", "typically", "sometimes", "commonly", "possibly",
                             "optionally", "maybe", "perhaps", "e.g", "eg", "for example"}) {
    if (PhraseAt(w, i, s)) return true;
  }
  return false;
}

// An operator word at i: the operator, and how many words say it.
size_t OperatorAt(const std::vector<RuleWord>& w, size_t i, std::string& op) {
  size_t n = 0;
  if ((n = AnyAt(
           w, i,
           {"ending in", "ending with", "ends in", "ends with", "end in", "end with", "ending"}))) {
    op = "endswith";
  } else if ((n = AnyAt(
                  w, i,
                  {"starting with", "starts with", "start with", "beginning with", "begins with",
                   "begin with", "located under", "under", "located in", "prefixed with"}))) {
    op = "startswith";
  } else if ((n = AnyAt(w, i,
                        {"containing", "contains", "contain", "including", "includes", "mentioning",
                         "mentions", "from"}))) {
    op = "contains";
  } else if ((n = AnyAt(w, i,
                        {"is exactly", "exactly", "equals", "equal to", "is", "=", "==", "set to",
                         "of"}))) {
    op = "==";
  }
  return n;
}

bool FreeText(std::string_view column) {
  for (std::string_view c : {"CommandLine", "ParentCommandLine", "ProcessCommandLine",
                             "TaskContent", "ImagePath", "Details", "RequestParameters"}) {
    if (column == c) return true;
  }
  return false;
}

bool ErrorCodeWord(const std::string& text) {
  for (std::string_view end : {"Denied", "Unauthorized", "UnauthorizedOperation", "Exception",
                               "Forbidden", "NotFound", "Failure"}) {
    if (text.size() > end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0) {
      return true;
    }
  }
  return false;
}

// "non-admin", "built-in", "per-user": words, not names.
bool Adjective(const std::string& lower) {
  size_t dash = lower.find('-');
  if (dash == std::string::npos) return false;
  std::string head = lower.substr(0, dash);
  for (std::string_view p :
       {"non",  "multi", "pre",     "post",   "self",   "cross", "built", "per",   "all",
        "well", "high",  "low",     "single", "third",  "first", "long",  "short", "co",
        "re",   "sub",   "anti",    "over",   "under",  "out",   "in",    "on",    "off",
        "up",   "user",  "machine", "system", "domain", "local", "remote"}) {
    if (head == p) return true;
  }
  return false;
}

bool ApiVerb(const std::string& text) {
  static const std::vector<std::string_view> kVerbs = {
      "Create",    "Delete",       "Put",      "Get",        "List",      "Describe", "Update",
      "Stop",      "Start",        "Attach",   "Detach",     "Authorize", "Revoke",   "Modify",
      "Disable",   "Enable",       "Add",      "Remove",     "Assume",    "Console",  "Run",
      "Terminate", "Set",          "Reset",    "Change",     "Upload",    "Import",   "Export",
      "Associate", "Disassociate", "Register", "Deregister", "Invoke",    "Decrypt",  "Encrypt",
      "Schedule",  "Restore",      "Copy",     "Send",       "Generate",  "Rotate",   "Cancel",
      "Accept",    "Reject",       "Confirm",  "Grant",      "Retire",    "Replace",  "Reboot",
      "Publish",   "Subscribe",    "Login",    "Switch",     "Apply",     "Batch"};
  for (std::string_view v : kVerbs) {
    if (text.size() > v.size() && text.compare(0, v.size(), v) == 0 &&
        std::isupper(static_cast<unsigned char>(text[v.size()]))) {
      return true;
    }
  }
  return false;
}

size_t ColumnAt(const std::vector<RuleWord>& words, size_t i, const kql::TableSchema* schema,
                std::string& column) {
  if (schema == nullptr || i >= words.size() || words[i].shape == ValueShape::kQuoted) return 0;
  const RuleWord& first = words[i];
  // A CloudTrail record path, as Sigma and AWS write it.
  if (first.text.find('.') != std::string::npos && schema->name == "AWSCloudTrail") {
    for (const kql::Column& c : schema->columns) {
      std::string path = AsciiToLower(ingest::CloudTrailPathOf(c.name));
      if (!path.empty() && path == first.lower) {
        column = c.name;
        return 1;
      }
    }
    size_t dot = first.text.find('.');
    std::string head = first.lower.substr(0, dot);
    for (const kql::Column& c : schema->columns) {
      if (c.type == kql::Type::kDynamic && Squeezed(ingest::CloudTrailPathOf(c.name)) == head) {
        column = "tostring(" + c.name + "." + first.text.substr(dot + 1) + ")";
        return 1;
      }
    }
  }
  for (size_t n = 3; n >= 1; --n) {
    if (i + n > words.size()) continue;
    std::string joined;
    bool ends = false;
    for (size_t k = i; k < i + n; ++k) {
      if (ends || words[k].shape == ValueShape::kQuoted) {
        joined.clear();
        break;
      }
      joined += Squeezed(words[k].text);
      ends = words[k].sentence_end || words[k].list_after;
    }
    if (joined.size() < 4) continue;
    // One word names a column only as its name is written ("TargetImage", "errorCode"): "image"
    // or "details" in a sentence are words.
    if (n == 1 && (first.text == first.lower || first.text.find('.') != std::string::npos)) {
      continue;
    }
    const kql::Column* suffix = nullptr;
    for (const kql::Column& c : schema->columns) {
      std::string name = AsciiToLower(c.name);
      if (name == joined || (n >= 2 && name == joined + "s")) {
        column = c.name;
        return n;
      }
      if (n >= 2 && joined.size() >= 8 && name.size() > joined.size() &&
          name.compare(name.size() - joined.size(), joined.size(), joined) == 0) {
        suffix = &c;
      }
    }
    if (suffix != nullptr) {
      column = suffix->name;
      return n;
    }
  }
  return 0;
}

size_t CommandWordsAfter(const std::vector<RuleWord>& w, const std::vector<bool>& used, size_t i,
                         std::vector<std::string>& out) {
  if (w[i].list_after || w[i].sentence_end || w[i].paren_close) return i;
  size_t k = i + 1;
  if (k < w.size() && w[k].lower == "with") ++k;
  std::vector<std::string> phrases(1);
  size_t last = i;
  for (; k < w.size(); ++k) {
    const RuleWord& p = w[k];
    bool plain = (p.shape == ValueShape::kNone || p.shape == ValueShape::kName) &&
                 p.text == p.lower && !IsStopWord(p.lower) && p.lower.size() < 30;
    if (p.lower == "or" && !phrases.back().empty()) {
      phrases.emplace_back();
      continue;
    }
    bool ing = p.lower.size() > 4 && (p.lower.substr(p.lower.size() - 3) == "ing" ||
                                      p.lower.substr(p.lower.size() - 2) == "ed");
    size_t entity = 0;
    for (const auto& [phrase, e] : EntityWords()) entity = entity ? entity : PhraseAt(w, k, phrase);
    if (!plain || ing || entity > 0 || used[k]) return i;
    phrases.back() += (phrases.back().empty() ? "" : " ") + p.lower;
    last = k;
    if (p.list_after || p.sentence_end || p.paren_close) break;
    if (k + 1 < w.size() && w[k + 1].lower == "or" && phrases.size() == 1 && k + 2 < w.size() &&
        w[k + 2].shape != ValueShape::kNone && w[k + 2].shape != ValueShape::kName) {
      break;  // "vssadmin delete shadows or wmic …"
    }
  }
  if (k >= w.size() && last == i) return i;
  if (!(w[last].list_after || w[last].sentence_end || w[last].paren_close || last + 1 >= w.size() ||
        w[last + 1].lower == "or")) {
    return i;
  }
  for (std::string& phrase : phrases) {
    if (!phrase.empty()) out.push_back(std::move(phrase));
  }
  return last;
}

}  // namespace quarry::assist::builtin
