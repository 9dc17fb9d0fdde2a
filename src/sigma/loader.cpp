#include "sigma/loader.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "core/strings.h"
#include "core/yaml_guard.h"
#include "sigma/compiler.h"
#include "sigma/condition.h"
#include "sigma/loader_internal.h"

namespace quarry::sigma {
namespace {

namespace fs = std::filesystem;

}  // namespace

std::string ScalarText(const YAML::Node& n) {
  return n && n.IsScalar() ? n.Scalar() : std::string();
}

RuleLoad DocumentLoad(const std::string& name, const YAML::Node& doc) {
  RuleLoad r;
  r.path = name;
  r.line = LineOf(doc);
  if (doc.IsMap()) {
    r.id = ScalarText(doc["id"]);
    r.title = ScalarText(doc["title"]);
  }
  return r;
}

bool IsCorrelation(const YAML::Node& doc) {
  return doc.IsMap() && doc["correlation"];
}

RuleLoader::RuleLoader(LoaderOptions options) : options_(std::move(options)) {}

Status LoadMappingFile(const std::string& path, LoaderOptions& options) {
  try {
    YAML::Node root = YAML::LoadFile(path);
    auto where = [&](const YAML::Node& n) { return path + ":" + std::to_string(LineOf(n)) + ": "; };
    if (!root.IsMap()) return InvalidArgument(path + ": a mapping file is a map");
    for (auto it = root.begin(); it != root.end(); ++it) {
      std::string key = it->first.as<std::string>();
      if (key != "services" && key != "categories") {
        return InvalidArgument(where(it->first) + "unknown key '" + key +
                               "' (services and categories are known)");
      }
    }
    if (YAML::Node services = root["services"]) {
      for (auto it = services.begin(); it != services.end(); ++it) {
        std::vector<std::string> channels;
        if (it->second.IsSequence()) {
          for (const auto& c : it->second) channels.push_back(c.as<std::string>());
        } else if (it->second.IsScalar()) {
          channels.push_back(it->second.Scalar());
        } else {
          return InvalidArgument(where(it->second) + "a service maps to a channel or a list");
        }
        options.mapping.services[it->first.as<std::string>()] = channels;
      }
    }
    if (YAML::Node categories = root["categories"]) {
      for (auto it = categories.begin(); it != categories.end(); ++it) {
        MappingOverrides::Category c;
        YAML::Node body = it->second;  // a copy: the iterator hands out a temporary
        if (!body.IsMap()) return InvalidArgument(where(body) + "a category maps to a map");
        if (body["channels"]) {
          for (const auto& ch : body["channels"]) c.channels.push_back(ch.as<std::string>());
        }
        if (body["event_ids"]) {
          for (const auto& id : body["event_ids"]) c.event_ids.push_back(id.as<int64_t>());
        }
        if (body["fields"]) {
          for (auto f = body["fields"].begin(); f != body["fields"].end(); ++f) {
            c.fields[f->first.as<std::string>()] =
                f->second.IsNull() ? "" : f->second.as<std::string>();
          }
        }
        options.mapping.categories[it->first.as<std::string>()] = c;
      }
    }
  } catch (const YAML::BadFile&) {
    return InvalidArgument(path + ": cannot read the mapping file");
  } catch (const YAML::Exception& e) {
    return InvalidArgument(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return Status::Ok();
}

Status AddPlaceholder(const std::string& assignment, LoaderOptions& options) {
  size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    return InvalidArgument("--placeholder wants NAME=VALUE, got '" + assignment + "'");
  }
  std::string name = assignment.substr(0, eq);
  if (name.size() > 2 && name.front() == '%' && name.back() == '%')
    name = name.substr(1, name.size() - 2);
  options.placeholders[name].push_back(assignment.substr(eq + 1));
  return Status::Ok();
}

void RuleLoader::AddPath(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      // x.tests/ beside x.yml holds the rule's tests (quarry rules test), whose expect.yml is
      // not a rule.
      if (it->is_directory() && it->path().extension() == ".tests") {
        it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      std::string ext = it->path().extension().string();
      if (ext == ".yml" || ext == ".yaml") files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) AddFile(f);
    if (ec) {
      RuleLoad r;
      r.path = path;
      r.reason = path + ": cannot list the folder: " + ec.message();
      results_.push_back(r);
    }
    return;
  }
  AddFile(path);
}

bool RuleLoader::ReadFile(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    RuleLoad r;
    r.path = path;
    r.reason = path + ": cannot read the file";
    results_.push_back(r);
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  text = ss.str();
  return true;
}

void RuleLoader::AddFile(const std::string& path) {
  std::string text;
  if (ReadFile(path, text)) AddText(path, text);
}

void RuleLoader::ParsePending() {
  // YAML parsing is most of the load time: texts are parsed on several threads, then taken in
  // order, so results and rule order do not depend on the thread count.
  std::vector<Parsed> parsed(pending_.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < pending_.size(); i = next++) {
      parsed[i] = Parse(pending_[i].first, pending_[i].second);
    }
  };
  size_t threads = options_.threads != 0 ? options_.threads : std::thread::hardware_concurrency();
  threads = std::max<size_t>(1, std::min(threads, pending_.size() / 64 + 1));
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (auto& w : workers) w.join();
  for (size_t i = 0; i < pending_.size(); ++i) Accept(pending_[i].first, std::move(parsed[i]));
  pending_.clear();
}

namespace {

// `global` merged into `doc`: maps merge key by key (recursively), anything else in `doc` wins.
YAML::Node Merge(const YAML::Node& global, const YAML::Node& doc) {
  if (!global || !global.IsMap() || !doc.IsMap()) return YAML::Clone(doc);
  YAML::Node out = YAML::Clone(global);
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    std::string key = it->first.as<std::string>();
    YAML::Node current = out[key];
    if (current && current.IsMap() && it->second.IsMap()) {
      out[key] = Merge(current, it->second);
    } else {
      out[key] = YAML::Clone(it->second);
    }
  }
  return out;
}

}  // namespace

// Sigma v1 rule collections: `action: global` sets fields every later document of the file
// gets, `action: reset` forgets them, `action: repeat` repeats the previous rule with changes.
void RuleLoader::ExpandCollection(const std::string& name, const std::vector<YAML::Node>& docs) {
  YAML::Node global(YAML::NodeType::Undefined);
  YAML::Node previous(YAML::NodeType::Undefined);
  for (const auto& doc : docs) {
    // An action that is not a word is left for CompileDocument to report as unknown.
    std::string action = doc.IsMap() ? ScalarText(doc["action"]) : "";
    if (action.empty()) {
      // yaml-cpp nodes are references: rebind with reset(), never assign (that would overwrite
      // the document `previous` refers to).
      YAML::Node merged = global ? Merge(global, doc) : doc;
      documents_.push_back({name, merged});
      previous.reset(merged);
      continue;
    }
    YAML::Node body = YAML::Clone(doc);
    body.remove("action");
    if (action == "global") {
      global.reset(body);
    } else if (action == "reset") {
      global.reset();
    } else if (action == "repeat" && previous) {
      YAML::Node merged = Merge(previous, body);
      documents_.push_back({name, merged});
      previous.reset(merged);
    } else {
      documents_.push_back({name, doc});  // reported as an unknown action when compiled
    }
  }
}

RuleLoader::Parsed RuleLoader::Parse(const std::string& name, const std::string& yaml) {
  Parsed p;
  if (auto hazard = FindYamlHazard(yaml)) {
    p.error.path = name;
    p.error.line = hazard->line;
    p.error.reason = name + ":" + std::to_string(hazard->line) + ": YAML error: " + hazard->what;
    return p;
  }
  try {
    p.docs = YAML::LoadAll(yaml);
    p.ok = true;
  } catch (const YAML::Exception& e) {
    p.error.path = name;
    p.error.line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
    p.error.reason = name + ":" + std::to_string(p.error.line) + ": YAML error: " + e.msg;
  }
  return p;
}

void RuleLoader::Accept(const std::string& name, Parsed parsed) {
  if (!parsed.ok) {
    results_.push_back(std::move(parsed.error));
    return;
  }
  // A collection whose documents cannot be merged (a value or key of the wrong shape) is this
  // file's problem alone: it is reported, and the documents expanded before it are kept.
  try {
    ExpandCollection(name, parsed.docs);
  } catch (const YAML::Exception& e) {
    RuleLoad r;
    r.path = name;
    r.line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
    r.reason = name + ":" + std::to_string(r.line) +
               ": YAML error in a rule collection (action: global/repeat): " + e.msg;
    results_.push_back(std::move(r));
  }
}

void RuleLoader::AddText(const std::string& name, const std::string& yaml) {
  digest_.Update(std::to_string(yaml.size()) + ":");
  digest_.Update(yaml);
  pending_.emplace_back(name, yaml);
}

// The metadata a rule and a correlation share; an unknown level gives its line and message.
bool ReadRuleInfo(const YAML::Node& doc, const RuleLoad& r, RuleInfo& info, int& error_line,
                  std::string& error) {
  info.id = r.id;
  info.name = ScalarText(doc["name"]);
  info.title = r.title;
  info.path = r.path;
  info.line = r.line;
  info.status = ScalarText(doc["status"]);
  info.description = ScalarText(doc["description"]);
  info.author = ScalarText(doc["author"]);
  std::string level = ScalarText(doc["level"]);
  if (!level.empty() && !ParseLevel(level, info.level)) {
    error_line = LineOf(doc["level"]);
    error = "unknown level '" + level + "'";
    return false;
  }
  if (doc["tags"] && doc["tags"].IsSequence()) {
    for (const auto& t : doc["tags"]) info.tags.push_back(ScalarText(t));
  }
  return true;
}

// A meta filter (Sigma 2.1): its own search identifiers and condition, ANDed into the rules it
// names (by id or name, or `any`) whose logsource it contains.
struct MetaFilter {
  std::string path;
  YAML::Node body;  // the `filter:` map
  LogSource logsource;
  std::set<std::string> targets;
  bool any = false;
  size_t result = 0;  // its entry in results_
  int applied = 0;
};

namespace {

bool Contains(const LogSource& filter, const LogSource& rule) {
  return (filter.product.empty() || filter.product == rule.product) &&
         (filter.category.empty() || filter.category == rule.category) &&
         (filter.service.empty() || filter.service == rule.service);
}

}  // namespace

Ruleset RuleLoader::Finish() {
  std::string cache_file = options_.cache ? CacheFile() : std::string();
  if (!cache_file.empty() && LoadCached(cache_file)) {
    pending_.clear();
    ruleset_.Finish(options_.threads);
    return std::move(ruleset_);
  }
  ParsePending();
  // Filters first: they may sit in any file, before or after the rules they apply to.
  std::vector<MetaFilter> filters;
  std::vector<size_t> rule_docs, correlation_docs;
  for (size_t i = 0; i < documents_.size(); ++i) {
    const auto& [name, doc] = documents_[i];
    if (IsCorrelation(doc)) {
      correlation_docs.push_back(i);
      continue;
    }
    if (!doc.IsMap() || !doc["filter"]) {
      rule_docs.push_back(i);
      continue;
    }
    RuleLoad r = DocumentLoad(name, doc);
    MetaFilter f;
    f.path = name;
    f.body = doc["filter"];
    YAML::Node ls = doc["logsource"];
    YAML::Node targets = f.body.IsMap() ? f.body["rules"] : YAML::Node();
    if (!f.body.IsMap() || !f.body["condition"]) {
      r.reason = name + ":" + std::to_string(LineOf(doc["filter"])) +
                 ": a filter needs a map with its selections and a 'condition'";
    } else if (!ls || !ls.IsMap()) {
      r.reason = name + ":" + std::to_string(r.line) + ": the filter has no 'logsource' map";
    } else if (!targets) {
      r.reason = name + ":" + std::to_string(LineOf(f.body)) +
                 ": the filter has no 'rules' (ids or names, or any)";
    } else {
      f.logsource = {ScalarText(ls["product"]), ScalarText(ls["category"]),
                     ScalarText(ls["service"])};
      if (targets.IsScalar() && targets.Scalar() == "any") {
        f.any = true;
      } else if (targets.IsSequence()) {
        for (const auto& t : targets) f.targets.insert(ScalarText(t));
      } else if (targets.IsScalar()) {
        f.targets.insert(targets.Scalar());
      }
      r.loaded = true;
      f.result = results_.size();
      filters.push_back(std::move(f));
    }
    results_.push_back(r);
  }
  std::vector<size_t> all_docs = rule_docs;
  all_docs.insert(all_docs.end(), correlation_docs.begin(), correlation_docs.end());
  std::vector<Chosen> pending;
  for (const Chosen& c : Choose(all_docs)) {
    if (c.doc < documents_.size() && IsCorrelation(documents_[c.doc].second)) {
      pending.push_back(c);
    } else {
      CompileChosen(c, filters, false);
    }
  }
  // Correlations last: they refer to rules, and to other correlations, by id or name. One is
  // compiled once everything it names is, whatever order the files give them in; what is left
  // (an unknown name, a cycle) is compiled last to report the reference it cannot resolve.
  for (bool progress = true; progress && !pending.empty();) {
    progress = false;
    std::vector<Chosen> later;
    for (const Chosen& c : pending) {
      if (ReferencesLoaded(documents_[c.doc].second)) {
        CompileChosen(c, filters, true);
        progress = true;
      } else {
        later.push_back(c);
      }
    }
    pending.swap(later);
  }
  for (const Chosen& c : pending) CompileChosen(c, filters, true);
  for (const auto& f : filters) {
    results_[f.result].notes.push_back("applied to " + std::to_string(f.applied) + " rule(s)");
  }
  documents_.clear();
  if (!cache_file.empty()) StoreCached(cache_file);
  ruleset_.Finish(options_.threads);
  return std::move(ruleset_);
}

void RuleLoader::CompileChosen(const Chosen& chosen, std::vector<MetaFilter>& filters,
                               bool correlation) {
  size_t infos = ruleset_.infos().size();
  const auto& [name, doc] = documents_[chosen.doc];
  if (correlation) {
    CompileCorrelation(name, doc);
  } else {
    CompileDocument(name, doc, filters);
  }
  if (chosen.alerts_alone >= 0 && ruleset_.infos().size() > infos)
    ruleset_.SetAlertsAlone(static_cast<int>(infos), chosen.alerts_alone == 1);
  if (!chosen.selected && ruleset_.infos().size() > infos) {
    ruleset_.Unselect(static_cast<int>(infos));
    results_.back().notes.push_back(
        "not selected; compiled because a selected correlation uses it");
  }
}

void RuleLoader::CompileDocument(const std::string& name, const YAML::Node& doc,
                                 std::vector<MetaFilter>& filters) {
  RuleLoad r;
  r.path = name;
  r.line = LineOf(doc);
  auto fail = [&](int line, const std::string& message) {
    r.loaded = false;
    r.reason = name + ":" + std::to_string(line > 0 ? line : r.line) + ": " + message;
    results_.push_back(r);
  };
  try {
    if (!doc.IsMap()) return fail(r.line, "a rule document must be a map");
    r.id = ScalarText(doc["id"]);
    r.title = ScalarText(doc["title"]);
    if (doc["action"]) {
      return fail(LineOf(doc["action"]), "unknown collection action '" + ScalarText(doc["action"]) +
                                             "' (global, reset and repeat are known)");
    }
    if (r.title.empty()) return fail(r.line, "the rule has no 'title'");
    YAML::Node logsource = doc["logsource"];
    YAML::Node detection = doc["detection"];
    if (!logsource || !logsource.IsMap()) return fail(r.line, "the rule has no 'logsource' map");
    if (!detection || !detection.IsMap()) return fail(r.line, "the rule has no 'detection' map");
    RuleInfo info;
    int info_line = 0;
    std::string info_error;
    if (!ReadRuleInfo(doc, r, info, info_line, info_error)) return fail(info_line, info_error);
    info.logsource = {ScalarText(logsource["product"]), ScalarText(logsource["category"]),
                      ScalarText(logsource["service"])};
    Mapping mapping = MapLogSource(info.logsource, &options_.mapping);
    if (mapping.variants.empty()) return fail(LineOf(logsource), mapping.note);
    if (!mapping.note.empty()) r.notes.push_back(mapping.note);
    std::string rule_name = ScalarText(doc["name"]);
    std::vector<MetaFilter*> applicable;
    for (auto& f : filters) {
      bool listed = f.any || (!r.id.empty() && f.targets.count(r.id)) ||
                    (!rule_name.empty() && f.targets.count(rule_name));
      if (listed && Contains(f.logsource, info.logsource)) applicable.push_back(&f);
    }
    std::vector<CompiledRule> compiled;
    for (size_t v = 0; v < mapping.variants.size(); ++v) {
      const Variant& variant = mapping.variants[v];
      RuleError error;
      std::vector<std::string> notes;
      int root = CompileDetection(ruleset_, options_, variant, detection, {}, error, notes);
      if (root < 0) return fail(error.line, error.message);
      std::vector<int> parts{root};
      for (MetaFilter* f : applicable) {
        int node = CompileDetection(ruleset_, options_, variant, f->body, {"rules"}, error, notes);
        if (node < 0) {
          return fail(error.line, "filter " + f->path + ": " + error.message);
        }
        parts.push_back(node);
      }
      for (const auto& [field, values] : variant.gate.field_equals) {
        parts.push_back(CompileFieldEquals(ruleset_, options_, variant, field, values));
      }
      if (v == 0) r.notes.insert(r.notes.end(), notes.begin(), notes.end());
      CompiledRule rule;
      rule.variant = static_cast<int>(v);
      rule.variant_name = variant.name;
      rule.gate = variant.gate;
      rule.root = ruleset_.AddGroup(Node::Op::kAnd, parts);
      compiled.push_back(std::move(rule));
    }
    for (MetaFilter* f : applicable) {
      ++f->applied;
      r.notes.push_back("filtered by " + f->path);
    }
    int info_index = ruleset_.AddInfo(std::move(info));
    for (auto& rule : compiled) {
      rule.info = info_index;
      ruleset_.AddRule(std::move(rule));
    }
    r.loaded = true;
    results_.push_back(r);
  } catch (const YAML::Exception& e) {
    fail(e.mark.line >= 0 ? e.mark.line + 1 : r.line, std::string("YAML error: ") + e.msg);
  } catch (const std::exception& e) {
    fail(r.line, std::string("cannot load the rule: ") + e.what());
  }
}

}  // namespace quarry::sigma
