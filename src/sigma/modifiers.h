// Sigma value modifiers (`Field|contains|all`) as one table: each entry's name, what kind of
// thing it does and how, where it may be written, what it combines with and a line of doc. The
// compiler parses and checks modifiers with it, and docs/sigma-modifiers.md is generated from it,
// so that a new modifier is a new entry rather than a string compared in several places.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "sigma/ruleset.h"

namespace quarry::sigma {

struct Modifier;

// What the modifiers of one detection item asked for.
struct Modifiers {
  std::vector<const Modifier*> transforms;  // string rewrites, in written order
  bool all = false, cased = false, re = false, cidr = false, exists = false, fieldref = false;
  bool neq = false, expand = false;
  bool needs_field = false;             // a modifier that cannot apply to a keyword
  std::string re_flags;                 // of "ims"
  const Modifier* compare = nullptr;    // gt gte lt lte
  const Modifier* time_part = nullptr;  // minute hour day week month year
};

// Appends the variants of `value` that `self` rewrites it into, or says why it cannot.
using TransformFn = Status (*)(const Modifier& self, const std::string& value, size_t max_variants,
                               std::vector<std::string>& out);

struct Modifier {
  enum class Kind {
    kTransform,  // rewrites each value into one or more strings (transform)
    kTest,       // tests the field another way than by pattern (sets `flag`)
    kSwitch,     // changes how values are read or combined (sets `flag`)
    kRegexFlag,  // a flag of `re` (re_flag)
    kCompare,    // compares the field as a number (op)
    kTimePart,   // takes a part of the field's time (part), compared with op or equality
  };
  std::string_view name;
  Kind kind;
  bool Modifiers::*flag = nullptr;
  TransformFn transform = nullptr;
  // kCompare: the comparison. kTransform: the position it puts the value at (contains,
  // startswith, endswith), which is also what it makes of a fieldref; kEq for the others.
  Test::Op op = Test::Op::kEq;
  Test::Part part = Test::Part::kMinute;
  char re_flag = 0;
  bool first = false;        // must be the first modifier of the item
  bool needs_field = false;  // not on keywords
  // Modifiers that may be written after this one (`Field|this|other`), space-separated; a test
  // loads a rule with each pair.
  std::string_view combines = {};
  std::string_view example = {};  // a value it takes
  std::string_view doc = {};
};

std::span<const Modifier> AllModifiers();
const Modifier* FindModifier(std::string_view name);
// The names in `m.combines`.
std::vector<std::string_view> CombinesWith(const Modifier& m);

// Reads the modifiers of one item, in written order; false with `error` set for an unknown or
// misplaced modifier or a combination that cannot work.
bool ParseModifiers(const std::vector<std::string>& names, Modifiers& m, std::string& error);

// docs/sigma-modifiers.md; a test keeps the file equal to this.
std::string ModifiersMarkdown();

}  // namespace quarry::sigma
