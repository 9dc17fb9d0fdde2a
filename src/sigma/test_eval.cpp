// The field tests of a compiled rule, run against one event: wildcards (through the field
// databases or alone), keywords, regular expressions, CIDR, numbers, null/exists, field
// references and time parts. Each test runs at most once per event.
#include <re2/re2.h>

#include <cmath>
#include <cstdlib>
#include <optional>

#include "core/strings.h"
#include "core/time.h"
#include "sigma/ruleset.h"

namespace quarry::sigma {

namespace {

bool ParseNumber(std::string_view text, double& out) {
  std::string s(TrimAscii(text));
  if (s.empty()) return false;
  char* end = nullptr;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    out = static_cast<double>(std::strtoull(s.c_str() + 2, &end, 16));
  } else {
    out = std::strtod(s.c_str(), &end);
  }
  return end != nullptr && *end == '\0' && std::isfinite(out);
}

struct Civil {
  int64_t year;
  int month, day, hour, minute, week;
};

// Howard Hinnant's civil-from-days, plus the ISO week number.
Civil ToCivil(Timestamp t) {
  int64_t secs = t.ticks / Timestamp::kTicksPerSecond;
  if (t.ticks % Timestamp::kTicksPerSecond < 0) --secs;
  int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  Civil c{};
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem % 3600 / 60);
  int64_t weekday = (days % 7 + 7 + 3) % 7;  // 0 = Monday (1970-01-01 was a Thursday)
  int64_t jan1 = DaysFromCivil(c.year, 1, 1);
  int64_t ordinal = days - jan1 + 1;
  c.week = static_cast<int>((ordinal - (weekday + 1) + 10) / 7);
  return c;
}

bool Compare(Test::Op op, double a, double b) {
  switch (op) {
    case Test::Op::kGt:
      return a > b;
    case Test::Op::kGte:
      return a >= b;
    case Test::Op::kLt:
      return a < b;
    case Test::Op::kLte:
      return a <= b;
    default:
      return a == b;
  }
}

}  // namespace

bool Matcher::KeywordText() {
  if (keyword_text_gen_ != generation_) {
    keyword_text_gen_ = generation_;
    keyword_text_.assign(1, '\0');
    size_t values = 0;
    for (const Field& f : event_->fields()) {
      const Value& v = f.value;
      if (v.type() != ValueType::kString && v.type() != ValueType::kDynamic) continue;
      keyword_text_.append(v.as_string());
      keyword_text_.push_back('\0');
      ++values;
    }
    // One counting pass over the whole text is cheaper than a search per value.
    keyword_text_ok_ = CountByte(keyword_text_, '\0') == values + 1;
  }
  return keyword_text_ok_;
}

bool Matcher::KeywordInAnyField(const Test& t) {
  if (keyword_gen_ != generation_) {
    keyword_lower_.resize(event_->size());
    for (size_t f = 0; f < event_->size(); ++f) {
      const Value& v = event_->field(f).value;
      if (v.type() == ValueType::kString || v.type() == ValueType::kDynamic) {
        keyword_lower_[f].assign(v.as_string());
        for (char& c : keyword_lower_[f]) c = AsciiLower(c);
      } else {
        keyword_lower_[f].clear();
      }
    }
    keyword_gen_ = generation_;
  }
  for (size_t f = 0; f < event_->size(); ++f) {
    const Value& v = event_->field(f).value;
    if (v.type() != ValueType::kString && v.type() != ValueType::kDynamic) continue;
    if (t.glob.Matches(t.cased ? std::string_view(v.as_string())
                               : std::string_view(keyword_lower_[f]))) {
      return true;
    }
  }
  return false;
}

int Matcher::GroupOfTest(int test) const {
  auto i = static_cast<size_t>(test);
  if (scratch_ == nullptr || rules_.db_able_[i] == 0) return -1;
  const Test& t = rules_.tests_[i];
  int group = bucket_->GroupFor(t.slot, t.cased);
  if (group < 0 || !rules_.databases_->groups()[static_cast<size_t>(group)].Holds(test)) return -1;
  return group;
}

bool Matcher::RunTest(int index) {
  auto i = static_cast<size_t>(index);
  if (test_gen_[i] == generation_) return test_result_[i] != 0;
  const Test& t = rules_.tests_[i];
  bool result = false;
  switch (t.kind) {
    case Test::Kind::kGlob: {
      if (FieldAt(t.slot) == nullptr) break;
      int group = GroupOfTest(index);
      if (group < 0) {
        result = t.glob.Matches(Text(t.slot, !t.cased));
        break;
      }
      // The field's database answers every grouped test on it in one scan.
      ScanGroup(group);
      result = hit_gen_[i] == generation_ && (rules_.db_able_[i] == Ruleset::kDatabaseExact ||
                                              t.glob.Matches(Text(t.slot, !t.cased)));
      break;
    }
    case Test::Kind::kKeyword: {
      int kgroup = GroupOfTest(index);
      if (kgroup >= 0) {
        ScanGroup(kgroup);
        result = hit_gen_[i] == generation_;
        break;
      }
      result = KeywordInAnyField(t);
      break;
    }
    case Test::Kind::kRegex:
      result = FieldAt(t.slot) != nullptr && RE2::PartialMatch(Text(t.slot, false), *t.regex);
      break;
    case Test::Kind::kCidr:
      result = FieldAt(t.slot) != nullptr && t.cidr.Contains(Text(t.slot, false));
      break;
    case Test::Kind::kCompare: {
      const Value* v = FieldAt(t.slot);
      double x = 0;
      if (v == nullptr) break;
      if (v->type() == ValueType::kLong) {
        x = static_cast<double>(v->as_long());
      } else if (v->type() == ValueType::kReal) {
        x = v->as_real();
      } else if (!ParseNumber(Text(t.slot, false), x)) {
        break;
      }
      result = Compare(t.op, x, t.number);
      break;
    }
    case Test::Kind::kNull:
      result = FieldAt(t.slot) == nullptr;
      break;
    case Test::Kind::kExists:
      result = (FieldAt(t.slot) != nullptr) == t.expect;
      break;
    case Test::Kind::kFieldRef: {
      if (FieldAt(t.slot) == nullptr || FieldAt(t.other_slot) == nullptr) break;
      std::string a(Text(t.slot, !t.cased));
      std::string_view b = Text(t.other_slot, !t.cased);
      switch (t.op) {
        case Test::Op::kContains:
          result = a.find(b) != std::string::npos;
          break;
        case Test::Op::kStartsWith:
          result = std::string_view(a).substr(0, b.size()) == b;
          break;
        case Test::Op::kEndsWith:
          result = a.size() >= b.size() && std::string_view(a).substr(a.size() - b.size()) == b;
          break;
        default:
          result = a == b;
      }
      break;
    }
    case Test::Kind::kTimePart: {
      const Value* v = FieldAt(t.slot);
      if (v == nullptr) break;
      std::optional<Timestamp> ts;
      if (v->type() == ValueType::kDateTime) {
        ts = v->as_time();
      } else {
        ts = ParseIsoTime(Text(t.slot, false));
      }
      if (!ts) break;
      Civil c = ToCivil(*ts);
      double part = 0;
      switch (t.part) {
        case Test::Part::kMinute:
          part = c.minute;
          break;
        case Test::Part::kHour:
          part = c.hour;
          break;
        case Test::Part::kDay:
          part = c.day;
          break;
        case Test::Part::kWeek:
          part = c.week;
          break;
        case Test::Part::kMonth:
          part = c.month;
          break;
        case Test::Part::kYear:
          part = static_cast<double>(c.year);
          break;
      }
      result = Compare(t.op, part, t.number);
      break;
    }
  }
  test_gen_[i] = generation_;
  test_result_[i] = result ? 1 : 0;
  return result;
}

}  // namespace quarry::sigma
