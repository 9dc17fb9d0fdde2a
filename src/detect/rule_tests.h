// Rule tests as data (quarry rules test). Beside a rule file x.yml, a folder x.tests/ holds
// evidence in positive/ and negative/ (any format ingest reads) and an optional expect.yml. Each
// rule runs over its own samples, with the rest of the rule set loaded so that correlations find
// the rules they count. Without expect.yml, every event of a positive file must raise a rule (for
// a correlation, one alert at least) and no event of a negative file may.
//
// expect.yml (every key optional):
//   rules: [kerberoasting_burst]       # which rules of x.yml the samples test (ids or names);
//                                      # default: its correlations if it has any, else all
//   samples:                           # evidence kept outside the repository, by path:
//     positive: [corpora:evtx/…/x.evtx] # relative to x.tests/, or corpora:PATH under the
//     negative: []                     # shared corpora ($QUARRY_CORPORA)
//   expect:                            # per sample, as named under x.tests/ or above
//     positive/burst.jsonl:
//       alerts: 1                      # alerts of each tested rule (events, for a base rule)
//       groups:                        # a correlation's alerts, by their group-by values
//         - {TargetUserName: bob@CORP}
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/finding.h"
#include "sigma/loader.h"

namespace quarry::sigma {
class Engine;
}

namespace quarry::detect {

using GroupKey = std::vector<std::pair<std::string, std::string>>;

struct SampleExpectation {
  std::string sample;  // as expect.yml names it
  int line = 0;
  std::optional<int64_t> alerts;
  std::optional<std::vector<GroupKey>> groups;  // sorted
};

struct Sample {
  std::string name;  // positive/x.jsonl, or the path expect.yml gives
  std::string path;  // to open
  bool positive = true;
  int line = 0;           // in expect.yml, for samples it lists
  std::string listed_in;  // expect.yml, for samples it lists
};

// One rule file's tests folder, read.
struct TestSpec {
  std::string rule_file;
  std::string dir;          // x.tests
  std::string expect_file;  // "" when there is none
  struct NamedRule {
    std::string key;  // id or name
    int line = 0;
  };
  std::vector<NamedRule> rules;  // empty: the default rules of the file
  std::vector<Sample> samples;   // positive/ and negative/ (sorted), then expect.yml's
  std::vector<SampleExpectation> expectations;
  std::vector<Finding> problems;  // what could not be read (the rule's tests fail)
};

// expect.yml's text into `spec` (its rules, samples and expectations); each problem names the
// file and line. `corpora` resolves corpora: paths.
void ParseExpect(std::string_view text, const std::string& corpora, TestSpec& spec);

// The tests folder beside `rule_file` (x.yml → x.tests), read; nullopt when there is none.
std::optional<TestSpec> ReadTestSpec(const std::string& rule_file, const std::string& corpora);

// The rules every detect command works on: files or folders, loaded together.
struct RuleSetOptions {
  std::vector<std::string> paths;
  sigma::LoaderOptions loader;
  std::string corpora;  // for the rule tests' corpora: samples; "" finds the shared corpora
};

// Loads and compiles the rule set into `engine`; each rule that does not load is an error in
// `problems`, with its file and line said once.
void LoadRuleSet(const RuleSetOptions& options, sigma::Engine& engine,
                 std::vector<Finding>& problems);

struct RuleTestOptions {
  RuleSetOptions rules;
  size_t max_listed = 20;  // events listed per sample that fails
  // Called before each rule file's tests run (progress on long packs).
  std::function<void(const std::string& rule_file)> on_file;
};

struct RuleTestResult {
  std::string rule;  // title (the file, when no rule of it loaded)
  std::string id;
  std::string path;
  int line = 0;
  bool correlation = false;
  bool passed = false;
  std::vector<std::string> samples;  // sample names run
  int64_t events = 0;                // events read from them
  std::vector<Finding> failures;
};

struct UntestedRule {
  std::string rule, id, path;
  int line = 0;
};

struct RuleTestReport {
  std::vector<RuleTestResult> rules;  // in rule-set order
  std::vector<UntestedRule> untested;
  // Rules that did not load, tests folders without a rule file.
  std::vector<Finding> problems;
  size_t passed = 0, failed = 0;
  bool ok() const { return failed == 0 && problems.empty(); }
};

RuleTestReport RunRuleTests(const RuleTestOptions& options);

}  // namespace quarry::detect
