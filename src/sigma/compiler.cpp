#include "sigma/compiler.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "core/strings.h"
#include "sigma/condition.h"
#include "sigma/modifiers.h"

namespace quarry::sigma {

int LineOf(const YAML::Node& n) {
  return n.Mark().line >= 0 ? n.Mark().line + 1 : 0;
}

namespace {

bool IsPlainNumber(const YAML::Node& n, std::string& decimal) {
  if (n.Tag() != "?") return false;  // quoted: a string
  const std::string& s = n.Scalar();
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i >= s.size()) return false;
  if (s.size() > i + 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    if (s.find_first_not_of("0123456789abcdefABCDEF", i + 2) != std::string::npos) return false;
    decimal = std::to_string(std::stoull(s.substr(i + 2), nullptr, 16));
    return true;
  }
  bool digits = s.find_first_not_of("0123456789", i) == std::string::npos;
  bool real = !digits && s.find_first_not_of("0123456789.eE+-", i) == std::string::npos &&
              std::count(s.begin(), s.end(), '.') <= 1 &&
              std::isdigit(static_cast<unsigned char>(s[i]));
  if (!digits && !real) return false;
  decimal = s[0] == '+' ? s.substr(1) : s;
  return true;
}

bool IsPlainNull(const YAML::Node& n) {
  return n.IsNull();
}

class RuleCompiler {
 public:
  RuleCompiler(Ruleset& rs, const LoaderOptions& options, const Variant& variant)
      : rs_(rs), options_(options), variant_(variant) {}

  // Compiles the detection section; returns the root node.
  int Detection(const YAML::Node& detection, RuleError& error, const std::set<std::string>& skip) {
    std::vector<std::string> names;
    std::map<std::string, int> idents;
    YAML::Node condition;
    for (auto it = detection.begin(); it != detection.end(); ++it) {
      std::string key = it->first.as<std::string>();
      if (skip.count(key)) continue;
      if (key == "condition") {
        condition = it->second;
        continue;
      }
      if (key == "timeframe") {
        error = {LineOf(it->first),
                 "'timeframe' belongs to Sigma v1 aggregations (not supported; "
                 "write a correlation rule)"};
        return -1;
      }
      int node = Definition(it->second, error);
      if (node < 0) return -1;
      idents[key] = node;
      names.push_back(key);
    }
    if (!condition) {
      error = {LineOf(detection), "detection has no 'condition'"};
      return -1;
    }
    std::vector<std::string> conditions;
    if (condition.IsSequence()) {
      for (const auto& c : condition) conditions.push_back(c.as<std::string>());
    } else if (condition.IsScalar()) {
      conditions.push_back(condition.Scalar());
    } else {
      error = {LineOf(condition), "'condition' must be a string or a list of strings"};
      return -1;
    }
    std::vector<int> roots;
    for (const auto& text : conditions) {
      auto parsed = ParseCondition(text);
      if (!parsed.ok()) {
        error = {LineOf(condition), parsed.status().message()};
        return -1;
      }
      int root = Condition(**parsed, idents, names, error);
      if (root < 0) {
        if (error.line == 0) error.line = LineOf(condition);
        return -1;
      }
      roots.push_back(root);
    }
    return rs_.AddGroup(Node::Op::kOr, roots);
  }

  int FieldEquals(const std::string& field, const std::vector<std::string>& values) {
    std::vector<int> alts;
    alts.reserve(values.size());
    for (const auto& v : values) alts.push_back(GlobTest(Slot(field), v, false));
    return rs_.AddGroup(Node::Op::kOr, alts);
  }

 private:
  int Slot(const std::string& sigma_field) {
    auto v = variant_.field_map.find(sigma_field);
    if (v != variant_.field_map.end())
      return rs_.Slot(v->second.empty() ? kAbsentField : v->second);
    auto c = CommonFieldMap().find(sigma_field);
    if (c != CommonFieldMap().end()) return rs_.Slot(c->second);
    return rs_.Slot(sigma_field);
  }

  int TestNode(Test t, const std::string& key) {
    int test = rs_.AddTest(std::move(t), key);
    return rs_.AddNode(Node{Node::Op::kTest, test, 0});
  }

  int GlobTest(int slot, const std::string& pattern, bool cased) {
    Test t;
    t.kind = slot < 0 ? Test::Kind::kKeyword : Test::Kind::kGlob;
    t.slot = slot;
    t.cased = cased;
    t.glob = Glob(pattern, cased);
    std::string key = "g|" + std::to_string(slot) + "|" + (cased ? "c|" : "i|") + t.glob.pattern();
    return TestNode(std::move(t), key);
  }

  int Definition(const YAML::Node& def, RuleError& error) {
    if (def.IsMap()) return MapDefinition(def, error);
    if (def.IsSequence()) {
      std::vector<int> alts;
      std::vector<YAML::Node> keywords;
      for (const auto& item : def) {
        if (item.IsMap()) {
          int n = MapDefinition(item, error);
          if (n < 0) return -1;
          alts.push_back(n);
        } else if (item.IsScalar()) {
          keywords.push_back(item);
        } else {
          error = {LineOf(item), "a search list holds maps or keywords, not nested lists"};
          return -1;
        }
      }
      if (!keywords.empty()) {
        int n = Values("", {}, keywords, LineOf(def), error);
        if (n < 0) return -1;
        alts.push_back(n);
      }
      if (alts.empty()) {
        error = {LineOf(def), "empty search identifier"};
        return -1;
      }
      return rs_.AddGroup(Node::Op::kOr, alts);
    }
    if (def.IsScalar()) return Values("", {}, {def}, LineOf(def), error);
    error = {LineOf(def), "a search identifier must be a map, a list or a keyword"};
    return -1;
  }

  int MapDefinition(const YAML::Node& map, RuleError& error) {
    std::vector<int> parts;
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::string key = it->first.as<std::string>();
      std::vector<std::string> pieces;
      std::stringstream ss(key);
      for (std::string p; std::getline(ss, p, '|');) pieces.push_back(p);
      if (!key.empty() && key.back() == '|') pieces.emplace_back();
      std::string field = pieces.empty() ? "" : pieces[0];
      std::vector<std::string> mods(pieces.begin() + (pieces.empty() ? 0 : 1), pieces.end());
      std::vector<YAML::Node> values;
      YAML::Node v = it->second;  // a copy: the iterator hands out a temporary
      if (v.IsSequence()) {
        for (const auto& x : v) {
          if (!x.IsScalar() && !x.IsNull()) {
            error = {LineOf(x), "value of '" + key + "' must be a scalar or a list of scalars"};
            return -1;
          }
          values.push_back(x);
        }
        if (values.empty()) values.push_back(YAML::Node());  // `Field: []` tests for null
      } else if (v.IsScalar() || v.IsNull()) {
        values.push_back(v);
      } else {
        error = {LineOf(v), "value of '" + key + "' must be a scalar or a list of scalars"};
        return -1;
      }
      int n = Values(field, mods, values, LineOf(it->first), error);
      if (n < 0) return -1;
      parts.push_back(n);
    }
    return rs_.AddGroup(Node::Op::kAnd, parts);
  }

  // One detection item: a field (or "" for keywords), its modifiers and its values.
  int Values(const std::string& field, const std::vector<std::string>& mod_names,
             const std::vector<YAML::Node>& values, int line, RuleError& error) {
    Modifiers m;
    std::string problem;
    if (!ParseModifiers(mod_names, m, problem)) {
      error = {line, problem};
      return -1;
    }
    if (m.needs_field && field.empty()) {
      error = {line, "this modifier needs a field name"};
      return -1;
    }
    int slot = field.empty() ? -1 : Slot(field);
    std::vector<int> groups;
    for (const auto& v : values) {
      int g = Value(slot, field.empty(), m, v, line, error);
      if (g < 0) return -1;
      groups.push_back(g);
    }
    int node = rs_.AddGroup(m.all ? Node::Op::kAnd : Node::Op::kOr, groups);
    if (m.neq) node = rs_.AddNode(Node{Node::Op::kNot, node, 0});
    return node;
  }

  int Value(int slot, bool keyword, const Modifiers& m, const YAML::Node& v, int line,
            RuleError& error) {
    if (v.IsDefined() && v.Mark().line >= 0) line = LineOf(v);
    if (IsPlainNull(v) || !v.IsDefined()) {
      if (keyword) {
        error = {line, "a keyword cannot be null"};
        return -1;
      }
      Test t;
      t.kind = Test::Kind::kNull;
      t.slot = slot;
      return TestNode(std::move(t), "n|" + std::to_string(slot));
    }
    const std::string& raw = v.Scalar();
    if (m.exists) {
      bool b = false;
      if (!v.IsScalar() || !YAML::convert<bool>::decode(v, b)) {
        error = {line, "'exists' takes true or false"};
        return -1;
      }
      Test t;
      t.kind = Test::Kind::kExists;
      t.slot = slot;
      t.expect = b;
      return TestNode(std::move(t), "e|" + std::to_string(slot) + (b ? "|1" : "|0"));
    }
    if (m.re) {
      RE2::Options o;
      o.set_log_errors(false);
      std::string flags = "(?";
      for (char f : m.re_flags) flags += f;
      std::string pattern = m.re_flags.empty() ? raw : flags + ")" + raw;
      auto re = std::make_shared<RE2>(pattern, o);
      if (!re->ok()) {
        error = {line, "regular expression '" + raw + "': " + re->error()};
        return -1;
      }
      Test t;
      t.kind = Test::Kind::kRegex;
      t.slot = slot;
      t.regex = re;
      return TestNode(std::move(t), "r|" + std::to_string(slot) + "|" + pattern);
    }
    if (m.cidr) {
      Test t;
      t.kind = Test::Kind::kCidr;
      t.slot = slot;
      if (!Cidr::Parse(raw, t.cidr)) {
        error = {line, "'" + raw + "' is not an IPv4 or IPv6 network"};
        return -1;
      }
      return TestNode(std::move(t), "c|" + std::to_string(slot) + "|" + raw);
    }
    if (m.compare != nullptr || m.time_part != nullptr) {
      std::string compare(m.compare != nullptr ? m.compare->name : "");
      std::string time_part(m.time_part != nullptr ? m.time_part->name : "");
      std::string decimal;
      if (!IsPlainNumber(v, decimal)) {
        error = {line, "'" + raw + "' is not a number (needed by '" +
                           (compare.empty() ? time_part : compare) + "')"};
        return -1;
      }
      Test t;
      t.kind = m.time_part == nullptr ? Test::Kind::kCompare : Test::Kind::kTimePart;
      t.slot = slot;
      t.number = std::stod(decimal);
      if (m.compare != nullptr) t.op = m.compare->op;
      if (m.time_part != nullptr) t.part = m.time_part->part;
      std::string key =
          "k|" + std::to_string(slot) + "|" + compare + "|" + time_part + "|" + decimal;
      return TestNode(std::move(t), key);
    }
    if (m.fieldref) {
      Test t;
      t.kind = Test::Kind::kFieldRef;
      t.slot = slot;
      t.other_slot = Slot(raw);
      t.cased = m.cased;
      t.op = Test::Op::kEq;
      for (const Modifier* tr : m.transforms) {
        if (tr->op != Test::Op::kEq) t.op = tr->op;  // where the other field's value must be
      }
      std::string key = "f|" + std::to_string(slot) + "|" + std::to_string(t.other_slot) + "|" +
                        std::to_string(static_cast<int>(t.op)) + (m.cased ? "|c" : "|i");
      return TestNode(std::move(t), key);
    }
    // Strings (and plain numbers and booleans, compared as their text).
    std::vector<std::string> bases;
    std::string decimal;
    if (IsPlainNumber(v, decimal)) {
      bases.push_back(decimal);
    } else if (m.expand) {
      bases = Expand(raw, line);
    } else {
      bases.push_back(ParseSigmaString(raw));
    }
    std::vector<std::string> variants;
    for (auto& b : bases) {
      std::vector<std::string> current{b};
      if (!Transform(m, current, line, error)) return -1;
      variants.insert(variants.end(), current.begin(), current.end());
    }
    if (keyword) {
      // Keywords are looked for anywhere in a value unless a modifier says otherwise.
      bool positional = std::any_of(m.transforms.begin(), m.transforms.end(),
                                    [](const Modifier* t) { return t->op != Test::Op::kEq; });
      if (!positional) {
        for (auto& x : variants) x = Contains(x);
      }
    }
    std::vector<int> alts;
    alts.reserve(variants.size());
    for (const auto& x : variants) alts.push_back(GlobTest(slot, x, m.cased));
    return rs_.AddGroup(Node::Op::kOr, alts);
  }

  std::vector<std::string> Expand(const std::string& raw, int line) {
    // `%name%` placeholders; `\%` is a literal percent.
    std::vector<std::string> results{""};
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 1 < raw.size() && raw[i + 1] == '%') {
        for (auto& r : results) r += '%';
        ++i;
        continue;
      }
      if (raw[i] == '%') {
        size_t end = raw.find('%', i + 1);
        if (end != std::string::npos) {
          std::string name = raw.substr(i + 1, end - i - 1);
          auto it = options_.placeholders.find(name);
          if (it == options_.placeholders.end() || it->second.empty()) {
            // Unconfigured: the value matches nothing, so a filter built on it filters nothing
            // (alerts rather than silence); said in the rule's notes.
            std::string note = "placeholder %" + name + "% (line " + std::to_string(line);
            note += ") has no configured values and matches nothing; set it with --placeholder ";
            note += name;
            note += "=VALUE";
            notes_.push_back(std::move(note));
            return std::vector<std::string>{};
          }
          std::vector<std::string> next;
          for (const auto& r : results) {
            for (const auto& value : it->second) next.push_back(r + ParseSigmaString(value));
          }
          results = std::move(next);
          i = end;
          continue;
        }
      }
      std::string piece = ParseSigmaString(std::string(1, raw[i]));
      if (raw[i] == '\\' && i + 1 < raw.size()) {
        piece = ParseSigmaString(raw.substr(i, 2));
        ++i;
      }
      for (auto& r : results) r += piece;
    }
    return results;
  }

  bool Transform(const Modifiers& m, std::vector<std::string>& values, int line, RuleError& error) {
    for (const Modifier* tr : m.transforms) {
      std::vector<std::string> next;
      for (const auto& v : values) {
        Status done = tr->transform(*tr, v, options_.max_windash_variants, next);
        if (!done.ok()) {
          error = {line, done.message()};
          return false;
        }
      }
      values = std::move(next);
    }
    return true;
  }

  int Condition(const struct Condition& c, const std::map<std::string, int>& idents,
                const std::vector<std::string>& names, RuleError& error) {
    switch (c.kind) {
      case Condition::Kind::kIdentifier: {
        auto it = idents.find(c.name);
        if (it == idents.end()) {
          error = {0, "condition refers to '" + c.name + "', which the detection does not define"};
          return -1;
        }
        return it->second;
      }
      case Condition::Kind::kAnd:
      case Condition::Kind::kOr: {
        std::vector<int> kids;
        for (const auto& child : c.children) {
          int k = Condition(*child, idents, names, error);
          if (k < 0) return -1;
          kids.push_back(k);
        }
        return rs_.AddGroup(c.kind == Condition::Kind::kAnd ? Node::Op::kAnd : Node::Op::kOr, kids);
      }
      case Condition::Kind::kNot: {
        int k = Condition(*c.children[0], idents, names, error);
        if (k < 0) return -1;
        return rs_.AddNode(Node{Node::Op::kNot, k, 0});
      }
      case Condition::Kind::kAnyOf:
      case Condition::Kind::kAllOf: {
        auto selected = SelectIdentifiers(c.name, names);
        if (selected.empty()) {
          error = {0, "'" + std::string(c.kind == Condition::Kind::kAllOf ? "all" : "1") + " of " +
                          c.name + "' selects no search identifier"};
          return -1;
        }
        std::vector<int> kids;
        kids.reserve(selected.size());
        for (const auto& s : selected) kids.push_back(idents.at(s));
        return rs_.AddGroup(c.kind == Condition::Kind::kAllOf ? Node::Op::kAnd : Node::Op::kOr,
                            kids);
      }
    }
    return -1;
  }

  Ruleset& rs_;
  const LoaderOptions& options_;
  const Variant& variant_;

 public:
  std::vector<std::string> notes_;
};

}  // namespace

int CompileDetection(Ruleset& rules, const LoaderOptions& options, const Variant& variant,
                     const YAML::Node& detection, const std::set<std::string>& skip,
                     RuleError& error, std::vector<std::string>& notes) {
  RuleCompiler compiler(rules, options, variant);
  int root = compiler.Detection(detection, error, skip);
  notes.insert(notes.end(), compiler.notes_.begin(), compiler.notes_.end());
  return root;
}

int CompileFieldEquals(Ruleset& rules, const LoaderOptions& options, const Variant& variant,
                       const std::string& field, const std::vector<std::string>& values) {
  RuleCompiler compiler(rules, options, variant);
  return compiler.FieldEquals(field, values);
}

}  // namespace quarry::sigma
