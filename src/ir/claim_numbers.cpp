// Reading numbers in a sentence: counts ("12 failed logons", "twice", "a burst of 25"), and the
// words left once every other reader has taken its part.
#include <algorithm>
#include <optional>
#include <set>

#include "core/strings.h"
#include "ir/claim_scan.h"
#include "ir/claim_words.h"

namespace quarry::ir {
namespace {

bool WordChar(char c) {
  return IsAlpha(c) || IsDigit(c) || c == '_' || c == '$' || c == '-' || c == '.' || c == '\'';
}

}  // namespace

std::vector<Word> FreeWords(const MaskedText& m) {
  std::vector<Word> words;
  const std::string& s = m.text;
  for (size_t i = 0; i < s.size();) {
    if (m.used[i] || !WordChar(s[i]) || s[i] == '.' || s[i] == '-' || s[i] == '\'') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && !m.used[j] && WordChar(s[j])) ++j;
    size_t end = j;
    while (end > i && (s[end - 1] == '.' || s[end - 1] == '-' || s[end - 1] == '\'')) --end;
    if (end > i)
      words.push_back({i, end, s.substr(i, end - i), AsciiToLower(s.substr(i, end - i)),
                       i > 0 && s[i - 1] == '(' && end < s.size() && s[end] == ')'});
    i = j;
  }
  return words;
}

bool Ordinal(std::string_view w) {
  size_t d = 0;
  while (d < w.size() && IsDigit(w[d])) ++d;
  std::string_view rest = w.substr(d);
  return d > 0 && (rest == "st" || rest == "nd" || rest == "rd" || rest == "th" || rest == "s" ||
                   UnitWord(rest));
}

std::optional<int64_t> Number(std::string_view w, bool* times) {
  if (w.empty()) return std::nullopt;
  if (IsDigit(w[0])) {
    int64_t v = 0;
    for (char c : w) {
      if (c == ',') continue;
      if (!IsDigit(c) || v > 1'000'000'000) return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  }
  return NumberWord(w, times);
}

bool HasDigit(std::string_view w) {
  return std::any_of(w.begin(), w.end(), IsDigit);
}
bool HasLower(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}
bool HasUpper(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}
namespace {

// A word between a number and what it counts; "process-access" when each part is one.
// "failed", "network", and compounds of words ("log-clearing", "group-membership").
bool Qualifier(std::string_view w) {
  if (CountQualifier(w)) return true;
  if (w.find('-') == std::string_view::npos) return false;
  for (size_t start = 0; start <= w.size();) {
    size_t dash = w.find('-', start);
    if (dash == std::string_view::npos) dash = w.size();
    std::string_view part = w.substr(start, dash - start);
    if (part.size() < 2 || !std::all_of(part.begin(), part.end(), IsAlpha)) return false;
    start = dash + 1;
  }
  return true;
}

}  // namespace

namespace {

// "4625s", "7045s": events of an event id, in the plural.
bool EventIdPlural(std::string_view w) {
  return w.size() >= 4 && w.size() <= 6 && w.back() == 's' &&
         std::all_of(w.begin(), w.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

// "12 failed logons", "three hosts", "twice", "more than 20 requests".
void ReadCounts(const MaskedText& m, const std::vector<Word>& words, std::vector<bool>& taken,
                ClaimTerms& out) {
  for (size_t i = 0; i < words.size(); ++i) {
    bool times = false;
    auto n = Number(words[i].lower, &times);
    // "a 25-event burst", "a 3-host spread".
    size_t dash = words[i].lower.find('-');
    if (!n && dash != std::string::npos && dash > 0) {
      auto noun = CountNoun(words[i].lower.substr(dash + 1));
      auto value = Number(words[i].lower.substr(0, dash), nullptr);
      if (noun && value) {
        out.counts.push_back(
            {CountTerm::Relation::kExactly, *value, *noun, words[i].text, {}, false, "", 0, {}});
        taken[i] = true;
      }
      continue;
    }
    if (!n) continue;
    if (words[i].lower == "single") continue;  // "a single logon session": one, not a count
    // "that one process": which one, not how many; "in one line", "in one go": an idiom.
    if (words[i].lower == "one" && i > 0) {
      static const char* const kWhich[] = {"that", "this", "the", "same", "each", "any", "no"};
      static const char* const kIdiom[] = {"line", "go", "sentence", "word", "place", "shot"};
      const std::string& before = words[i - 1].lower;
      if (std::find(std::begin(kWhich), std::end(kWhich), before) != std::end(kWhich)) continue;
      if (before == "in" && i + 1 < words.size() &&
          std::find(std::begin(kIdiom), std::end(kIdiom), words[i + 1].lower) != std::end(kIdiom))
        continue;
    }
    // "Taskmgr.exe /2 instances": a switch, not a count.
    if (words[i].begin > 0 && m.lower[words[i].begin - 1] == '/') continue;
    // "cmd.exe (5712) writes C:\program.exe": a process id in an aside, not a count.
    if (words[i].bracketed && IsDigit(words[i].lower[0])) continue;
    // "a type 5 service logon", "version 2 of": a label's number, not a count.
    // "session 2", "TID 8488", "protocol 1", "Sysmon 24" too.
    static const char* const kLabels[] = {
        "type", "version", "level",    "code", "id",    "number", "session", "pid",  "process",
        "ppid", "tid",     "protocol", "step", "stage", "phase",  "sysmon",  "build"};
    if (i > 0 &&
        std::find(std::begin(kLabels), std::end(kLabels), words[i - 1].lower) != std::end(kLabels))
      continue;
    // "once on the 4688 record and once on the Sysmon record": where each happened, not a count.
    if (words[i].lower == "once" && std::count_if(words.begin(), words.end(), [](const Word& w) {
                                      return w.lower == "once";
                                    }) > 1)
      continue;
    // "once more", "once again", "once for every record": an idiom, not a count.
    // "once on each 4634", "one for each logon": one per thing, not a count of the citations.
    auto distributive = [&](size_t k) {
      return k < words.size() &&
             (words[k].lower == "each" || words[k].lower == "every" || words[k].lower == "per");
    };
    if (words[i].lower == "once" && i + 1 < words.size() &&
        (words[i + 1].lower == "more" || words[i + 1].lower == "again" ||
         words[i + 1].lower == "for" || distributive(i + 1)))
      continue;
    // "once a minute", "twice an hour": a rate.
    if ((words[i].lower == "once" || words[i].lower == "twice") && i + 2 < words.size() &&
        (words[i + 1].lower == "a" || words[i + 1].lower == "an") && UnitWord(words[i + 2].lower))
      continue;
    if ((words[i].lower == "once" || words[i].lower == "one") && i + 2 < words.size() &&
        (words[i + 1].lower == "on" || words[i + 1].lower == "for" || words[i + 1].lower == "in") &&
        distributive(i + 2))
      continue;
    // "between the two credential reads": things named elsewhere, not the citations.
    if (i >= 2 && words[i - 1].lower == "the" && words[i - 2].lower == "between") continue;
    // "one of those four alerts": a set the text counted before, not the citations.
    if (i >= 2 && words[i - 2].lower == "of" &&
        (words[i - 1].lower == "those" || words[i - 1].lower == "these" ||
         words[i - 1].lower == "the") &&
        i >= 3 && Number(words[i - 3].lower, nullptr))
      continue;
    std::optional<CountOf> of;
    size_t last = i;
    // What comes right after the number: "-500, 10.23.23.9:50329, logon ID …" counts nothing;
    // "three "Suspicious RDP Redirect Using TSCON" (high)" counts the alerts of that rule.
    size_t next = words[i].end;
    while (next < m.lower.size() && m.lower[next] == ' ') ++next;
    bool punctuated = next < m.lower.size() &&
                      std::string_view(",;:").find(m.lower[next]) != std::string_view::npos;
    std::string title;
    if (next < m.lower.size() && m.lower[next] == '"') {
      size_t close = m.lower.find('"', next + 1);
      size_t after = close == std::string::npos ? close : close + 1;
      while (after < m.lower.size() && m.lower[after] == ' ') ++after;
      // Nothing named after it: the title is what is counted ('two "svchost" copies' is not).
      bool alone = after >= m.lower.size() ||
                   std::string_view(",.;:(").find(m.lower[after]) != std::string_view::npos;
      if (close != std::string::npos && close > next + 1 && alone)
        title = m.lower.substr(next + 1, close - next - 1);
    }
    if (punctuated && !times) {
      // no noun follows: kept as a number, which result rows are checked against
    } else if (times) {
      of = CountOf::kEvents;
    } else if (i + 2 < words.size() && words[i + 1].lower == "of" &&
               (words[i + 2].lower == "them" || words[i + 2].lower == "these" ||
                words[i + 2].lower == "those")) {
      of = CountOf::kEvents;  // "21 of them": all the cited events, or a part
      last = i + 2;
      times = true;
    } else {
      int plain = 0;  // "4 raw disk reads": up to two plain words may describe the noun
      // "five of the User Logoff Event alerts" counts the alerts.
      size_t first = i + 1;
      if (i + 3 < words.size() && words[i + 1].lower == "of" &&
          (words[i + 2].lower == "the" || words[i + 2].lower == "these" ||
           words[i + 2].lower == "those"))
        first = i + 3;
      // A rule's title may stand there whole: "Five Possible Impacket SecretDump Remote
      // Activity alerts".
      auto title_run = [&](size_t k) {
        return k <= first + 8 && std::all_of(words.begin() + static_cast<std::ptrdiff_t>(first),
                                             words.begin() + static_cast<std::ptrdiff_t>(k),
                                             [](const Word& w) { return HasUpper(w.text); });
      };
      for (size_t k = first; k < words.size() && (k <= first + 3 || title_run(k)); ++k) {
        if (UnitWord(words[k].lower)) break;
        if (words[k].bracketed) continue;     // "18 RC4 (0x17) service tickets"
        if (EventIdPlural(words[k].lower)) {  // "3 7045s": events of that id
          of = CountOf::kEvents;
          last = k;
          break;
        }
        if (auto noun = CountNoun(words[k].lower)) {
          of = noun;
          last = k;
          // "four PCRE.NET Package Image Load alerts": a capitalised noun inside a rule's title
          // is not what is counted; the noun after the title is.
          size_t after_title = k;
          while (after_title < words.size() && HasUpper(words[after_title].text) &&
                 after_title <= first + 8)
            ++after_title;
          if (HasUpper(words[k].text) && after_title < words.size() &&
              !HasUpper(words[after_title].text) && CountNoun(words[after_title].lower))
            last = after_title;
          // "3 logon events": the last noun of the run says what is counted.
          // Not into an aside: "14 admmig network logons (logon type 3, …)".
          auto aside = [&](size_t at) {
            return words[at].bracketed || m.lower.find('(', words[at - 1].end) < words[at].begin;
          };
          while (last + 1 < words.size() && !aside(last + 1) && CountNoun(words[last + 1].lower))
            ++last;
          of = CountNoun(words[last].lower);
          break;
        }
        // "five ZoneMap values", "three PowerShell commands": a name may qualify the noun.
        bool name = HasUpper(words[k].text) && (!StopWord(words[k].lower) || title_run(k + 1));
        const std::string& w = words[k].lower;
        bool describing = w.size() >= 3 && std::all_of(w.begin(), w.end(), IsAlpha) &&
                          !StopWord(w) && !w.ends_with("ed") && !w.ends_with("ing") &&
                          !w.ends_with("ly") && ++plain <= 2;
        if (!Qualifier(w) && !Number(w, nullptr) && !name && !describing) break;
      }
    }
    // "the Pass the Hash Activity 2 rule": a number right before a singular noun counts nothing.
    if (of && !times && *n > 1 && last == i + 1 && IsDigit(words[i].lower[0]) &&
        !words[last].lower.ends_with('s'))
      of.reset();
    if (!of && !title.empty() &&
        (words.size() == i + 1 || words[i + 1].begin > next + title.size())) {
      of = CountOf::kAlerts;  // no noun after the quoted title: its alerts
    }
    // "a burst of 25", "a total of 12", "25 in total".
    if (!of && i >= 2 && words[i - 1].lower == "of" &&
        (words[i - 2].lower == "burst" || words[i - 2].lower == "total" ||
         words[i - 2].lower == "series" || words[i - 2].lower == "run" ||
         words[i - 2].lower == "wave" || words[i - 2].lower == "sequence" ||
         words[i - 2].lower == "cluster" || words[i - 2].lower == "batch")) {
      of = CountOf::kEvents;
    }
    if (!of && i + 2 < words.size() && words[i + 1].lower == "in" && words[i + 2].lower == "total")
      of = CountOf::kEvents;
    bool word_number = !IsDigit(words[i].lower[0]);
    // "24491689 (first ticket)": a number that large is an id, not a count.
    if (of && *n > 100000) of.reset();
    if (!of && !word_number) out.numbers.push_back(words[i].lower);  // checked against rows
    // "eight alerts and the second seven": the rest of what a count before it counts.
    if (!of && i > 0 && *n < 1000 &&
        (words[i - 1].lower == "second" || words[i - 1].lower == "other" ||
         words[i - 1].lower == "rest" || words[i - 1].lower == "remaining" ||
         words[i - 1].lower == "latter"))
      out.rest_counts.push_back(*n);
    if (!of || (word_number && words[i].lower == "one" && last != i + 1)) continue;
    CountTerm c;
    c.value = *n;
    c.of = *of;
    // The words just before the number, with nothing between ("logged on over ::1 twice" is no
    // "over twice").
    auto next_to = [&](size_t a, size_t b) { return words[b].begin <= words[a].end + 2; };
    std::string p1 = i > 0 && next_to(i - 1, i) ? words[i - 1].lower : "";
    std::string p2 = i > 1 && !p1.empty() && next_to(i - 2, i - 1) ? words[i - 2].lower : "";
    if ((p2 == "more" || p2 == "greater") && p1 == "than")
      c.relation = CountTerm::Relation::kMoreThan;
    if (p1 == "over" || p1 == "exceeding") c.relation = CountTerm::Relation::kMoreThan;
    if (p2 == "at" && p1 == "least") c.relation = CountTerm::Relation::kAtLeast;
    if ((p2 == "fewer" || p2 == "less") && p1 == "than")
      c.relation = CountTerm::Relation::kFewerThan;
    if ((p2 == "at" && p1 == "most") || (p2 == "up" && p1 == "to"))
      c.relation = CountTerm::Relation::kAtMost;
    if (p1 == "about" || p1 == "around" || p1 == "approximately" || p1 == "roughly" ||
        p1 == "nearly" || p1 == "some" || p1 == "almost" || p1 == "dozens" || p1 == "several")
      c.relation = CountTerm::Relation::kAbout;
    if (i + 2 < words.size() && words[i + 1].lower == "or" && words[i + 2].lower == "more")
      c.relation = CountTerm::Relation::kAtLeast;
    c.repeat = times || words[last].lower == "times";
    c.apart = c.repeat && std::any_of(words.begin(), words.end(), [](const Word& w) {
                return w.lower == "apart" || w.lower == "separate" || w.lower == "waves" ||
                       w.lower == "bursts";
              });
    // "three read accesses …, followed by an access with DELETE": the same noun, once more.
    const std::string& noun = words[last].lower;
    if (noun.size() > 3 && noun.back() == 's') {
      std::string one = noun.substr(0, noun.size() - (noun.ends_with("ses") ? 2 : 1));
      for (size_t k = 0; k < words.size(); ++k) {
        if ((k < i || k > last) && words[k].lower == one) ++c.others;
      }
    }
    // "the first four requests …, while the final one …": one more, of the same noun.
    for (size_t k = 1; k < words.size(); ++k) {
      static const std::set<std::string, std::less<>> kPlace = {"final", "last",  "remaining",
                                                                "other", "fifth", "next"};
      if (words[k].lower == "one" && k != i && kPlace.count(words[k - 1].lower) && i > 0 &&
          words[i - 1].lower == "first")
        ++c.others;
    }
    // The text between, names taken by other readers included ("984 event 5447 records").
    if (last > i) {
      for (char ch : m.lower.substr(words[i].end, words[last].begin - words[i].end)) {
        if (ch != ' ' || (!c.qualifier.empty() && c.qualifier.back() != ' ')) c.qualifier += ch;
      }
      while (!c.qualifier.empty() && c.qualifier.back() == ' ') c.qualifier.pop_back();
    }
    if (EventIdPlural(words[last].lower))
      c.qualifier += (c.qualifier.empty() ? "" : " ") +
                     words[last].lower.substr(0, words[last].lower.size() - 1);
    if (*of == CountOf::kAlerts && last == i && !title.empty()) c.qualifier = title;
    c.text = words[i].text + (last > i ? " … " + words[last].text : "");
    if (last == i + 1) c.text = words[i].text + " " + words[last].text;
    // The words after, names taken by other readers included ("492 records with ChangeType
    // %%16384").
    for (size_t pos = words[last].end; pos < m.lower.size() && c.after.size() < 3;) {
      while (pos < m.lower.size() && m.lower[pos] == ' ') ++pos;
      size_t end = m.lower.find(' ', pos);
      if (end == std::string::npos) end = m.lower.size();
      std::string token = m.lower.substr(pos, end - pos);
      bool last_one = token.find_first_of(",;:.") != std::string::npos &&
                      token.find_first_of(",;:.") + 1 == token.size();
      while (!token.empty() && std::string_view(",;:.()").find(token.back()) != std::string::npos)
        token.pop_back();
      while (!token.empty() && token.front() == '(') token.erase(0, 1);
      if (!token.empty()) c.after.push_back(token);
      if (last_one) break;
      pos = end;
    }
    for (size_t k = i; k <= last; ++k) taken[k] = true;
    out.counts.push_back(std::move(c));
  }
  // "Five connection attempts were blocked": what is counted has that outcome.
  static const std::pair<std::string_view, std::vector<std::string>> kOutcomes[] = {
      {"block", {"block", "drop"}},    {"fail", {"fail"}},
      {"permit", {"permit", "allow"}}, {"allow", {"permit", "allow"}},
      {"denied", {"denied", "deny"}},  {"succe", {"success", "succeed"}}};
  const std::vector<std::string>* outcome = nullptr;
  int outcomes = 0;
  for (const Word& w : words) {
    for (const auto& [stem, stems] : kOutcomes) {
      if (w.lower.rfind(stem, 0) != 0 || outcome == &stems) continue;
      outcome = &stems;
      ++outcomes;
    }
  }
  if (outcomes != 1) return;
  for (CountTerm& c : out.counts) {
    if (c.of == CountOf::kEvents) c.outcome = *outcome;
  }
}

}  // namespace quarry::ir
