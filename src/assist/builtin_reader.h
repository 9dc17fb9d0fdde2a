// The built-in provider's question reader, shared by builtin_parse.cpp (time, aggregation,
// grouping) and builtin_filters.cpp (entity filters). Internal to src/assist.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "assist/builtin_internal.h"

namespace quarry::assist::builtin {

bool IsNumber(std::string_view s);
// Digits as a number, capped at a billion (no overflow, no exception).
long long SmallNumber(std::string_view digits);
bool IsIp(const std::string& s);
bool IsDate(const std::string& s);
bool IsClock(const std::string& s);
bool HasExtension(const std::string& s, std::string_view ext);
bool IsFileName(const std::string& lower);
bool IsDomain(const std::string& lower);
bool LooksLikeHost(const std::string& text);
bool IsApiName(const std::string& text);
size_t MonthNumber(std::string_view word);

class Reader {
 public:
  Reader(std::string_view question, HuntSpec& spec) : w_(Words(question)), spec_(spec) {}

  // Reads the question into the spec; returns the words no rule read.
  std::vector<std::string> Run();

 private:
  // Whether `phrase` (words separated by spaces) stands at i, unread; its length in words.
  size_t At(size_t i, std::string_view phrase) const {
    size_t n = 0;
    size_t start = 0;
    while (start <= phrase.size()) {
      size_t space = phrase.find(' ', start);
      std::string_view part = phrase.substr(
          start, space == std::string_view::npos ? std::string_view::npos : space - start);
      if (i + n >= w_.size() || w_[i + n].used || w_[i + n].quoted || w_[i + n].lower != part)
        return 0;
      ++n;
      if (space == std::string_view::npos) break;
      start = space + 1;
    }
    return n;
  }
  std::string Use(size_t i, size_t n) {
    std::string said;
    for (size_t k = i; k < i + n && k < w_.size(); ++k) {
      w_[k].used = true;
      said += (said.empty() ? "" : " ") + w_[k].text;
    }
    return said;
  }
  bool Free(size_t i) const { return i < w_.size() && !w_[i].used; }
  // An entity word at i: its entity and length.
  size_t EntityAt(size_t i, Entity& e) const {
    for (const auto& [word, entity] : EntityWords()) {
      if (size_t n = At(i, word)) {
        e = entity;
        return n;
      }
    }
    return 0;
  }

  void ActivityPass(bool entity_words);

  void ApiNameActivity();

  void Time();

  // A date, a date and a clock time, or a clock time on the reference day; its length.
  size_t Instant(size_t i, std::string& kql) const;

  void Aggregation();

  void Grouping();

  void Threshold();

  // Words a detection is phrased in: a window ("within 30 minutes"), what one group is ("from
  // one workstation"), a count of distinct values ("many SPNs", "more than 5 different hosts")
  // and accounts that are not administrators ("non-admin").
  void Window();
  void OneGroup();
  void ManyValues();
  void NonAdmin();
  void SecurityTools();
  void EventIdWords();

  // Negation just before word i ("not", "excluding", …): read, and true.
  bool Negated(size_t i);

  void Add(Entity e, std::string kind, std::string value, size_t first, size_t n) {
    Filter f;
    f.entity = e;
    f.kind = std::move(kind);
    f.value = std::move(value);
    f.negated = Negated(first);
    // "excluding A, B and C": the negation runs on through a list of values of one entity.
    if (!f.negated && first > 0 && !spec_.filters.empty() && spec_.filters.back().negated &&
        spec_.filters.back().entity == e &&
        (w_[first - 1].used || w_[first - 1].lower == "and" || w_[first - 1].lower == "or" ||
         w_[first - 1].lower == "nor")) {
      f.negated = true;
      if (!w_[first - 1].used) Use(first - 1, 1);
    }
    f.said = (f.negated ? "not " : "") + Use(first, n);
    spec_.filters.push_back(std::move(f));
  }

  void Filters();
  void InferActivity();
  bool IsValueWord(size_t i) const;  // a word that can be a filter's value

  std::vector<Word> w_;
  HuntSpec& spec_;
};

}  // namespace quarry::assist::builtin
