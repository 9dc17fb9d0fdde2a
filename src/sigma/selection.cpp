// Rule selection before compiling (Selection in loader.h): which rule documents a load keeps.
#include <algorithm>
#include <map>
#include <set>

#include "core/strings.h"
#include "sigma/compiler.h"
#include "sigma/loader.h"
#include "sigma/loader_internal.h"

namespace quarry::sigma {
namespace {

bool AnyEquals(const std::vector<std::string>& wanted, std::string_view value) {
  return std::any_of(wanted.begin(), wanted.end(),
                     [&](const std::string& w) { return EqualsIgnoreCaseAscii(w, value); });
}

}  // namespace

bool Selection::KeepsAll() const {
  return min_level == Level::kInformational && statuses.empty() && tags.empty() && ids.empty();
}

bool Selection::Keeps(const RuleInfo& info) const {
  if (info.level < min_level) return false;
  if (!statuses.empty() && !AnyEquals(statuses, info.status)) return false;
  if (!tags.empty() && std::none_of(info.tags.begin(), info.tags.end(),
                                    [&](const std::string& t) { return AnyEquals(tags, t); })) {
    return false;
  }
  if (!ids.empty() && !AnyEquals(ids, info.id) && (info.name.empty() || !AnyEquals(ids, info.name)))
    return false;
  return true;
}

std::string Selection::Key() const {
  if (KeepsAll()) return {};
  std::string key = std::string("min_level=") + LevelName(min_level);
  auto list = [&key](const char* name, std::vector<std::string> values) {
    for (auto& v : values) v = AsciiToLower(v);
    std::sort(values.begin(), values.end());
    key.append(";").append(name).append("=");
    for (const auto& v : values) key.append(std::to_string(v.size())).append(":").append(v);
  };
  list("status", statuses);
  list("tag", tags);
  list("id", ids);
  return key;
}

// The documents Finish compiles: those the selection keeps, and every rule or correlation a kept
// correlation refers to (transitively), which is compiled but marked unselected. The others get
// a result saying they were not selected.
std::vector<RuleLoader::Chosen> RuleLoader::Choose(const std::vector<size_t>& docs) {
  std::vector<Chosen> out;
  out.reserve(docs.size());
  const Selection& selection = options_.selection;
  if (selection.KeepsAll()) {
    for (size_t i : docs) out.push_back({i, true});
    return out;
  }
  // Metadata the selection reads; a document whose metadata cannot be read is kept, so that
  // compiling it reports why.
  std::vector<int> keep(docs.size(), 0);  // 0 dropped, 1 needed by a correlation, 2 selected
  std::map<std::string, size_t> by_key;   // id or name -> position in docs
  for (size_t k = 0; k < docs.size(); ++k) {
    const auto& [name, doc] = documents_[docs[k]];
    try {
      RuleLoad r = DocumentLoad(name, doc);
      RuleInfo info;
      int error_line = 0;
      std::string error;
      if (!doc.IsMap() || !ReadRuleInfo(doc, r, info, error_line, error) || selection.Keeps(info)) {
        keep[k] = 2;
      }
      // The last document with a key wins, as when correlations resolve their references.
      if (!info.id.empty()) by_key[info.id] = k;
      if (!info.name.empty()) by_key[info.name] = k;
    } catch (const YAML::Exception&) {
      keep[k] = 2;
    }
  }
  std::vector<size_t> work;
  for (size_t k = 0; k < docs.size(); ++k) {
    if (keep[k] == 2) work.push_back(k);
  }
  while (!work.empty()) {
    size_t k = work.back();
    work.pop_back();
    const YAML::Node& doc = documents_[docs[k]].second;
    std::vector<std::string> refs;
    try {
      if (doc.IsMap() && doc["correlation"]) refs = References(doc);
    } catch (const YAML::Exception&) {
      continue;  // reported when the correlation is compiled
    }
    for (const auto& ref : refs) {
      auto it = by_key.find(ref);
      if (it == by_key.end() || keep[it->second] != 0) continue;
      keep[it->second] = 1;
      work.push_back(it->second);
    }
  }
  // Whether a rule alerts on its own is the rule set's property, not the selection's: judged
  // over every correlation document, selected or not (as without a selection).
  std::vector<int> uses(docs.size(), 0), generating(docs.size(), 0);
  for (size_t k = 0; k < docs.size(); ++k) {
    const YAML::Node& doc = documents_[docs[k]].second;
    try {
      if (!IsCorrelation(doc)) continue;
      YAML::Node generate =
          doc["correlation"].IsMap() ? doc["correlation"]["generate"] : YAML::Node();
      bool generates = generate && generate.IsScalar() && generate.as<bool>();
      for (const auto& ref : References(doc)) {
        auto it = by_key.find(ref);
        if (it == by_key.end()) continue;
        ++uses[it->second];
        generating[it->second] += generates ? 1 : 0;
      }
    } catch (const YAML::Exception&) {
      continue;  // reported when the correlation is compiled
    }
  }
  for (size_t k = 0; k < docs.size(); ++k) {
    if (keep[k] != 0) {
      out.push_back({docs[k], keep[k] == 2, uses[k] > 0 && generating[k] == 0 ? 0 : 1});
      continue;
    }
    const auto& [name, doc] = documents_[docs[k]];
    RuleLoad r = DocumentLoad(name, doc);
    r.selected = false;
    results_.push_back(std::move(r));
  }
  return out;
}

}  // namespace quarry::sigma
