// The Sigma engine: every place that runs rules (quarry scan, the semantics and rule-pack tests,
// and later rule tests and baselines) goes through it, so there is one way to load and select
// rules, one way to turn a match into an alert, and one correlation loop.
//
//   Engine engine(options);               // LoaderOptions, with the rule selection
//   engine.AddPath("rules/");             // or AddText(name, yaml)
//   engine.Finish(on_finding);            // rules that do not load are findings
//   AlertStream stream(engine, on_alert); // one per pass over events, in input order
//   Matcher matcher(engine.rules());      // one per thread
//   for (event : events) stream.Push(engine.Match(matcher, event));  // or stream.Event(...)
//   stream.Finish();                      // windows open at the end are judged
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/event.h"
#include "core/finding.h"
#include "core/time.h"
#include "sigma/loader.h"
#include "sigma/ruleset.h"

namespace quarry::sigma {

// One rule (or correlation) firing on one event.
struct Alert {
  int info = 0;  // the rule (or correlation) that fired: into Ruleset::infos()
  std::optional<Timestamp> time;
  std::string computer;
  std::string channel;
  std::string event_id;
  std::string table;
  std::string source;
  uint64_t record = 0;  // EVTX record id, or byte offset of the record for text formats
  int64_t eid = -1;     // the event's _eid when the event comes from a case
  std::vector<std::pair<std::string, std::string>> details;  // key fields of the event
  std::vector<CorrelationFeed> feeds;  // what the event gives the correlations
};

class Engine {
 public:
  explicit Engine(LoaderOptions options = {});

  void AddPath(const std::string& path);
  void AddText(const std::string& name, const std::string& yaml);
  // Loads and compiles the rules the selection keeps; each rule that does not load is handed to
  // `on_finding` (code sigma.rule_not_loaded, with its file and line). Call once.
  void Finish(const std::function<void(const Finding&)>& on_finding = {});

  const Ruleset& rules() const { return rules_; }
  const RuleInfo& info(int index) const { return rules_.infos()[static_cast<size_t>(index)]; }
  // One entry per rule document, selected or not (see RuleLoad::selected).
  const std::vector<RuleLoad>& load_results() const { return loader_.results(); }
  // Rules and correlations that alert on their own (selected and loaded).
  size_t selected_count() const;
  // Identifies the rule texts and the selection: the same rules scanned twice give the same.
  std::string digest() const;
  bool from_cache() const { return loader_.from_cache(); }

  // The alerts of one event, in rule order (thread-safe given a Matcher per thread). Rules that
  // do not show their own alerts are included: they feed correlations (AlertStream hides them).
  void Match(Matcher& matcher, const Event& event, std::vector<Alert>& out) const;

 private:
  std::string selection_key_;  // Selection::Key() of the options the rules were loaded with
  RuleLoader loader_;
  Ruleset rules_;
};

// The correlation loop: takes the alerts of base rules in input order, shows those that alert on
// their own, feeds the correlations, and shows their alerts (chained correlations included, and
// windows judged at their end as they close). One per pass over the events; single-threaded.
class AlertStream {
 public:
  // Rule tests also want the alerts of rules that only feed correlations.
  enum Shown { kShownOnly, kIncludeSuppressed };
  AlertStream(const Engine& engine, std::function<void(const Alert&)> on_alert,
              Shown shown = kShownOnly);

  void Push(const Alert& alert);
  void Push(const std::vector<Alert>& alerts) {
    for (const auto& a : alerts) Push(a);
  }
  // Matches one event with `matcher` and pushes its alerts.
  void Event(Matcher& matcher, const quarry::Event& event);
  // End of input: windows still open are judged now.
  void Finish();

 private:
  void Out(const Alert& a);
  void FeedAll(const Alert& a, const std::vector<CorrelationFeed>& feeds);
  void Fire(const Alert& base, int correlation, const std::string& key);
  void FireClosed();

  const Engine& engine_;
  std::function<void(const Alert&)> on_alert_;
  Shown shown_;
  CorrelationState correlations_;
  std::vector<Alert> scratch_;
};

}  // namespace quarry::sigma
