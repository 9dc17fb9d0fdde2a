// The conditions of a detection description (rule_reader.h): each value gets a column (named,
// or the one its shape belongs in) and an operator; values listed together are alternatives;
// an exclusion negates what follows it in its sentence.
#include "assist/rule_clauses.h"

#include <algorithm>
#include <cctype>

#include "core/strings.h"

namespace quarry::assist::builtin {

void ConditionReader::Sentence(size_t first, size_t last) {
  ++sentence_;
  // "Detect renamed PowerShell: …": the words before the first sentence's colon name the
  // rule; what follows says its conditions.
  heading_ = false;
  if (sentence_ == 1) {
    for (size_t k = first; k + 1 < last; ++k) heading_ |= w_[k].colon_after;
  }
  negated_ = ClauseExcludes(first, last);
  column_.clear();
  entity_.reset();
  op_.clear();
  skip_ = false;
  open_.clear();
  paren_group_ = std::nullopt;
  either_ = false;
  since_slot_ = 99;
  auto [marker, relation] = RelationIn(w_, first, last);
  for (size_t i = first; i < last; ++i) {
    const RuleWord& word = w_[i];
    if (i > first && w_[i - 1].colon_after) heading_ = false;
    // "…; internal 10.x.x.x addresses are fine": a clause of its own.
    if (i > first && w_[i - 1].clause_end) {
      negated_ = ClauseExcludes(i, last);
      column_.clear();
      Break();
    }
    if (i < read_to_) continue;
    if (!used_[i] && !skip_ && FreePhrase(i) > 0) continue;
    if (size_t n = ConceptAt(i)) {
      i += n - 1;
      continue;
    }
    if (i == first || w_[i - 1].sentence_end || w_[i - 1].clause_end) GroupNames(i, last);
    if (i > first && (w_[i - 1].list_after || w_[i - 1].colon_after || w_[i - 1].paren_close)) {
      skip_ = false;
    }
    if (used_[i]) {
      Break();
      continue;
    }
    if (word.paren_open) {
      paren_group_ = open_.empty() ? std::nullopt : std::optional<size_t>(open_.back());
      paren_first_ = out_.size();
    }
    if (i > first && w_[i - 1].paren_close) {
      paren_group_ = std::nullopt;
      // What a parenthesis said is closed with it: "(/tr) points into AppData" is no "or".
      // …unless the list goes on after it: "a URL (http:// or https://) or inline code".
      bool goes_on = w_[i - 1].list_after || w_[i].lower == "or";
      if (!goes_on) std::erase_if(open_, [&](size_t g) { return g >= paren_first_; });
      paren_first_ = SIZE_MAX;
    }
    if (word.shape == ValueShape::kQuoted) {
      Value(i, marker, relation);
      continue;
    }
    if (Optional(w_, i)) skip_ = true;
    if (skip_) continue;
    if (ExclusionAt(word)) {
      negated_ = true;
      // "excluding …", "except …" start a clause of their own: no column reaches into it.
      if (word.lower != "not" && word.lower.find("n't") == std::string::npos) {
        column_.clear();
        since_slot_ = 99;
      }
      Break();
      continue;
    }
    std::string column;
    if (size_t n = ColumnAt(w_, i, schema_, column)) {
      if (negated_) bare_ = {column, out_.size()};
      column_ = column;
      strong_ = word.text != word.lower || word.text.find('.') != std::string::npos;
      entity_.reset();
      op_.clear();
      since_slot_ = 0;
      Break();
      i += n - 1;
      continue;
    }
    std::string op;
    if (size_t n = OperatorAt(w_, i, op)) {
      // "is" and "of" only say equality right after a column ("TargetImage is …").
      if (op == "==" && since_slot_ > 2) {
        Connector(i);
      } else {
        op_ = op;
      }
      if (since_slot_ <= 2) since_slot_ = 0;
      i += n - 1;
      continue;
    }
    if (size_t n = NameWordAt(i)) {
      i += n - 1;
      continue;
    }
    if (size_t n = EntityWordAt(i)) {
      i += n - 1;
      continue;
    }
    if (!Value(i, marker, relation)) {
      Connector(i);
      // How far a column named reaches counts the words that say something.
      if (!IsStopWord(word.lower)) ++since_slot_;
      continue;
    }
    if (word.shape == ValueShape::kExecutable) i = CommandPhrase(i);
  }
  // "Attempts that failed with an error code should not alert": a column excluded with no
  // value excludes the events that have one.
  if (bare_ && bare_->second == out_.size() && negated_) {
    out_.push_back({bare_->first, {{"isnotempty", ""}}, true, bare_->first, sentence_, false});
  }
  bare_ = std::nullopt;
}

void ConditionReader::Connector(size_t i) {
  static const std::vector<std::string_view> kEnds = {
      "with", "together", "alongside", "plus",  "and",  "where",    "whose",   "in",  "on",
      "at",   "to",       "that",      "which", "when", "while",    "but",     "for", "by",
      "via",  "using",    "also",      "as",    "if",   "whenever", "without", "of"};
  const std::string& l = w_[i].lower;
  if (std::find(kEnds.begin(), kEnds.end(), l) == kEnds.end()) return;
  if (i > 0 && w_[i - 1].lower == "or") return;  // "… or with inline code": still either
  if (l == "and" && !open_.empty() && std::all_of(open_.begin(), open_.end(), [&](size_t g) {
        return ProcessColumn(out_[g].column) || out_[g].column == "EventName";
      })) {
    return;  // one process is not two executables: "WINWORD.EXE and EXCEL.EXE" are either
  }
  Break();
}

bool ConditionReader::Value(size_t i, size_t marker, Relation relation) {
  const RuleWord& word = w_[i];
  previous_value_ = last_value_ ? *last_value_ : 0;
  last_word_ = i;
  std::string value = word.text;
  ValueShape shape = word.shape;
  bool slot = since_slot_ <= 3 && (!column_.empty() || entity_.has_value());
  // "an http or https URL": a scheme named bare.
  if (shape == ValueShape::kNone &&
      (word.lower == "http" || word.lower == "https" || word.lower == "ftp")) {
    for (size_t k = i >= 3 ? i - 3 : 0; k < w_.size() && k <= i + 3; ++k) {
      if (w_[k].lower.rfind("url", 0) == 0 || w_[k].lower.rfind("link", 0) == 0) {
        shape = ValueShape::kScheme;
        value = word.lower + "://";
      }
    }
  }
  if (shape == ValueShape::kNone) return PlainWord(i);
  std::string column;
  std::string op = op_;
  bool loose = shape == ValueShape::kCamel || shape == ValueShape::kName ||
               shape == ValueShape::kQuoted || shape == ValueShape::kNumber;
  bool named = !column_.empty() && (since_slot_ <= (loose ? 1 : 3) || Opened(column_));
  if (named) column = column_;
  // "from the command line: net.exe": a column said in words does not take a program, nor
  // does one some words back ("TargetObject contains … excluding OneDrive.exe").
  if (named && shape == ValueShape::kExecutable && !ProcessColumn(column_) &&
      (op_.empty() || since_slot_ > 1 || !strong_)) {
    column.clear();
  }
  switch (shape) {
    case ValueShape::kNone:
      return false;
    case ValueShape::kExecutable: {
      if (column.empty()) {
        bool parent = entity_ == Entity::kParent;
        if (relation == Relation::kParentBefore) parent = i < marker;
        if (relation == Relation::kParentAfter) parent = i > marker;
        if (Accessed(i)) column = Has("TargetImage") ? "TargetImage" : "";
        if (column.empty()) column = Column(parent ? Entity::kParent : Entity::kProcess);
        if (column.empty()) column = Column(Entity::kCommandLine);
        // A service's or a task's command: "whose binary path runs cmd.exe".
        if (column.empty()) column = ColumnFor(source_, Entity::kFile, schema_, true);
      }
      if (ProcessColumn(column)) {
        if (word.lower.find('.') == std::string::npos) value = ProgramFile(word.text);
        op = "endswith";
        value = "\\" + value;
      }
      break;
    }
    case ValueShape::kPath: {
      // ".hta": the ending of a file the events are about, not of a command line.
      if (value.front() == '.' && value.find('\\') == std::string::npos) {
        if (column.empty()) column = Column(Entity::kFile);
        if (column.empty()) return false;
        op = "endswith";
        break;
      }
      bool path_entity = entity_ == Entity::kFile || entity_ == Entity::kProcess ||
                         entity_ == Entity::kParent || entity_ == Entity::kCommandLine ||
                         entity_ == Entity::kRegistryKey;
      if (column.empty() && path_entity && since_slot_ <= 4) column = Column(*entity_);
      if (column.empty() && (word.lower.rfind("hk", 0) == 0)) column = Column(Entity::kRegistryKey);
      // The events' own path column first (a service's ImagePath, a registry write's key).
      for (bool own : {true, false}) {
        for (Entity e :
             {Entity::kFile, Entity::kRegistryKey, Entity::kCommandLine, Entity::kProcess}) {
          if (column.empty()) column = ColumnFor(source_, e, schema_, own);
        }
      }
      bool directory = value.back() == '\\';
      if (op.empty() || (op == "==" && directory)) {
        op = (!directory && value.size() > 3 && value[1] == ':') ? "=~"
             : (!directory && value.front() == '\\')             ? "endswith"
                                                                 : "contains";
      }
      if (op == "startswith" && value.front() == '\\') op = "contains";
      if (op == "==") op = "=~";
      break;
    }
    case ValueShape::kRegistry:
      // "(HKLM or HKCU)": a hive alone says where, not which key.
      if (value.find('\\') == std::string::npos) return true;
      if (column.empty()) column = Column(Entity::kRegistryKey);
      if (column.empty()) column = Column(Entity::kCommandLine);
      if (op.empty() || op == "==") op = "contains";
      break;
    case ValueShape::kLibrary:
    case ValueShape::kSwitch:
    case ValueShape::kScheme:
      if (column.empty()) column = Column(Entity::kCommandLine);
      if (column.empty()) column = ColumnFor(source_, Entity::kFile, schema_, true);
      if (op.empty() || op == "==") op = "contains";
      if (shape == ValueShape::kSwitch) {
        // A switch is a word of the command line: "-e" is not the start of "-ExecutionPolicy".
        bool short_switch = value.size() <= 3 && value.back() != ':' && value.back() != '=';
        value = " " + value + (short_switch ? " " : "");
      }
      break;
    case ValueShape::kDomain:
      if (column.empty()) column = Column(Entity::kDnsName);
      if (column.empty()) column = Column(Entity::kCommandLine);
      if (op.empty() || op == "==" || op == "startswith") {
        op = column == "QueryName" ? "endswith" : "contains";  // "anything under ngrok.io"
      }
      break;
    case ValueShape::kIp:
      // A range in a CloudTrail request ("the CIDR 0.0.0.0/0 appears in the request") is
      // text of its parameters, not the caller's address.
      if (column.empty() && source_.table == "AWSCloudTrail" &&
          value.find('/') != std::string::npos && Has("RequestParameters")) {
        column = "RequestParameters";
        op = "contains";
        break;
      }
      if (column.empty()) column = Column(Entity::kIp);
      if (value.find('/') != std::string::npos) {
        op = "in_range";
      } else if (op.empty()) {
        op = "==";
      }
      break;
    case ValueShape::kCamel:
      // A product named beside its executables ("PowerPoint (POWERPNT.EXE)") is a gloss.
      if (i + 1 < w_.size() && w_[i + 1].paren_open && w_[i + 1].shape == ValueShape::kExecutable) {
        return true;
      }
      if (column.empty() && source_.table == "AWSCloudTrail" && ApiVerb(value)) {
        column = "EventName";
        op = "==";
      }
      if (column.empty() && source_.table == "AWSCloudTrail" && ErrorCodeWord(value) &&
          Has("ErrorCode")) {
        column = "ErrorCode";
        op = "==";
      }
      if (column.empty() && entity_ && slot) column = Column(*entity_);
      if (column.empty() && source_.table == "AWSCloudTrail") {
        // Only a value said to be one ("set to userData"): "CloudTrail" names the service.
        if (!Has("RequestParameters") || op_ != "==") return false;
        column = "RequestParameters";  // "set to userData": a value of the request
        op = "contains";
      }
      if (column.empty()) column = Column(Entity::kCommandLine);
      if (column.empty()) column = ObjectColumn();
      // "but skip the OneDrive …": the column the sentence was testing.
      if (column.empty() && !out_.empty() && out_.back().sentence == sentence_) {
        column = out_.back().column;
      }
      if (op.empty()) op = column == "EventName" ? "==" : "contains";
      break;
    case ValueShape::kName:
    case ValueShape::kNumber:
      // "(or its ordinal #24)": an alternative glossed in parentheses.
      if (!slot && shape == ValueShape::kName && paren_group_) {
        column = out_[*paren_group_].column;
        op = out_[*paren_group_].tests.back().first;
        break;
      }
      // "our terraform-ci user": a name before the word saying what it is.
      if (shape == ValueShape::kName && (!slot || since_slot_ > 0) && !Adjective(word.lower)) {
        for (const auto& [phrase, e] : EntityWords()) {
          if (i + 1 < w_.size() && PhraseAt(w_, i + 1, phrase)) {
            column = Column(e);
            op = e == Entity::kUser ? "==" : "contains";
            break;
          }
        }
        if (!column.empty()) break;
      }
      if ((!slot || since_slot_ > 0) && shape == ValueShape::kName &&
          source_.table == "AWSCloudTrail" && Has("RequestParameters") && !Adjective(word.lower) &&
          (op_ == "==" || InList(i))) {
        column = "RequestParameters";  // "a public canned ACL, public-read or …"
        op = "contains";
        break;
      }
      if (!slot || since_slot_ > 0) return false;
      if (column.empty()) column = Column(*entity_);
      if (op.empty()) {
        op = shape == ValueShape::kNumber ? "==" : "=~";
        if (entity_ == Entity::kUser && value.back() == '-') op = "startswith";
      }
      break;
    case ValueShape::kQuoted:
      if (column.empty() && entity_ && slot) column = Column(*entity_);
      // "'reg save'": the program is its own condition; its command line says "save".
      if (size_t space = value.find(' ');
          space != std::string::npos &&
          !KnownBinary(AsciiToLower(value.substr(0, space))).empty() &&
          (column.empty() || column == Column(Entity::kCommandLine))) {
        value = " " + value.substr(space + 1) + " ";  // a word: "save", not "XblGameSave"
      }
      if (column.empty()) column = Column(Entity::kCommandLine);
      if (op.empty()) op = column == Column(Entity::kCommandLine) ? "contains" : "==";
      break;
  }
  if (column.empty() || value.empty()) return false;
  if (op.empty()) op = named && shape != ValueShape::kPath ? "=~" : "contains";
  if (op == "startswith" && !(value.size() > 2 && value[1] == ':')) op = "contains";
  // A command line, a task's or a service's command holds paths among other words.
  if (FreeText(column) && (op == "startswith" || op == "=~" || op == "endswith") &&
      shape != ValueShape::kQuoted) {
    op = "contains";
  }
  // "comsvcs.dll MiniDump": two values side by side are two conditions.
  if (last_value_ && *last_value_ + 1 == i && !w_[i - 1].list_after && !w_[i - 1].paren_close &&
      !word.paren_open) {
    Break();
  }
  last_value_ = i;
  if (op == "==" && shape != ValueShape::kNumber && column != "EventName" &&
      column.find("tostring(") == std::string::npos) {
    op = "=~";
  }
  // A user by name in an ARN ("arn:aws:iam::…:user/svc-terraform"); a role anywhere in it
  // ("…:assumed-role/security-automation/session").
  if (column == "UserIdentityArn" && op == "=~" && value.rfind("arn:", 0) != 0) {
    op = entity_ == Entity::kRole ? "contains" : "endswith";
    value = "/" + value;
  }
  // "ngrok.io or any of its subdomains": the name itself or a name under it.
  if (shape == ValueShape::kDomain && op == "endswith" && value.front() != '.') {
    Add(column, "=~", value, word.text);
    value = "." + value;
  }
  Add(column, op, value, word.text);
  return true;
}

void ConditionReader::Add(const std::string& column, const std::string& op,
                          const std::string& value, const std::string& said) {
  std::optional<size_t> into;
  for (size_t g : open_) {
    if (out_[g].column == column && out_[g].negated == negated_) into = g;
  }
  if (paren_group_ && out_[*paren_group_].column == column &&
      out_[*paren_group_].negated == negated_) {
    into = paren_group_;
  }
  if (into) {
    RuleCondition& c = out_[*into];
    for (const auto& [o, v] : c.tests) {
      if (o == op && AsciiToLower(v) == AsciiToLower(value)) return;
    }
    c.tests.emplace_back(op, value);
    c.said += ", " + said;
    return;
  }
  // "vssadmin.exe with 'delete shadows', or wmic.exe with 'shadowcopy delete'": after "or",
  // each value joins the alternatives of its column said before in the sentence (either
  // program, either command).
  // "… or into C:\\Users\\Public": an "or" since the value before.
  bool or_between = false;
  for (size_t k = last_word_; k > previous_value_ + 1; --k) {
    if (w_[k - 1].sentence_end) break;
    or_between |= w_[k - 1].lower == "or";
  }
  if (!into && (either_ || or_between)) {
    for (size_t g = out_.size(); g-- > 0;) {
      if (out_[g].sentence != sentence_) break;
      if (out_[g].column == column && out_[g].negated == negated_) {
        into = g;
        either_ = true;
        break;
      }
    }
    if (into) {
      RuleCondition& c = out_[*into];
      c.tests.emplace_back(op, value);
      c.said += ", " + said;
      open_.push_back(*into);
      return;
    }
  }
  // The same column and value again elsewhere ("PowerShell … powershell.exe") adds nothing.
  for (const RuleCondition& c : out_) {
    if (c.column == column && c.negated == negated_ && c.tests.size() == 1 &&
        c.tests[0].first == op && AsciiToLower(c.tests[0].second) == AsciiToLower(value)) {
      return;
    }
  }
  out_.push_back({column, {{op, value}}, negated_, said, sentence_, heading_});
  open_.push_back(out_.size() - 1);
}

std::vector<RuleCondition> ReadConditions(const std::vector<RuleWord>& words,
                                          const std::vector<bool>& used, const RuleSource& source,
                                          const kql::TableSchema* schema) {
  return ConditionReader(words, used, source, schema).Run();
}

}  // namespace quarry::assist::builtin
