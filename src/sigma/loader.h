// Sigma YAML → compiled Ruleset. Every rule that does not load is reported with its file, line
// and the reason; nothing is dropped silently.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/hash.h"
#include "sigma/ruleset.h"

namespace quarry::sigma {

struct RuleLoad {
  std::string path;
  int line = 0;  // of the rule's document (1-based)
  std::string id;
  std::string title;
  bool loaded = false;
  // False when the selection (LoaderOptions::selection) left the rule out: it was not compiled,
  // and `loaded` is false without a reason.
  bool selected = true;
  std::string reason;              // why not loaded: "FILE:LINE: problem"
  std::vector<std::string> notes;  // loaded, but worth knowing (e.g. where it applies)
};

// Which rules a load keeps (quarry scan --min-level, --status, --tag, --rule): applied to each
// rule's metadata before it is compiled. A correlation kept also compiles the rules it refers to;
// those feed it and show no alerts of their own. Meta filters are always kept.
struct Selection {
  Level min_level = Level::kInformational;
  std::vector<std::string> statuses;  // any of them (case-insensitive); empty: any status
  std::vector<std::string> tags;      // any of them (case-insensitive); empty: any tags
  std::vector<std::string> ids;       // rule ids or names (any of them); empty: any rule

  bool KeepsAll() const;
  bool Keeps(const RuleInfo& info) const;
  // A stable text of the selection (part of cache keys and scan digests); "" when KeepsAll.
  std::string Key() const;
};

struct LoaderOptions {
  Selection selection;
  // Values for `expand` placeholders (`%Admins%` → names), by placeholder name without `%`.
  std::map<std::string, std::vector<std::string>> placeholders;
  // Upper bound of windash variants of one value (5^k for k option dashes).
  size_t max_windash_variants = 625;
  // Logsource mappings added by a mapping file.
  MappingOverrides mapping;
  // Threads parsing the YAML of a folder's files and compiling the databases (0: one per core).
  size_t threads = 0;
  // Keep the compiled rule set in the user's cache folder (see prefilter.h), keyed by every
  // text, name and option that went into it and by this program's own bytes, and load it from
  // there when all of those are the same.
  bool cache = false;
};

// Reads a logsource mapping file into `options.mapping`; errors name the file and line.
Status LoadMappingFile(const std::string& path, LoaderOptions& options);
// "NAME=VALUE" into `options.placeholders` (repeatable for several values).
Status AddPlaceholder(const std::string& assignment, LoaderOptions& options);

struct MetaFilter;

class RuleLoader {
 public:
  explicit RuleLoader(LoaderOptions options = {});

  // A rule file, or a folder searched recursively for *.yml / *.yaml (sorted), leaving out rule
  // tests folders (*.tests). Unreadable paths are reported as results too.
  void AddPath(const std::string& path);
  // One YAML text (possibly several documents); `name` stands for the file.
  void AddText(const std::string& name, const std::string& yaml);

  // Compiles every document added (filters apply across files) and returns the rules. Call
  // once; results() is complete after it.
  Ruleset Finish();
  // One entry per rule or filter document, and per file that could not be read or parsed.
  const std::vector<RuleLoad>& results() const { return results_; }
  // SHA-256 over the texts added, in order: identifies a rule set.
  std::string digest() const { return digest_.PeekHexDigest(); }
  // Finish loaded the compiled rule set from the cache.
  bool from_cache() const { return from_cache_; }

 private:
  void AddFile(const std::string& path);
  bool ReadFile(const std::string& path, std::string& text);
  // A file's YAML documents, or why they could not be parsed. Parse touches no member, so
  // files are parsed on several threads; Accept takes them in order.
  struct Parsed {
    bool ok = false;
    std::vector<YAML::Node> docs;
    RuleLoad error;
  };
  static Parsed Parse(const std::string& name, const std::string& yaml);
  void Accept(const std::string& name, Parsed parsed);
  void ParsePending();
  // The compiled-rule cache (LoaderOptions::cache): the file for this rule set ("" when there
  // is no cache folder), and reading and writing it.
  std::string CacheFile() const;
  bool LoadCached(const std::string& file);
  void StoreCached(const std::string& file) const;
  // Rule and correlation documents (indices into documents_) the selection keeps, each with
  // whether it was selected itself (or only needed by a selected correlation).
  struct Chosen {
    size_t doc = 0;
    bool selected = true;
    // With a selection: whether the rule alerts on its own, judged over every correlation of
    // the rule set (compiled or not); -1 leaves it to the compiled correlations.
    int alerts_alone = -1;
  };
  std::vector<Chosen> Choose(const std::vector<size_t>& docs);
  // Compiles a chosen document; one only needed by a correlation is marked unselected.
  void CompileChosen(const Chosen& chosen, std::vector<MetaFilter>& filters, bool correlation);
  void ExpandCollection(const std::string& name, const std::vector<YAML::Node>& docs);
  void CompileDocument(const std::string& name, const YAML::Node& doc,
                       std::vector<MetaFilter>& filters);
  void CompileCorrelation(const std::string& name, const YAML::Node& doc);
  // Loaded rules and correlations by id and by name.
  std::map<std::string, int> LoadedByKey() const;
  static std::vector<std::string> References(const YAML::Node& doc);  // a correlation's `rules`
  bool ReferencesLoaded(const YAML::Node& doc) const;

  LoaderOptions options_;
  Ruleset ruleset_;
  std::vector<std::pair<std::string, YAML::Node>> documents_;
  std::vector<RuleLoad> results_;
  Sha256 digest_;
  std::vector<std::pair<std::string, std::string>> pending_;  // texts added, not parsed yet
  bool from_cache_ = false;
};

}  // namespace quarry::sigma
