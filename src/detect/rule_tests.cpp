// Running rule tests: the whole rule set is loaded once (correlations count the rules they
// name, wherever those live); each tests folder's samples are read once and every rule the
// folder tests is judged on what they raised.
#include "detect/rule_tests.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "catalog/attack.h"
#include "core/strings.h"
#include "ingest/reader.h"
#include "sigma/engine.h"

namespace quarry::detect {
namespace {

namespace fs = std::filesystem;

// Where an event sits in its sample, and a few of its fields, for a failure message.
struct EventRef {
  Location where;
  std::string text;
};

// What one pass over a sample raised.
struct SampleRun {
  std::vector<EventRef> events;
  std::map<int, std::vector<size_t>> hits;          // base rule → events raising it
  std::map<int, std::vector<GroupKey>> correlated;  // correlation → its alerts' groups
  std::vector<Finding> damage;                      // the reader's findings
};

std::string Describe(const Event& e) {
  std::string out;
  int shown = 0;
  for (const auto& f : e.fields()) {
    if (f.name == "TimeGenerated" || f.value.is_null()) continue;
    std::string value = f.value.ToText();
    if (value.empty()) continue;
    if (value.size() > 60) value = std::string(Utf8Prefix(value, 60)) + "…";
    if (!out.empty()) out += ' ';
    out += f.name + "=" + value;
    if (++shown == 4) break;
  }
  return out;
}

SampleRun RunSample(const sigma::Engine& engine, const std::set<int>& correlations,
                    const Sample& sample) {
  SampleRun run;
  auto note = [&](const Finding& f) {
    Finding copy = f;
    copy.severity = Severity::kError;  // a damaged sample is a broken test
    if (copy.where.file.empty()) copy.where.file = sample.path;
    run.damage.push_back(std::move(copy));
  };
  auto reader = ingest::OpenReader(sample.path, {}, note);
  if (!reader.ok()) {
    // A sample expect.yml lists is pointed at where it is listed.
    run.damage.push_back(ErrorAt("rules.test.unreadable",
                                 "cannot read the sample: " + reader.status().message(),
                                 sample.listed_in.empty() ? sample.path : sample.listed_in,
                                 static_cast<uint64_t>(sample.line)));
    return run;
  }
  sigma::Matcher matcher(engine.rules());
  sigma::AlertStream stream(
      engine,
      [&](const sigma::Alert& a) {
        if (correlations.count(a.info) != 0) {
          GroupKey g = a.details;
          std::sort(g.begin(), g.end());
          run.correlated[a.info].push_back(std::move(g));
          return;
        }
        auto& events = run.hits[a.info];
        size_t current = run.events.size() - 1;
        if (events.empty() || events.back() != current) events.push_back(current);
      },
      sigma::AlertStream::kIncludeSuppressed);
  Event e;
  while ((*reader)->Next(e)) {
    EventRef ref;
    ref.where.file = sample.name;
    if (e.provenance.line > 0) {
      ref.where.line = e.provenance.line;
    } else {
      ref.where.offset = e.provenance.offset;
      ref.where.has_offset = true;
    }
    ref.text = Describe(e);
    run.events.push_back(std::move(ref));
    stream.Event(matcher, e);
  }
  stream.Finish();
  return run;
}

Finding Failure(const char* code, const Sample& sample, std::string message) {
  return ErrorAt(code, std::move(message), sample.path);
}

// The event in a failure whose location names the file: its record number when it has no
// line (EVTX), and a few of its fields.
std::string EventText(const EventRef& ref) {
  std::string out = ref.where.line > 0 ? "" : " (record " + std::to_string(ref.where.offset) + ")";
  return out + (ref.text.empty() ? "" : ": " + ref.text);
}

std::string GroupText(const GroupKey& g) {
  std::string out = "{";
  for (const auto& [field, value] : g) {
    if (out.size() > 1) out += ", ";
    if (!field.empty()) out.append(field).append("=");
    out += value;
  }
  return out + "}";
}

std::string GroupsText(const std::vector<GroupKey>& groups) {
  std::string out;
  for (const auto& g : groups) {
    if (!out.empty()) out += ' ';
    out += GroupText(g);
  }
  return out.empty() ? "none" : out;
}

// Groups as expect.yml wrote them: with field names, or values only (a single group-by).
std::vector<GroupKey> AsWritten(std::vector<GroupKey> actual, const std::vector<GroupKey>& want) {
  bool values_only = !want.empty() && want.front().size() == 1 && want.front()[0].first.empty();
  if (!values_only) return actual;
  for (auto& g : actual) {
    std::string joined;
    for (const auto& kv : g) joined += (joined.empty() ? "" : ", ") + kv.second;
    g = {{"", joined}};
  }
  std::sort(actual.begin(), actual.end());
  return actual;
}

class FileTests {
 public:
  FileTests(const RuleTestOptions& options, const std::set<int>& correlations)
      : options_(options), correlations_(correlations) {}

  void Judge(int info, const Sample& sample, const SampleRun& run, const SampleExpectation* expect,
             RuleTestResult& result) const {
    for (const auto& f : run.damage) result.failures.push_back(f);
    if (!run.damage.empty() && run.events.empty()) return;
    if (sample.positive && run.events.empty()) {
      result.failures.push_back(Failure("rules.test.no_events", sample, "no events to test on"));
      return;
    }
    if (correlations_.count(info) != 0) return JudgeCorrelation(info, sample, run, expect, result);
    static const std::vector<size_t> kNone;
    auto found = run.hits.find(info);
    const std::vector<size_t>& hits = found == run.hits.end() ? kNone : found->second;
    if (expect != nullptr && expect->alerts) {
      if (static_cast<int64_t>(hits.size()) != *expect->alerts) {
        result.failures.push_back(Failure("rules.test.count", sample,
                                          "raised by " + std::to_string(hits.size()) +
                                              " event(s), expected " +
                                              std::to_string(*expect->alerts)));
      }
      return;
    }
    if (sample.positive) {
      std::vector<size_t> missed;
      for (size_t i = 0, h = 0; i < run.events.size(); ++i) {
        if (h < hits.size() && hits[h] == i) {
          ++h;
        } else {
          missed.push_back(i);
        }
      }
      ListEvents("rules.test.missed", "should have fired", sample, run, missed, result);
    } else {
      ListEvents("rules.test.unexpected", "should not have fired", sample, run, hits, result);
    }
  }

 private:
  void JudgeCorrelation(int info, const Sample& sample, const SampleRun& run,
                        const SampleExpectation* expect, RuleTestResult& result) const {
    static const std::vector<GroupKey> kNone;
    auto found = run.correlated.find(info);
    std::vector<GroupKey> alerts = found == run.correlated.end() ? kNone : found->second;
    std::sort(alerts.begin(), alerts.end());
    bool counted = expect != nullptr && (expect->alerts || expect->groups);
    if (expect != nullptr && expect->alerts &&
        static_cast<int64_t>(alerts.size()) != *expect->alerts) {
      result.failures.push_back(Failure("rules.test.count", sample,
                                        std::to_string(alerts.size()) + " alert(s), expected " +
                                            std::to_string(*expect->alerts) +
                                            "; groups: " + GroupsText(alerts)));
    }
    if (expect != nullptr && expect->groups) {
      std::vector<GroupKey> got = AsWritten(alerts, *expect->groups);
      if (got != *expect->groups) {
        result.failures.push_back(
            Failure("rules.test.groups", sample,
                    "alerts for " + GroupsText(got) + ", expected " + GroupsText(*expect->groups)));
      }
    }
    if (counted) return;
    if (sample.positive && alerts.empty()) {
      result.failures.push_back(Failure("rules.test.missed", sample,
                                        "the correlation should have fired over its " +
                                            std::to_string(run.events.size()) +
                                            " event(s) and did not"));
    } else if (!sample.positive && !alerts.empty()) {
      result.failures.push_back(Failure("rules.test.unexpected", sample,
                                        "should not have fired; it did for " + GroupsText(alerts)));
    }
  }

  void ListEvents(const char* code, const char* what, const Sample& sample, const SampleRun& run,
                  const std::vector<size_t>& events, RuleTestResult& result) const {
    for (size_t k = 0; k < events.size() && k < options_.max_listed; ++k) {
      const EventRef& ref = run.events[events[k]];
      Finding f = Failure(code, sample, std::string(what) + EventText(ref));
      if (ref.where.line > 0) f.where.line = ref.where.line;
      result.failures.push_back(std::move(f));
    }
    if (events.size() > options_.max_listed) {
      result.failures.push_back(
          Failure(code, sample,
                  std::to_string(events.size() - options_.max_listed) + " more event(s) " + what));
    }
  }

  const RuleTestOptions& options_;
  const std::set<int>& correlations_;
};

bool NamesRule(const sigma::RuleInfo& info, const std::string& key) {
  return info.id == key || info.name == key || info.title == key;
}

// The rules of a file its tests are for: those expect.yml names, else its correlations (the
// file's base rules are their parts), else all of them.
std::vector<int> TestedRules(const sigma::Engine& engine, const std::vector<int>& of_file,
                             const std::set<int>& correlations, TestSpec& spec) {
  std::vector<int> tested;
  for (const auto& named : spec.rules) {
    auto it = std::find_if(of_file.begin(), of_file.end(),
                           [&](int i) { return NamesRule(engine.info(i), named.key); });
    if (it != of_file.end()) {
      tested.push_back(*it);
      continue;
    }
    Finding f = ErrorAt("rules.test.unknown_rule",
                        "'" + named.key + "' is not a rule of " + spec.rule_file + " that loaded",
                        spec.expect_file, static_cast<uint64_t>(named.line));
    for (int i : of_file) {
      const sigma::RuleInfo& info = engine.info(i);
      f.suggestion +=
          (f.suggestion.empty() ? "its rules: " : ", ") + (info.name.empty() ? info.id : info.name);
    }
    spec.problems.push_back(std::move(f));
  }
  if (!spec.rules.empty()) return tested;
  for (int i : of_file)
    if (correlations.count(i) != 0) tested.push_back(i);
  return tested.empty() ? of_file : tested;
}

void TestFile(const RuleTestOptions& options, const sigma::Engine& engine,
              const std::set<int>& correlations, const std::vector<int>& of_file, TestSpec spec,
              RuleTestReport& report) {
  std::vector<int> tested = TestedRules(engine, of_file, correlations, spec);
  std::vector<SampleRun> runs;
  runs.reserve(spec.samples.size());
  for (const auto& s : spec.samples) runs.push_back(RunSample(engine, correlations, s));
  FileTests judge(options, correlations);
  auto finish = [&](RuleTestResult& r) {
    for (size_t k = 0; k < spec.samples.size(); ++k) {
      r.samples.push_back(spec.samples[k].name);
      r.events += static_cast<int64_t>(runs[k].events.size());
    }
    if (spec.samples.empty()) {
      r.failures.push_back(ErrorAt("rules.test.no_samples",
                                   "no samples: put evidence in positive/ and negative/",
                                   spec.dir));
    }
    r.passed = r.failures.empty();
    ++(r.passed ? report.passed : report.failed);
    report.rules.push_back(std::move(r));
  };
  if (tested.empty()) {  // nothing of the file loaded, or expect.yml names only unknown rules
    RuleTestResult r;
    r.rule = fs::path(spec.rule_file).filename().string();
    r.path = spec.rule_file;
    r.failures = spec.problems;
    r.failures.push_back(ErrorAt("rules.test.not_loaded",
                                 of_file.empty() ? "no rule of the file loaded (see the problems)"
                                                 : "expect.yml names no rule of the file",
                                 spec.rule_file));
    return finish(r);
  }
  for (int info : tested) {
    const sigma::RuleInfo& ri = engine.info(info);
    RuleTestResult r;
    r.rule = ri.title;
    r.id = ri.id;
    r.path = ri.path;
    r.line = ri.line;
    r.correlation = correlations.count(info) != 0;
    r.failures = spec.problems;
    for (size_t k = 0; k < spec.samples.size(); ++k) {
      const Sample& s = spec.samples[k];
      auto e = std::find_if(spec.expectations.begin(), spec.expectations.end(),
                            [&](const SampleExpectation& x) { return x.sample == s.name; });
      judge.Judge(info, s, runs[k], e == spec.expectations.end() ? nullptr : &*e, r);
    }
    finish(r);
  }
}

// Tests folders under the folders given whose rule file is missing: their tests would never run.
void FindOrphans(const std::vector<std::string>& paths, RuleTestReport& report) {
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_directory() || it->path().extension() != ".tests") continue;
      it.disable_recursion_pending();
      fs::path stem = it->path();
      if (fs::exists(fs::path(stem).replace_extension(".yml"), ec) ||
          fs::exists(fs::path(stem).replace_extension(".yaml"), ec))
        continue;
      report.problems.push_back(
          ErrorAt("rules.test.orphan",
                  "no rule file " + fs::path(stem).replace_extension(".yml").filename().string() +
                      " beside these tests; they never run",
                  stem.string()));
    }
  }
}

}  // namespace

void LoadRuleSet(const RuleSetOptions& options, sigma::Engine& engine,
                 std::vector<Finding>& problems) {
  for (const auto& p : options.paths) engine.AddPath(p);
  engine.Finish([&](const Finding& f) {
    // A rule that does not load fails what is asked of it: an error.
    Finding copy = f;
    copy.severity = Severity::kError;
    std::string prefix = copy.where.ToString() + ": ";
    if (copy.message.rfind(prefix, 0) == 0) copy.message.erase(0, prefix.size());
    problems.push_back(std::move(copy));
  });
}

RuleTestReport RunRuleTests(const RuleTestOptions& options) {
  RuleTestReport report;
  std::string corpora =
      options.rules.corpora.empty() ? catalog::FindCorpora() : options.rules.corpora;
  sigma::Engine engine(options.rules.loader);
  LoadRuleSet(options.rules, engine, report.problems);
  std::set<int> correlations;
  for (const auto& c : engine.rules().correlations()) correlations.insert(c.info);

  std::vector<std::string> files;  // in load order
  for (const auto& load : engine.load_results()) {
    if (std::find(files.begin(), files.end(), load.path) == files.end()) files.push_back(load.path);
  }
  const auto& infos = engine.rules().infos();
  for (const auto& file : files) {
    std::vector<int> of_file;
    for (size_t i = 0; i < infos.size(); ++i) {
      if (infos[i].path == file && infos[i].selected) of_file.push_back(static_cast<int>(i));
    }
    auto spec = ReadTestSpec(file, corpora);
    if (!spec) {
      for (int i : of_file) {
        const sigma::RuleInfo& ri = engine.info(i);
        report.untested.push_back({ri.title, ri.id, ri.path, ri.line});
      }
      continue;
    }
    if (options.on_file) options.on_file(file);
    TestFile(options, engine, correlations, of_file, std::move(*spec), report);
  }
  FindOrphans(options.rules.paths, report);
  return report;
}

}  // namespace quarry::detect
