#include "sigma/modifiers.h"

#include <algorithm>

#include "sigma/pattern.h"

namespace quarry::sigma {
namespace {

using Kind = Modifier::Kind;
using Op = Test::Op;
using Part = Test::Part;

template <std::string (*Position)(std::string)>
Status AddPositioned(const Modifier& /*self*/, const std::string& value, size_t /*max*/,
                     std::vector<std::string>& out) {
  out.push_back(Position(value));
  return Status::Ok();
}

Status AddWindash(const Modifier& /*self*/, const std::string& value, size_t max_variants,
                  std::vector<std::string>& out) {
  QUARRY_ASSIGN_OR_RETURN(std::vector<std::string> variants, WindashVariants(value, max_variants));
  out.insert(out.end(), variants.begin(), variants.end());
  return Status::Ok();
}

// Encodings turn bytes into other bytes: a wildcard would be encoded as the character it is.
Status NoWildcards(const Modifier& self, const std::string& value) {
  if (!HasWildcards(value)) return Status::Ok();
  return InvalidArgument("'" + std::string(self.name) + "' cannot encode a value with wildcards");
}

template <bool kLittleEndian, bool kByteOrderMark>
Status AddUtf16(const Modifier& self, const std::string& value, size_t /*max*/,
                std::vector<std::string>& out) {
  QUARRY_RETURN_IF_ERROR(NoWildcards(self, value));
  QUARRY_ASSIGN_OR_RETURN(std::string units, ToUtf16(value, kLittleEndian, kByteOrderMark));
  out.push_back(std::move(units));
  return Status::Ok();
}

Status AddBase64(const Modifier& self, const std::string& value, size_t /*max*/,
                 std::vector<std::string>& out) {
  QUARRY_RETURN_IF_ERROR(NoWildcards(self, value));
  out.push_back(Base64(value));
  return Status::Ok();
}

Status AddBase64Offset(const Modifier& self, const std::string& value, size_t /*max*/,
                       std::vector<std::string>& out) {
  QUARRY_RETURN_IF_ERROR(NoWildcards(self, value));
  for (auto& variant : Base64OffsetVariants(value)) out.push_back(std::move(variant));
  return Status::Ok();
}

// One constructor per kind, so that each entry below says only what sets it apart.
constexpr Modifier Rewrite(std::string_view name, TransformFn transform, Op position,
                           std::string_view combines, std::string_view example,
                           std::string_view doc) {
  return {.name = name,
          .kind = Kind::kTransform,
          .transform = transform,
          .op = position,
          .combines = combines,
          .example = example,
          .doc = doc};
}

constexpr Modifier Flag(std::string_view name, Kind kind, bool Modifiers::*flag, bool first,
                        bool needs_field, std::string_view combines, std::string_view example,
                        std::string_view doc) {
  return {.name = name,
          .kind = kind,
          .flag = flag,
          .first = first,
          .needs_field = needs_field,
          .combines = combines,
          .example = example,
          .doc = doc};
}

constexpr Modifier RegexFlag(std::string_view name, char flag, std::string_view doc) {
  return {.name = name, .kind = Kind::kRegexFlag, .re_flag = flag, .example = "who.mi", .doc = doc};
}

constexpr Modifier Compare(std::string_view name, Op op, std::string_view doc) {
  return {.name = name,
          .kind = Kind::kCompare,
          .op = op,
          .needs_field = true,
          .example = "5",
          .doc = doc};
}

constexpr Modifier TimePart(std::string_view name, Part part, std::string_view doc) {
  return {.name = name,
          .kind = Kind::kTimePart,
          .part = part,
          .combines = "gt gte lt lte",
          .example = "5",
          .doc = doc};
}

constexpr std::string_view kPlaced = "all cased windash neq";
constexpr std::string_view kPlacing = "contains startswith endswith";

const Modifier kModifiers[] = {
    Rewrite("contains", AddPositioned<Contains>, Op::kContains, kPlaced, "whoami",
            "the value may stand anywhere in the field (`*value*`)"),
    Rewrite("startswith", AddPositioned<StartsWith>, Op::kStartsWith, kPlaced, "whoami",
            "the field starts with the value (`value*`)"),
    Rewrite("endswith", AddPositioned<EndsWith>, Op::kEndsWith, kPlaced, "whoami",
            "the field ends with the value (`*value`)"),
    Rewrite("windash", AddWindash, Op::kEq, "contains startswith endswith all cased", "-enc",
            "every variant with each `-` or `/` that starts an option replaced by each of - / "
            "– — ―"),
    Rewrite("base64", AddBase64, Op::kEq, "contains startswith endswith all", "ping",
            "the Base64 encoding of the value (no wildcards)"),
    Rewrite("base64offset", AddBase64Offset, Op::kEq, "contains all", "ping",
            "the three Base64 encodings that find the value at any alignment inside Base64 text "
            "(no wildcards)"),
    Rewrite("wide", AddUtf16<true, false>, Op::kEq, "base64 base64offset", "ping",
            "the value as UTF-16LE code units, as utf16le (then base64 or base64offset)"),
    Rewrite("utf16le", AddUtf16<true, false>, Op::kEq, "base64 base64offset", "ping",
            "the value as UTF-16LE code units (then base64 or base64offset)"),
    Rewrite("utf16be", AddUtf16<false, false>, Op::kEq, "base64 base64offset", "ping",
            "the value as UTF-16BE code units (then base64 or base64offset)"),
    Rewrite("utf16", AddUtf16<true, true>, Op::kEq, "base64 base64offset", "ping",
            "the value as UTF-16LE code units after a byte order mark FF FE"),
    Flag("all", Kind::kSwitch, &Modifiers::all, false, false, "contains startswith endswith cased",
         "whoami", "every value of the list must match, not any one"),
    Flag("cased", Kind::kSwitch, &Modifiers::cased, false, false,
         "contains startswith endswith all", "whoami",
         "compare with case (the default ignores ASCII case); wildcards still apply"),
    Flag("neq", Kind::kSwitch, &Modifiers::neq, false, false, kPlacing, "whoami",
         "negates the item: true when no value matches, and when the field is missing"),
    Flag("expand", Kind::kSwitch, &Modifiers::expand, false, false, kPlacing, "%Admins%",
         "`%name%` takes the values of `--placeholder name=VALUE` (unset: matches nothing); "
         "`\\%` is a literal percent"),
    Flag("re", Kind::kTest, &Modifiers::re, true, false, "i m s ignorecase multiline dotall",
         "who.mi", "the value is an RE2 regular expression searched for in the field, with case"),
    RegexFlag("i", 'i', "the regular expression ignores case"),
    RegexFlag("ignorecase", 'i', "the regular expression ignores case, as i"),
    RegexFlag("m", 'm', "`^` and `$` of the regular expression match at every line"),
    RegexFlag("multiline", 'm', "`^` and `$` match at every line, as m"),
    RegexFlag("s", 's', "`.` of the regular expression matches line breaks too"),
    RegexFlag("dotall", 's', "`.` matches line breaks too, as s"),
    Flag("cidr", Kind::kTest, &Modifiers::cidr, true, true, "neq", "10.0.0.0/8",
         "the field is an IPv4 or IPv6 address inside the network"),
    Flag("exists", Kind::kTest, &Modifiers::exists, true, true, "", "true",
         "true: the field is present (null counts); false: it is absent"),
    Flag("fieldref", Kind::kTest, &Modifiers::fieldref, false, true,
         "contains startswith endswith cased", "ParentImage",
         "the field equals the field the value names (contains, startswith, endswith: holds it "
         "there)"),
    Compare("gt", Op::kGt, "the field, as a number, is greater than the value"),
    Compare("gte", Op::kGte, "the field, as a number, is greater than or equal to the value"),
    Compare("lt", Op::kLt, "the field, as a number, is less than the value"),
    Compare("lte", Op::kLte, "the field, as a number, is less than or equal to the value"),
    TimePart("minute", Part::kMinute, "the minute (0-59) of the field's time equals the value"),
    TimePart("hour", Part::kHour, "the hour (0-23) of the field's time equals the value"),
    TimePart("day", Part::kDay, "the day of the month (1-31) of the field's time equals the value"),
    TimePart("week", Part::kWeek,
             "the week of the year (1-53) of the field's time equals the value"),
    TimePart("month", Part::kMonth, "the month (1-12) of the field's time equals the value"),
    TimePart("year", Part::kYear, "the year of the field's time equals the value"),
};

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kTransform:
      return "rewrites the value";
    case Kind::kTest:
      return "test";
    case Kind::kSwitch:
      return "switch";
    case Kind::kRegexFlag:
      return "flag of `re`";
    case Kind::kCompare:
      return "number comparison";
    case Kind::kTimePart:
      return "part of a time";
  }
  return "";
}

// "i, m, s": the letters of the regex flags, for the error that says they need `re`.
std::string RegexFlagLetters() {
  std::string out;
  for (const Modifier& m : kModifiers) {
    if (m.kind != Kind::kRegexFlag || out.find(m.re_flag) != std::string::npos) continue;
    if (!out.empty()) out += ", ";
    out += m.re_flag;
  }
  return out;
}

}  // namespace

std::span<const Modifier> AllModifiers() {
  return kModifiers;
}

const Modifier* FindModifier(std::string_view name) {
  for (const Modifier& m : kModifiers) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string_view> CombinesWith(const Modifier& m) {
  std::vector<std::string_view> names;
  for (size_t start = 0; start < m.combines.size();) {
    size_t end = std::min(m.combines.find(' ', start), m.combines.size());
    names.push_back(m.combines.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

bool ParseModifiers(const std::vector<std::string>& names, Modifiers& m, std::string& error) {
  for (size_t i = 0; i < names.size(); ++i) {
    const Modifier* mod = FindModifier(names[i]);
    if (mod == nullptr) {
      error = "unknown modifier '" + names[i] + "'";
      return false;
    }
    if (mod->first && i != 0) {
      error = "modifier '" + names[i] + "' must come first";
      return false;
    }
    m.needs_field = m.needs_field || mod->needs_field;
    switch (mod->kind) {
      case Kind::kTransform:
        m.transforms.push_back(mod);
        break;
      case Kind::kTest:
      case Kind::kSwitch:
        m.*(mod->flag) = true;
        break;
      case Kind::kRegexFlag:
        m.re_flags += mod->re_flag;
        break;
      case Kind::kCompare:
        m.compare = mod;
        break;
      case Kind::kTimePart:
        m.time_part = mod;
        break;
    }
  }
  if (!m.re_flags.empty() && !m.re) {
    error = "regex flag modifiers (" + RegexFlagLetters() + ") need 're'";
    return false;
  }
  return true;
}

std::string ModifiersMarkdown() {
  std::string out =
      "# Sigma value modifiers\n\n"
      "<!-- Generated from the modifier table, src/sigma/modifiers.cpp; "
      "tests/docs/generated_docs_test.cpp fails while this file differs from it and "
      "rewrites it when run with QUARRY_UPDATE_GOLDEN=1. -->\n\n"
      "Modifiers follow a field name, each after a `|` (`CommandLine|contains|all: [a, b]`), and "
      "apply from left to right. Without any, the field equals the value, ignoring ASCII case, "
      "with `*` and `?` as wildcards. A rule with an unknown modifier does not load "
      "(`unknown modifier 'bogus'`). *Combines with* lists modifiers that may be written after "
      "this one; a test loads a rule with each pair.\n\n"
      "| modifier | kind | combines with | example | what it does |\n"
      "|---|---|---|---|---|\n";
  for (const Modifier& m : kModifiers) {
    std::string combines;
    for (std::string_view other : CombinesWith(m)) {
      combines.append(combines.empty() ? "`" : ", `").append(other).append("`");
    }
    out.append("| `").append(m.name).append("` | ").append(KindName(m.kind)).append(" | ");
    out.append(combines).append(" | `").append(m.example).append("` | ").append(m.doc);
    out.append(".");
    if (m.first) out.append(" Must come first.");
    if (m.needs_field) out.append(" Needs a field.");
    out.append(" |\n");
  }
  return out;
}

}  // namespace quarry::sigma
