#include "assist/words.h"

#include <cctype>

#include "core/strings.h"

namespace quarry::assist {
namespace {

// Verbs and nouns as hunters say them, and the word the value or knowledge entry uses.
const std::vector<std::pair<std::string_view, std::string_view>>& Synonyms() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kSynonyms = {
      {"new", "create"},      {"added", "create"},     {"add", "create"},
      {"made", "create"},     {"created", "create"},   {"creation", "create"},
      {"removed", "delete"},  {"remove", "delete"},    {"deletion", "delete"},
      {"dropped", "delete"},  {"read", "get"},         {"retrieved", "get"},
      {"fetched", "get"},     {"pulled", "get"},       {"downloaded", "get"},
      {"set", "put"},         {"wrote", "put"},        {"uploaded", "put"},
      {"enumerated", "list"}, {"enumeration", "list"}, {"listed", "list"},
      {"disabled", "stop"},   {"halted", "stop"},      {"changed", "modify"},
      {"modified", "modify"}, {"changed", "update"},   {"updated", "update"},
      {"launched", "run"},    {"started", "start"},    {"logins", "login"},
      {"logon", "login"},     {"logons", "login"},     {"signin", "login"},
      {"failed", "failure"},  {"keys", "key"},         {"secrets", "secret"},
      {"dlls", "image"},      {"dll", "image"},        {"module", "image"},
      {"modules", "image"},   {"detached", "detach"},  {"attached", "attach"},
      {"assumed", "assume"},  {"shared", "share"},     {"rewritten", "modify"},
      {"rewrote", "modify"},  {"rewrite", "modify"},   {"tampered", "modify"},
      {"messed", "modify"},   {"swapped", "update"},   {"spin", "launch"},
      {"spun", "launch"},     {"minted", "get"},       {"whitelisted", "exclusion"}};
  return kSynonyms;
}

}  // namespace

std::vector<std::string> WordParts(std::string_view text) {
  std::vector<std::string> parts;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) parts.push_back(AsciiToLower(current));
    current.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    if (!current.empty()) {
      auto prev = static_cast<unsigned char>(current.back());
      bool camel = std::islower(prev) && std::isupper(c);
      bool acronym_end = std::isupper(prev) && std::isupper(c) && i + 1 < text.size() &&
                         std::islower(static_cast<unsigned char>(text[i + 1]));
      // "CreateFunction20150331" splits before its date; "s3", "ec2", "Win32" stay whole.
      size_t run = i;
      while (run < text.size() && std::isdigit(static_cast<unsigned char>(text[run]))) ++run;
      bool digits = std::isalpha(prev) && std::isdigit(c) && run - i >= 4;
      if (camel || acronym_end || digits) flush();
    }
    current += static_cast<char>(c);
  }
  flush();
  return parts;
}

bool SameWord(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const std::string& shorter = a.size() < b.size() ? a : b;
  const std::string& longer = a.size() < b.size() ? b : a;
  if (shorter.empty() || std::isdigit(static_cast<unsigned char>(shorter[0]))) return false;
  if (longer.compare(0, shorter.size(), shorter) == 0) {
    // An ending: plural, past, -ing, -er, -ion ("tasks" is not "taskschd").
    std::string_view ending = std::string_view(longer).substr(shorter.size());
    for (std::string_view e : {"s", "es", "d", "ed", "ing", "er", "ers", "ion", "ions", "ly"}) {
      if (ending == e) return true;
    }
    // A doubled final consonant: stop, stopped, stopping.
    if (ending.size() >= 3 && ending[0] == shorter.back() &&
        (ending.substr(1) == "ed" || ending.substr(1) == "ing" || ending.substr(1) == "er")) {
      return true;
    }
  }
  // policy, policies; create, creation.
  std::string stem = shorter.substr(0, shorter.size() - 1);
  if (shorter.size() >= 4 && longer.compare(0, stem.size(), stem) == 0) {
    std::string_view ending = std::string_view(longer).substr(stem.size());
    if ((shorter.back() == 'y' && (ending == "ies" || ending == "ied")) ||
        (shorter.back() == 'e' && (ending == "ing" || ending == "ion" || ending == "ions"))) {
      return true;
    }
  }
  return false;
}

}  // namespace quarry::assist

namespace quarry::assist {

bool SameOrSynonym(const std::string& a, const std::string& b) {
  if (SameWord(a, b)) return true;
  for (const auto& [said, means] : Synonyms()) {
    if ((a == said && SameWord(std::string(means), b)) ||
        (b == said && SameWord(std::string(means), a))) {
      return true;
    }
  }
  return false;
}

bool EscapeWord(const std::string& w) {
  return w == "lt" || w == "gt" || w == "amp" || w == "quot" || w == "apos";
}

}  // namespace quarry::assist
