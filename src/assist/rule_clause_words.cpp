// The phrases of a description that are values by where they stand (rule_clauses.h): a
// program's command words, settings, named kinds, list items, concepts, group names.
#include <algorithm>
#include <cctype>

#include "assist/rule_clauses.h"
#include "core/strings.h"

namespace quarry::assist::builtin {

size_t ConditionReader::CommandPhrase(size_t i) {
  std::string column = Column(Entity::kCommandLine);
  if (column.empty()) return i;
  std::vector<std::string> phrases;
  size_t last = CommandWordsAfter(w_, used_, i, phrases);
  for (const std::string& phrase : phrases) {
    // A short word is a word of the command line: "cl" is not the start of "clear".
    std::string value = phrase.size() <= 3 ? " " + phrase + " " : phrase;
    Add(column, "contains", value, phrase);
  }
  return last;
}

bool ConditionReader::ClauseExcludes(size_t from, size_t last) const {
  size_t end = from;
  while (end < last && !w_[end].clause_end) ++end;
  return SentenceExcludes(w_, from, std::min(end + 1, last));
}

size_t ConditionReader::ConceptAt(size_t i) {
  struct Concept {
    std::string_view phrase;
    Entity entity;
    std::string_view value;
  };
  static const std::vector<Concept> kConcepts = {
      {"startup folder", Entity::kFile, "\\Start Menu\\Programs\\Startup\\"},
      {"startup folders", Entity::kFile, "\\Start Menu\\Programs\\Startup\\"},
      {"image file execution options", Entity::kRegistryKey, "\\Image File Execution Options\\"},
      {"run key", Entity::kRegistryKey, "\\CurrentVersion\\Run"},
      {"run keys", Entity::kRegistryKey, "\\CurrentVersion\\Run"},
      {"runonce key", Entity::kRegistryKey, "\\CurrentVersion\\RunOnce"},
      {"winlogon key", Entity::kRegistryKey, "\\Windows NT\\CurrentVersion\\Winlogon"}};
  for (const Concept& c : kConcepts) {
    size_t n = PhraseAt(w_, i, c.phrase);
    // "a Windows Start Menu Startup folder": the words before say the same place.
    if (n == 0) continue;
    std::string column = Column(c.entity);
    // A process creation names the place in its command line ("reg add …\\Run").
    if (column.empty()) column = Column(Entity::kCommandLine);
    if (column.empty()) return 0;
    Add(column, "contains", std::string(c.value), std::string(c.phrase));
    return n;
  }
  return 0;
}

void ConditionReader::GroupNames(size_t first, size_t last) {
  if (std::find(source_.key_fields.begin(), source_.key_fields.end(), "MemberName") ==
          source_.key_fields.end() ||
      !Has("TargetUserName")) {
    return;
  }
  for (size_t g = first; g < last; ++g) {
    if (w_[g].lower != "group" && w_[g].lower != "groups") continue;
    std::vector<std::string> names(1);
    size_t k = g;
    while (k > first) {
      const RuleWord& p = w_[k - 1];
      bool capital = std::isupper(static_cast<unsigned char>(p.text[0])) != 0;
      if (p.lower == "or" || p.lower == "and" || p.list_after) {
        if (names.back().empty()) break;
        names.emplace_back();
        if (p.lower == "or" || p.lower == "and") {
          --k;
          continue;
        }
      }
      if (!capital || p.shape != ValueShape::kNone) break;
      names.back() = p.text + (names.back().empty() ? "" : " " + names.back());
      --k;
    }
    for (const std::string& name : names) {
      if (!name.empty()) Add("TargetUserName", "=~", name, name + " group");
    }
    Break();
  }
}

size_t ConditionReader::NameWordAt(size_t i) {
  std::string column;
  size_t n = 0;
  bool membership = std::find(source_.key_fields.begin(), source_.key_fields.end(), "MemberName") !=
                    source_.key_fields.end();
  bool access = std::find(source_.key_fields.begin(), source_.key_fields.end(), "SourceImage") !=
                source_.key_fields.end();
  if (membership && (n = AnyAt(w_, i, {"group name", "group"}))) {
    column = "TargetUserName";
  } else if (access && (n = AnyAt(w_, i, {"source process", "source image", "source"}))) {
    column = "SourceImage";  // "not when the source is MsMpEng.exe"
  } else if (access && (n = AnyAt(w_, i, {"target process", "target image", "target"}))) {
    column = "TargetImage";
  } else if ((n = AnyAt(w_, i, {"whose name", "its name", "the name", "named"}))) {
    for (const std::string& f : source_.key_fields) {
      bool person = f.find("UserName") != f.npos || f == "MemberName" ||
                    f.find("Domain") != f.npos || f.find("Computer") != f.npos ||
                    f.find("Workstation") != f.npos;
      if (f.size() > 4 && f.compare(f.size() - 4, 4, "Name") == 0 && !person) {
        column = f;
        break;
      }
    }
  }
  if (column.empty() || (schema_ != nullptr && schema_->Find(column) == nullptr)) return 0;
  column_ = column;
  strong_ = true;
  entity_.reset();
  op_ = w_[i].lower == "named" ? "==" : "";
  since_slot_ = 0;
  Break();
  return n;
}

size_t ConditionReader::EntityWordAt(size_t i) {
  for (const auto& [phrase, entity] : EntityWords()) {
    if (size_t n = PhraseAt(w_, i, phrase)) {
      // "the Image path": a column just named keeps its place.
      if (since_slot_ > 2 || column_.empty()) {
        entity_ = entity;
        column_.clear();
        since_slot_ = 0;
      }
      return n;
    }
  }
  return 0;
}

bool ConditionReader::Accessed(size_t i) const {
  for (size_t back = 1; back <= 2 && back <= i; ++back) {
    const std::string& l = w_[i - back].lower;
    if (l == "opening" || l == "opens" || l == "open" || l == "accessing" || l == "accesses" ||
        l == "reading" || l == "reads" || l == "into" || l == "targeting" || l == "target" ||
        (l == "to" && back == 1 && i >= 2 && w_[i - 2].lower == "access")) {
      return true;
    }
  }
  return false;
}

size_t ConditionReader::FreePhrase(size_t i) {
  std::string column = Column(Entity::kCommandLine);
  if (column.empty()) return 0;
  bool starts = w_[i].paren_open || (i > 0 && w_[i - 1].colon_after) ||
                (i >= 2 && (w_[i - 2].lower == "together" || w_[i - 2].lower == "along") &&
                 w_[i - 1].lower == "with");
  if (!starts || used_[i]) return 0;
  std::string phrase;
  size_t k = i;
  for (; k < w_.size() && k < i + 5; ++k) {
    const RuleWord& p = w_[k];
    if (p.shape != ValueShape::kNone || p.text != p.lower || IsStopWord(p.lower) || used_[k] ||
        (k > i && p.paren_open)) {
      return 0;
    }
    phrase += (phrase.empty() ? "" : " ") + p.lower;
    if (p.list_after || p.paren_close || p.sentence_end) break;
  }
  if (k >= w_.size() || k == i || k == i + 5) return 0;  // one word, or no end: a sentence
  Add(column, "contains", phrase, phrase);
  read_to_ = k + 1;  // the phrase's words are read
  return k - i + 1;
}

bool ConditionReader::Setting(size_t i) {
  std::string column = Column(Entity::kCommandLine);
  if (column.empty() || w_[i].text != w_[i].lower) return false;
  size_t n = AnyAt(w_, i + 1, {"set to", "=", "to"});
  size_t v = i + 1 + n;
  if (n == 0 || v >= w_.size() || IsStopWord(w_[v].lower) ||
      !(w_[v].shape == ValueShape::kNone || w_[v].shape == ValueShape::kName ||
        w_[v].shape == ValueShape::kQuoted || w_[v].shape == ValueShape::kNumber)) {
    return false;
  }
  if (w_[i + 1].lower == "to" && w_[v].text == w_[v].lower) return false;  // "…to copy"
  std::string value = w_[v].text;
  if (value.size() <= 3) value = " " + value;  // "No": a word, not the start of "now"
  // "…, or bootstatuspolicy set to ignoreallfailures": settings and values are alternatives
  // of the ones said before in the sentence.
  bool either = setting_ && out_[setting_->first].sentence == sentence_;
  if (either) {
    out_[setting_->first].tests.emplace_back("contains", w_[i].lower);
    out_[setting_->second].tests.emplace_back("contains", value);
  } else {
    out_.push_back(
        {column, {{"contains", w_[i].lower}}, negated_, w_[i].text, sentence_, heading_});
    out_.push_back({column, {{"contains", value}}, negated_, w_[v].text, sentence_, heading_});
    setting_ = {out_.size() - 2, out_.size() - 1};
  }
  Break();
  read_to_ = v + 1;
  return true;
}

bool ConditionReader::Named(size_t i) {
  if (i + 1 >= w_.size()) return false;
  const std::string& kind = w_[i + 1].lower;
  if (kind == "value" && Has("TargetObject") && Column(Entity::kRegistryKey) == "TargetObject" &&
      w_[i].text != w_[i].lower) {
    Add("TargetObject", "endswith", "\\" + w_[i].text, w_[i].text + " value");
    return true;
  }
  static const std::vector<std::string_view> kKinds = {"action", "switch",   "verb",     "option",
                                                       "flag",   "argument", "parameter"};
  if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) return false;
  std::string column = Column(Entity::kCommandLine);
  if (column.empty()) column = ColumnFor(source_, Entity::kFile, schema_, true);
  if (column.empty()) return false;
  Add(column, "contains", w_[i].text, w_[i].text + " " + kind);
  return true;
}

bool ConditionReader::ListItem(size_t i) {
  if (i == 0 || open_.empty()) return false;
  size_t p = i - 1;
  if (p > 0 && w_[p].lower == "the") --p;  // "… or the SAM or SYSTEM hives"
  const RuleWord& prev = w_[p];
  bool caps = w_[i].text.size() >= 2 &&
              std::all_of(w_[i].text.begin(), w_[i].text.end(),
                          [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
  bool after = prev.list_after || prev.lower == "or" || prev.lower == "and";
  bool before = caps || w_[i].list_after || w_[i].sentence_end || w_[i].paren_close ||
                (i + 1 < w_.size() && (w_[i + 1].lower == "or" || w_[i + 1].lower == "and"));
  if (!after || !before || (w_[i].text != w_[i].lower && !caps)) return false;
  const RuleCondition& group = out_[open_.back()];
  if (group.negated != negated_) return false;
  if (ProcessColumn(group.column)) {
    Add(group.column, "endswith", "\\" + w_[i].lower + ".exe", w_[i].text);
    return true;
  }
  if (FreeText(group.column)) {
    Add(group.column, "contains", caps ? w_[i].text : w_[i].lower, w_[i].text);
    return true;
  }
  return false;
}

bool ConditionReader::InList(size_t i) const {
  auto listed = [&](size_t a, size_t b) {  // a before b, separated by a comma or "or"
    return b < w_.size() && w_[b].shape == w_[a].shape &&
           (w_[a].list_after || (b == a + 2 && w_[a + 1].lower == "or"));
  };
  return (i >= 1 && listed(i - 1, i)) || (i >= 2 && listed(i - 2, i)) || listed(i, i + 1) ||
         listed(i, i + 2);
}

std::string ConditionReader::ObjectColumn() const {
  for (const std::string& f : source_.key_fields) {
    if (ProcessColumn(f) || f.find("User") != std::string::npos || f == "Computer" ||
        f.find("Ip") != std::string::npos || !Has(f)) {
      continue;
    }
    return f;
  }
  return "";
}

bool ConditionReader::PlainWord(size_t i) {
  const RuleWord& word = w_[i];
  if (IsStopWord(word.lower) || word.lower.size() < 2 ||
      !std::all_of(word.text.begin(), word.text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      })) {
    return false;
  }
  bool capital = std::isupper(static_cast<unsigned char>(word.text[0])) != 0;
  if (ListItem(i) || Setting(i) || Named(i)) return true;
  // "excluding the krbtgt service": a name before the word saying what it is.
  if (negated_ && word.text == word.lower && i + 1 < w_.size() && !Adjective(word.lower)) {
    for (Entity e : {Entity::kService}) {
      for (const auto& [phrase, entity] : EntityWords()) {
        if (entity != e || PhraseAt(w_, i + 1, phrase) == 0) continue;
        std::string column = Column(e);
        if (column.empty()) return false;
        Add(column, "=~", word.text, word.text + " " + std::string(phrase));
        return true;
      }
    }
  }
  if (!column_.empty() && strong_ && since_slot_ <= 1) {
    if (op_ == "contains") {
      Add(column_, "contains", word.text, word.text);
      return true;
    }
    if (capital && op_ == "==" && since_slot_ == 0) {
      Add(column_, column_.find("tostring(") == std::string::npos ? "=~" : "==", word.text,
          word.text);
      return true;
    }
  }
  size_t k = i + 1;
  // "lsass appears in the command line", "with ifm in the command line"
  bool verb = k < w_.size() && (w_[k].lower == "appears" || w_[k].lower == "shows" ||
                                w_[k].lower == "occurs" || w_[k].lower == "is");
  bool with = i > 0 && (w_[i - 1].lower == "with" || w_[i - 1].lower == "has" ||
                        w_[i - 1].lower == "containing" || w_[i - 1].lower == "including");
  if (!verb && !with) return false;
  if (verb) ++k;
  if (k < w_.size() && (w_[k].lower == "in" || w_[k].lower == "on")) {
    ++k;
    if (k < w_.size() && w_[k].lower == "the") ++k;
    std::string column;
    if (ColumnAt(w_, k, schema_, column) > 0) {
      Add(column, "contains", word.text, word.text);
      return true;
    }
  }
  return false;
}

}  // namespace quarry::assist::builtin
