// Reading a hunting question: words, then the activity, time, aggregation and grouping, and
// entity filters, each rule marking the words it read. Whatever no rule reads is reported as not
// understood, so the person sees exactly which words had no effect.
#include <algorithm>
#include <cctype>
#include <regex>

#include "assist/builtin_reader.h"
#include "core/time.h"

namespace quarry::assist::builtin {

bool IsNumber(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(c); });
}

long long SmallNumber(std::string_view digits) {
  constexpr long long kCap = 1'000'000'000;  // beyond any count or span a question means
  long long n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') break;
    n = n * 10 + (c - '0');
    if (n > kCap) return kCap;
  }
  return n;
}

bool IsIp(const std::string& s) {
  static const std::regex kIp(R"(\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?)");
  return std::regex_match(s, kIp);
}

bool IsDate(const std::string& s) {
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?)");
  return std::regex_match(s, kDate);
}

bool IsClock(const std::string& s) {
  static const std::regex kClock(R"(\d{1,2}:\d{2}(:\d{2})?)");
  return std::regex_match(s, kClock);
}

bool HasExtension(const std::string& s, std::string_view ext) {
  return s.size() > ext.size() && s.compare(s.size() - ext.size(), ext.size(), ext) == 0;
}

bool IsFileName(const std::string& lower) {
  for (std::string_view ext : {".dll", ".ps1", ".bat", ".cmd", ".vbs", ".js", ".hta", ".txt",
                               ".zip", ".7z", ".rar", ".docm", ".xlsm", ".lnk", ".sys", ".msi"}) {
    if (HasExtension(lower, ext)) return true;
  }
  return false;
}

bool IsDomain(const std::string& lower) {
  static const std::regex kDomain(R"([a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,})");
  return std::regex_match(lower, kDomain) && !HasExtension(lower, ".exe") && !IsFileName(lower);
}

bool LooksLikeHost(const std::string& text) {
  static const std::regex kHost(R"([A-Za-z][A-Za-z0-9-]*[0-9][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*)");
  return std::regex_match(text, kHost) && !IsDate(text);
}

bool IsApiName(const std::string& text) {
  static const std::regex kApi(R"([A-Z][a-z]+([A-Z][a-z0-9]*)+)");
  return std::regex_match(text, kApi);
}

void Reader::ActivityPass(bool entity_words) {
  // The longest phrase wins ("admin logons" over "logons"); among equals, the earlier activity.
  // Phrases that are entity words ("processes", "api calls") are left to the second pass, after
  // aggregation has read "top 5 processes".
  const Activity* best = nullptr;
  size_t best_at = 0, best_len = 0;
  for (const Activity& a : Activities()) {
    for (std::string_view phrase : a.phrases) {
      bool is_entity = std::any_of(EntityWords().begin(), EntityWords().end(),
                                   [&](const auto& w) { return w.first == phrase; });
      if (is_entity != entity_words && !entity_words) continue;
      for (size_t i = 0; i < w_.size(); ++i) {
        size_t n = At(i, phrase);
        if (n > best_len) {
          best = &a;
          best_at = i;
          best_len = n;
        }
      }
    }
  }
  if (best == nullptr) return;
  spec_.activity = best;
  spec_.activity_said = Use(best_at, best_len);
  // Another phrase for the same activity ("failed logons … failed logins") is read too.
  for (std::string_view again : best->phrases) {
    for (size_t k = 0; k < w_.size(); ++k) {
      if (size_t m = At(k, again)) Use(k, m);
    }
  }
}

void Reader::ApiNameActivity() {
  for (const Word& word : w_) {
    if (!word.used && IsApiName(word.text)) {
      for (const Activity& a : Activities()) {
        if (a.key == "aws_api") spec_.activity = &a;
      }
      return;
    }
  }
}

// 1 for "january" (or "jan") … 12; 0 for any other word.
size_t MonthNumber(std::string_view word) {
  static constexpr std::string_view kMonths[] = {"january",   "february", "march",    "april",
                                                 "may",       "june",     "july",     "august",
                                                 "september", "october",  "november", "december"};
  for (size_t m = 0; m < 12; ++m) {
    if (word == kMonths[m] || (word.size() == 3 && kMonths[m].substr(0, 3) == word)) return m + 1;
  }
  return 0;
}

void Reader::Time() {
  for (size_t i = 0; i < w_.size(); ++i) {
    if (!Free(i)) continue;
    const std::string& word = w_[i].lower;
    if (word == "last" || word == "past" || word == "previous" || word == "recent") {
      size_t k = i + 1;
      long long n = 1;
      if (Free(k) && IsNumber(w_[k].lower)) n = SmallNumber(w_[k++].lower);
      std::string unit;
      if (Free(k)) {
        static const std::regex kCompact(R"((\d+)(m|h|d|w))");
        std::smatch m;
        const std::string& u = w_[k].lower;
        if (std::regex_match(u, m, kCompact)) {
          n = SmallNumber(m[1].str());
          unit = m[2];
        } else if (u.rfind("minute", 0) == 0 || u == "mins" || u == "min") {
          unit = "m";
        } else if (u.rfind("hour", 0) == 0 || u == "hrs" || u == "hr") {
          unit = "h";
        } else if (u.rfind("day", 0) == 0) {
          unit = "d";
        } else if (u.rfind("week", 0) == 0) {
          unit = "w";
        }
      }
      if (unit.empty()) continue;
      n = std::min(n, 100'000LL);  // 273 years of days: far enough, and no tick overflow
      if (unit == "w") {
        n *= 7;
        unit = "d";
      }
      spec_.time_kql = "TimeGenerated > ago(" + std::to_string(n) + unit + ")";
      spec_.time_said = Use(i, k + 1 - i);
    } else if (word == "yesterday") {
      spec_.time_kql = "TimeGenerated >= startofday(ago(1d)) and TimeGenerated < startofday(now())";
      spec_.time_said = Use(i, 1);
    } else if (word == "today") {
      spec_.time_kql = "TimeGenerated >= startofday(now())";
      spec_.time_said = Use(i, 1);
    } else if ((word == "since" || word == "after" || word == "before" || word == "until") &&
               Free(i + 1)) {
      std::string when;
      size_t n = Instant(i + 1, when);
      if (n == 0) continue;
      spec_.time_kql = std::string("TimeGenerated ") +
                       (word == "before" || word == "until" ? "< " : "> ") + when;
      spec_.time_said = Use(i, 1 + n);
    } else if (word == "between" || word == "from") {
      std::string a, b;
      size_t n = Instant(i + 1, a);
      if (n == 0 || !Free(i + 1 + n) ||
          (w_[i + 1 + n].lower != "and" && w_[i + 1 + n].lower != "to")) {
        continue;
      }
      size_t m = Instant(i + 2 + n, b);
      if (m == 0) continue;
      spec_.time_kql = "TimeGenerated between (" + a;
      spec_.time_kql.append(" .. ").append(b).append(")");
      spec_.time_said = Use(i, 2 + n + m);
    } else if (size_t month = MonthNumber(word); month > 0 && Free(i + 1) &&
                                                 IsNumber(w_[i + 1].lower) &&
                                                 w_[i + 1].lower.size() == 4) {
      // "in december 2020", "during october 2020": that calendar month.
      long long year = SmallNumber(w_[i + 1].lower);
      auto day = [](long long y, size_t m) {
        std::string mm = (m < 10 ? "0" : "") + std::to_string(m);
        return "datetime(" + std::to_string(y) + "-" + mm + "-01)";
      };
      spec_.time_kql = "TimeGenerated >= " + day(year, month) + " and TimeGenerated < " +
                       (month == 12 ? day(year + 1, 1) : day(year, month + 1));
      size_t first =
          i > 0 && Free(i - 1) && (w_[i - 1].lower == "in" || w_[i - 1].lower == "during") ? i - 1
                                                                                           : i;
      spec_.time_said = Use(first, i + 2 - first);
    } else if (word == "on" && Free(i + 1) && IsDate(w_[i + 1].lower)) {
      std::string day = "datetime(" + w_[i + 1].text.substr(0, 10) + ")";
      spec_.time_kql = "TimeGenerated >= " + day;
      spec_.time_kql.append(" and TimeGenerated < ").append(day).append(" + 1d");
      spec_.time_said = Use(i, 2);
    }
  }
}

size_t Reader::Instant(size_t i, std::string& kql) const {
  if (!Free(i)) return 0;
  const std::string& word = w_[i].text;
  if (IsDate(word)) {
    if (Free(i + 1) && IsClock(w_[i + 1].text)) {
      kql = "datetime(" + word + " " + w_[i + 1].text + ")";
      return 2;
    }
    kql = "datetime(" + word + ")";
    return 1;
  }
  if (IsClock(word)) {
    int hours = std::stoi(word.substr(0, word.find(':')));
    int minutes = std::stoi(word.substr(word.find(':') + 1, 2));
    kql = "startofday(now()) + " +
          (minutes == 0 ? std::to_string(hours) + "h" : std::to_string(hours * 60 + minutes) + "m");
    return 1;
  }
  return 0;
}

void Reader::Aggregation() {
  using A = builtin::Aggregation;
  for (size_t i = 0; i < w_.size(); ++i) {
    if (!Free(i)) continue;
    A kind = A::kNone;
    size_t n = 0;
    if ((n = At(i, "how many distinct")) || (n = At(i, "how many different")) ||
        (n = At(i, "how many unique")) || (n = At(i, "number of distinct")) ||
        (n = At(i, "number of different")) || (n = At(i, "number of unique")) ||
        (n = At(i, "count of distinct")) || (n = At(i, "count distinct"))) {
      kind = A::kDcount;
    } else if ((n = At(i, "how many")) || (n = At(i, "number of")) || (n = At(i, "count of")) ||
               (n = At(i, "count")) || (n = At(i, "counts")) || (n = At(i, "total")) ||
               (n = At(i, "tally"))) {
      kind = A::kCount;
    } else if ((n = At(i, "most common")) || (n = At(i, "most frequent")) ||
               (n = At(i, "most active")) || (n = At(i, "noisiest")) || (n = At(i, "top"))) {
      kind = A::kTop;
    } else if ((n = At(i, "least common")) || (n = At(i, "least frequent")) ||
               (n = At(i, "rarest")) || (n = At(i, "rare")) || (n = At(i, "uncommon")) ||
               (n = At(i, "unusual"))) {
      kind = A::kRare;
    } else if ((n = At(i, "first and last seen")) || (n = At(i, "first seen")) ||
               (n = At(i, "last seen")) || (n = At(i, "first and last time"))) {
      kind = A::kFirstLast;
    } else if ((n = At(i, "distinct")) || (n = At(i, "unique")) || (n = At(i, "different"))) {
      kind = A::kDistinct;
    } else if ((At(i, "which") || At(i, "what")) && Free(i + 1)) {
      Entity e{};
      if (EntityAt(i + 1, e)) {
        kind = A::kDistinct;
        n = 1;
      }
    }
    if (kind == A::kNone) continue;
    // "top 3 processes by number of image loads": the measure a ranking is by, not a count.
    bool ranked = spec_.aggregation == A::kTop || spec_.aggregation == A::kRare;
    if (kind == A::kCount && ranked && i > 0 && Free(i - 1) && w_[i - 1].lower == "by") {
      spec_.aggregation_said += " " + Use(i - 1, n + 1);
      continue;
    }
    std::string said = Use(i, n);
    size_t k = i + n;
    if ((kind == A::kTop || kind == A::kRare) && Free(k) && IsNumber(w_[k].lower)) {
      spec_.limit = static_cast<int>(SmallNumber(w_[k].lower));
      said += " " + Use(k++, 1);
    }
    Entity e{};
    if (size_t m = EntityAt(k, e)) {
      said += " " + Use(k, m);
      if (kind != A::kCount && kind != A::kFirstLast && kind != A::kDcount) {
        spec_.groups = {e};
      }
      spec_.target = e;  // "how many processes": what is counted, and a hint of the activity
      spec_.has_target = true;
    }
    spec_.aggregation = kind;
    spec_.aggregation_said = said;
  }
  Grouping();
}

void Reader::Grouping() {
  for (size_t i = 0; i < w_.size(); ++i) {
    if (!Free(i)) continue;
    size_t n = 0;
    if (!((n = At(i, "grouped by")) || (n = At(i, "group by")) || (n = At(i, "broken down by")) ||
          (n = At(i, "split by")) || (n = At(i, "for each")) || (n = At(i, "for every")) ||
          (n = At(i, "by")) || (n = At(i, "per")) || (n = At(i, "each")))) {
      continue;
    }
    size_t k = i + n;
    if (Free(k) && (w_[k].lower == "hour" || w_[k].lower == "day")) {
      spec_.bin = w_[k].lower == "hour" ? "1h" : "1d";
      Use(i, k + 1 - i);
      continue;
    }
    Entity e{};
    size_t m = EntityAt(k, e);
    if (m == 0) continue;
    if (IsValueWord(k + m)) continue;  // "by user alice" is a filter: Filters() reads it
    std::vector<Entity> groups = {e};
    Use(i, n + m);
    k += m;
    while (Free(k) && (w_[k].lower == "and" || w_[k].lower == ",")) {
      Entity next{};
      size_t l = EntityAt(k + 1, next);
      if (l == 0) break;
      groups.push_back(next);
      Use(k, 1 + l);
      k += 1 + l;
    }
    spec_.groups = groups;
  }
  for (size_t i = 0; i < w_.size(); ++i) {
    size_t n = 0;
    if ((n = At(i, "hourly")) || (n = At(i, "over time")) || (n = At(i, "timeline"))) {
      spec_.bin = "1h";
      Use(i, n);
    } else if ((n = At(i, "daily"))) {
      spec_.bin = "1d";
      Use(i, n);
    }
  }
}

void Reader::Threshold() {
  for (size_t i = 0; i < w_.size(); ++i) {
    size_t n = 0;
    std::string op;
    if ((n = At(i, "more than")) || (n = At(i, "greater than")) || (n = At(i, "over")) ||
        (n = At(i, "above")) || (n = At(i, "exceeding"))) {
      op = ">";
    } else if ((n = At(i, "at least"))) {
      op = ">=";
    } else if ((n = At(i, "fewer than")) || (n = At(i, "less than")) || (n = At(i, "under")) ||
               (n = At(i, "below"))) {
      op = "<";
    } else if ((n = At(i, "at most"))) {
      op = "<=";
    }
    if (!op.empty() && Free(i + n) && IsNumber(w_[i + n].lower)) {
      spec_.threshold_op = op;
      spec_.threshold = SmallNumber(w_[i + n].lower);
      Use(i, n + 1);
      if (Free(i + n + 1)) {
        const std::string& unit = w_[i + n + 1].lower;
        if (unit == "times" || unit == "events" || unit == "attempts" || unit == "failures" ||
            unit == "tries" || unit == "calls" || unit == "occurrences") {
          Use(i + n + 1, 1);
        }
      }
    } else if (Free(i) && IsNumber(w_[i].lower) && At(i + 1, "or more")) {
      spec_.threshold_op = ">=";
      spec_.threshold = SmallNumber(w_[i].lower);
      Use(i, 3);
    }
  }
}

bool Reader::Negated(size_t i) {
  for (size_t back = 1; back <= 3 && back <= i; ++back) {
    size_t k = i - back;
    const std::string& word = w_[k].lower;
    if (word == "not" || word == "excluding" || word == "exclude" || word == "except" ||
        word == "without" || word == "ignoring" || word == "ignore" || word == "outside" ||
        word == "no" || word == "nothing" || word == "never") {
      Use(k, 1);
      return true;
    }
    if (At(k, "other than") || At(k, "leave out") || At(k, "leaving out") || At(k, "filter out")) {
      Use(k, 2);
      return true;
    }
    // The same, seen from its second word ("leave out machine accounts").
    if (k >= 1 && (At(k - 1, "other than") || At(k - 1, "leave out") || At(k - 1, "leaving out") ||
                   At(k - 1, "filter out"))) {
      Use(k - 1, 2);
      return true;
    }
    if (word == "skip" || word == "drop" || word == "omit" || word == "minus" || word == "hide" ||
        word == "excluded") {
      Use(k, 1);
      return true;
    }
    // "exclude svchost and defender": the negation reaches over "and" to the next value.
    // A refinement that only adds to the one before ("and SYSTEM" after "exclude computer
    // accounts") continues its exclusion.
    if (word == "and" && !spec_.filters.empty() && spec_.filters.back().negated &&
        (k == 0 || spec_.filters.back().said.find(w_[k - 1].text) != std::string::npos)) {
      Use(k, 1);
      return true;
    }
    if (word != "from" && word != "to" && word != "by" && word != "on" && word != "for" &&
        word != "user" && word != "host" && word != "the" && word != "any" && word != "coming" &&
        word != "originating" && word != "made" && word != "sent" && word != "done" &&
        word != "called") {
      return false;
    }
  }
  return false;
}

void Reader::InferActivity() {
  std::vector<Entity> named = spec_.groups;
  if (spec_.has_target) named.push_back(spec_.target);
  for (const Filter& f : spec_.filters) named.push_back(f.entity);
  for (size_t i = 0; i < w_.size(); ++i) {
    Entity e{};
    if (EntityAt(i, e)) named.push_back(e);
  }
  static const std::vector<std::pair<Entity, std::string_view>> kHome = {
      {Entity::kPort, "network_connection"},
      {Entity::kSourceIp, "network_connection"},
      {Entity::kDnsName, "dns"},
      {Entity::kRegistryKey, "registry"},
      {Entity::kApiCall, "aws_api"},
      {Entity::kRole, "assume_role"},
      {Entity::kRule, "alerts"},
      {Entity::kLevel, "alerts"},
      {Entity::kCommandLine, "process"},
      {Entity::kParent, "process"},
      {Entity::kProcess, "process"},
      {Entity::kService, "new_service"},
      {Entity::kFile, "file_create"}};
  for (Entity e : named) {
    for (const auto& [entity, key] : kHome) {
      if (entity != e) continue;
      for (const Activity& a : Activities()) {
        if (a.key == key) {
          spec_.activity = &a;
          spec_.activity_said = std::string("(") + EntityName(e) + ")";
          return;
        }
      }
    }
  }
}

std::vector<std::string> Reader::Run() {
  ActivityPass(false);
  Window();
  Time();
  ManyValues();
  Aggregation();
  OneGroup();
  NonAdmin();
  SecurityTools();
  EventIdWords();
  if (spec_.activity == nullptr) ActivityPass(true);
  {
    // "top 5 aws api calls": the activity's own words name what to rank.
    if (spec_.activity != nullptr && spec_.groups.empty() &&
        (spec_.aggregation == builtin::Aggregation::kTop ||
         spec_.aggregation == builtin::Aggregation::kRare ||
         spec_.aggregation == builtin::Aggregation::kDistinct)) {
      for (const auto& [word, entity] : EntityWords()) {
        if (spec_.activity_said.find(word) != std::string::npos &&
            !FieldFor(spec_, entity, nullptr).empty()) {
          spec_.groups = {entity};
          break;
        }
      }
    }
  }
  if (spec_.activity == nullptr) ApiNameActivity();
  Threshold();
  Filters();
  Entity subject{};
  // "destination ips of network connections …": the leading entity is what is listed.
  if (spec_.aggregation == builtin::Aggregation::kNone && spec_.groups.empty()) {
    size_t n = EntityAt(0, subject);
    if (n > 0 && n < w_.size() && w_[n].lower == "of") {
      spec_.groups = {subject};
      spec_.aggregation = builtin::Aggregation::kDistinct;
      Use(0, n + 1);
    }
  }
  // "users with at least 2 logons": the entity the question starts with is what is counted.
  if (!spec_.threshold_op.empty() && spec_.groups.empty() && EntityAt(0, subject) > 0) {
    spec_.groups = {subject};
    Use(0, EntityAt(0, subject));
  }
  if (spec_.aggregation == builtin::Aggregation::kNone &&
      (!spec_.groups.empty() || !spec_.threshold_op.empty() || !spec_.bin.empty())) {
    spec_.aggregation = builtin::Aggregation::kCount;
  }
  // A question that names what to look at but no kind of event ("top 5 destination ports"):
  // the kind of event that has it.
  if (spec_.activity == nullptr) InferActivity();
  // Entity words left over name what to show ("processes that accessed lsass"): read.
  for (size_t i = 0; i < w_.size(); ++i) {
    Entity e{};
    if (size_t n = EntityAt(i, e); n > 0 && !FieldFor(spec_, e, nullptr).empty()) Use(i, n);
  }
  std::vector<std::string> left;
  for (const Word& word : w_) {
    if (!word.used && !IsStopWord(word.lower)) left.push_back(word.text);
  }
  return left;
}

std::vector<std::string> ParseQuestion(std::string_view question, HuntSpec& spec) {
  return Reader(question, spec).Run();
}

}  // namespace quarry::assist::builtin
