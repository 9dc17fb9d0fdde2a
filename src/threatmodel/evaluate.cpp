#include "threatmodel/evaluate.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/strings.h"

namespace quarry::threatmodel {
namespace {

bool Blank(const std::string& s) {
  return TrimAscii(s).empty();
}

class Evaluator {
 public:
  Evaluator(const Catalog& catalog, const Graph& graph, const std::string& today)
      : catalog_(catalog), graph_(graph), model_(*graph.model), today_(today) {}

  Evaluation Run() {
    Apply();
    Suggestions();
    Sort();
    std::vector<bool> valid = CheckDecisions();
    Decide(valid);
    Gaps();
    return std::move(out_);
  }

 private:
  void Add(Severity severity, const char* code, const std::string& message, int line,
           std::string suggestion = {}) {
    Finding f = ErrorAt(code, message, model_.file, line);
    f.severity = severity;
    f.suggestion = std::move(suggestion);
    out_.findings.push_back(std::move(f));
  }

  void Apply() {
    for (const Threat& threat : catalog_.threats) {
      if (threat.broken) continue;
      bool component = threat.applies_to == Subject::kComponent;
      size_t n = component ? graph_.components.size() : graph_.flows.size();
      for (size_t i = 0; i < n; ++i) {
        int index = static_cast<int>(i);
        if (!component && !graph_.Usable(index)) continue;
        if (!Holds(threat.when, graph_, index)) continue;
        AppliedThreat a;
        a.threat = &threat;
        a.subject = threat.applies_to;
        a.index = index;
        a.target = component ? model_.components[i].id : model_.flows[i].id;
        a.severity = threat.severity;
        for (const auto& rule : threat.severity_rules) {
          if (Holds(rule.when, graph_, index)) {
            a.severity = rule.severity;
            break;
          }
        }
        out_.threats.push_back(std::move(a));
      }
    }
  }

  void Sort() {
    std::stable_sort(out_.threats.begin(), out_.threats.end(),
                     [](const AppliedThreat& a, const AppliedThreat& b) {
                       if (a.subject != b.subject) return a.subject == Subject::kComponent;
                       if (a.index != b.index) return a.index < b.index;
                       if (a.severity != b.severity) return a.severity > b.severity;
                       return a.threat->id < b.threat->id;
                     });
  }

  // A catalog threat, or a suggestion a person accepted.
  const Threat* FindThreat(const std::string& id) const {
    if (const Threat* t = catalog_.FindThreat(id)) return t;
    for (const auto& a : out_.threats) {
      if (a.status != ThreatStatus::kSuggested && EqualsIgnoreCaseAscii(a.threat->id, id))
        return a.threat;
    }
    return nullptr;
  }

  void Suggestions() {
    for (const SuggestedThreat& s : model_.suggested_threats) {
      auto threat = std::make_unique<Threat>();
      threat->id = s.id;
      threat->title = s.title;
      threat->description = s.description;
      threat->stride = StrideCategory(s.stride);
      threat->owasp_llm = s.owasp_llm;
      threat->owasp = s.owasp;
      threat->atlas = s.atlas;
      threat->file = model_.file;
      threat->line = s.line;
      auto level = ParseLevel(s.severity);
      if (!level) {
        Add(Severity::kWarning, "tm.suggestion.severity",
            "suggested threat " + s.id + " has no severity (low, medium, high, critical): medium",
            s.line);
      }
      threat->severity = level.value_or(Level::kMedium);
      if (catalog_.FindThreat(s.id)) {
        Add(Severity::kError, "tm.suggestion.id",
            "suggested threat " + s.id + " has the id of a catalog threat", s.line);
        continue;
      }
      AppliedThreat a;
      auto component = graph_.component_index.find(s.target);
      auto flow = graph_.flow_index.find(s.target);
      if (component != graph_.component_index.end()) {
        a.subject = Subject::kComponent;
        a.index = component->second;
      } else if (flow != graph_.flow_index.end()) {
        a.subject = Subject::kFlow;
        a.index = flow->second;
      } else {
        Add(Severity::kError, "tm.suggestion.target",
            "suggested threat " + s.id + " names '" + s.target + "', which is no component or flow",
            s.line);
        continue;
      }
      threat->applies_to = a.subject;
      a.threat = threat.get();
      a.target = s.target;
      a.severity = threat->severity;
      bool accepted = !Blank(s.accepted_by) && !Blank(s.rationale);
      a.status = accepted ? ThreatStatus::kOpen : ThreatStatus::kSuggested;
      if (!Blank(s.accepted_by) && Blank(s.rationale)) {
        Add(Severity::kError, "tm.suggestion.rationale",
            "suggested threat " + s.id + " is accepted by " + s.accepted_by +
                " without a rationale: it stays a suggestion",
            s.line);
      }
      out_.threats.push_back(std::move(a));
      out_.suggested.push_back(std::move(threat));
    }
  }

  // Each decision checked on its own; the ones that may set a status are marked valid.
  std::vector<bool> CheckDecisions() {
    std::vector<bool> valid(model_.decisions.size(), false);
    for (size_t i = 0; i < model_.decisions.size(); ++i) {
      const Decision& d = model_.decisions[i];
      const Threat* threat = FindThreat(d.threat);
      if (!threat) {
        bool suggested =
            std::any_of(model_.suggested_threats.begin(), model_.suggested_threats.end(),
                        [&](const auto& s) { return EqualsIgnoreCaseAscii(s.id, d.threat); });
        Add(Severity::kError, "tm.decision.threat",
            suggested ? d.threat +
                            " is a suggestion nobody accepted (accepted_by, rationale): "
                            "it cannot be decided yet"
                      : "the decision names " + d.threat + ", which is not in the threat catalog",
            d.line);
        continue;
      }
      int target_line = d.target_line ? d.target_line : d.line;
      if (!d.target.empty()) {
        bool component = graph_.component_index.count(d.target) > 0;
        bool flow = graph_.flow_index.count(d.target) > 0;
        if (!component && !flow) {
          Add(Severity::kError, "tm.decision.target",
              "the decision on " + d.threat + " names '" + d.target +
                  "', which is no component or flow",
              target_line);
          continue;
        }
      }
      bool applies = std::any_of(out_.threats.begin(), out_.threats.end(), [&](const auto& a) {
        return a.threat == threat && (d.target.empty() || a.target == d.target);
      });
      if (!applies) {
        Add(Severity::kWarning, "tm.decision.stale",
            d.threat + " does not apply to " + (d.target.empty() ? "anything" : d.target) +
                " in this model: the decision decides nothing",
            d.line);
      }
      if (Blank(d.by)) {
        Add(Severity::kError, "tm.decision.by",
            "the decision on " + d.threat + " does not say who made it (by)", d.line);
        continue;
      }
      if (!CheckByStatus(d, *threat)) continue;
      valid[i] = true;
    }
    return valid;
  }

  bool CheckByStatus(const Decision& d, const Threat& threat) {
    switch (d.status) {
      case ThreatStatus::kMitigated: {
        if (d.mitigations.empty()) {
          Add(Severity::kError, "tm.decision.mitigation",
              d.threat + " is called mitigated but the decision names no mitigation", d.line);
          return false;
        }
        bool ok = true;
        for (const auto& id : d.mitigations) {
          if (!catalog_.FindMitigation(id)) {
            std::string listed;
            for (const auto& m : threat.mitigations) listed += (listed.empty() ? "" : ", ") + m;
            Add(Severity::kError, "tm.decision.mitigation",
                "the decision on " + d.threat + " cites the mitigation '" + id +
                    "', which does not exist",
                d.line, "the catalog's mitigations for " + d.threat + ": " + listed);
            ok = false;
          } else if (std::none_of(threat.mitigations.begin(), threat.mitigations.end(),
                                  [&](const auto& m) { return EqualsIgnoreCaseAscii(m, id); })) {
            Add(Severity::kWarning, "tm.decision.mitigation",
                id + " is not one of the catalog's mitigations for " + d.threat +
                    ": say in the evidence why it works here",
                d.line);
          }
        }
        if (Blank(d.evidence)) {
          Add(Severity::kError, "tm.decision.evidence",
              d.threat + " is called mitigated with no evidence (a test, a config, a review)",
              d.line);
          return false;
        }
        return ok;
      }
      case ThreatStatus::kAccepted:
        if (Blank(d.rationale)) {
          Add(Severity::kError, "tm.decision.rationale",
              "the acceptance of " + d.threat + " gives no rationale", d.line);
          return false;
        }
        if (!IsDate(d.until)) {
          Add(Severity::kError, "tm.decision.until",
              "the acceptance of " + d.threat + " needs until: YYYY-MM-DD (when to look again)",
              d.line);
          return false;
        }
        return true;
      case ThreatStatus::kTransferred:
        if (Blank(d.rationale)) {
          Add(Severity::kError, "tm.decision.rationale",
              "the transfer of " + d.threat + " gives no rationale", d.line);
          return false;
        }
        if (Blank(d.to)) {
          Add(Severity::kWarning, "tm.decision.to",
              "the transfer of " + d.threat + " does not say to whom (to)", d.line);
        }
        return true;
      case ThreatStatus::kOpen:
      case ThreatStatus::kSuggested:
        return true;
    }
    return true;
  }

  void Decide(const std::vector<bool>& valid) {
    for (AppliedThreat& a : out_.threats) {
      if (a.status == ThreatStatus::kSuggested) continue;
      const Decision* blanket = nullptr;
      const Decision* specific = nullptr;
      for (size_t i = 0; i < model_.decisions.size(); ++i) {
        const Decision& d = model_.decisions[i];
        if (!valid[i] || !EqualsIgnoreCaseAscii(d.threat, a.threat->id)) continue;
        if (d.target == a.target) {
          specific = &d;
        } else if (d.target.empty()) {
          blanket = &d;
        }
      }
      const Decision* d = specific ? specific : blanket;
      if (!d) continue;
      a.decision = d;
      a.status = d->status;
      if (d->status == ThreatStatus::kAccepted && d->until < today_) {
        a.expired = true;
        a.status = ThreatStatus::kOpen;
        if (expired_reported_.insert(d).second) {
          Add(Severity::kWarning, "tm.decision.expired",
              "the acceptance of " + d->threat + " ran out on " + d->until +
                  ": the threat is open again",
              d->line);
        }
      }
    }
  }

  void Gaps() {
    std::vector<std::string> high;
    for (const AppliedThreat& a : out_.threats) {
      if (a.status != ThreatStatus::kOpen) continue;
      if (a.severity >= Level::kHigh) {
        ++out_.open_high;
        if (high.size() < 5) high.push_back(a.threat->id + " on " + a.target);
      }
      if (a.threat->require_decision) {
        int line = a.subject == Subject::kComponent ? model_.components[a.index].line
                                                    : model_.flows[a.index].line;
        Add(Severity::kError, "tm.gap.undecided",
            std::string(SubjectName(a.subject)) + " '" + a.target + "': no decision on " +
                a.threat->id + " (" + a.threat->title + ")",
            line, "decide it in the model's decisions: mitigated, accepted or transferred");
      }
    }
    if (out_.open_high > 0) {
      std::string list;
      for (const auto& h : high) list += (list.empty() ? "" : "; ") + h;
      if (out_.open_high > static_cast<int>(high.size())) list += "; …";
      Add(Severity::kError, "tm.gap.open_high",
          std::to_string(out_.open_high) + " open high or critical threat" +
              (out_.open_high == 1 ? " remains: " : "s remain: ") + list,
          0);
    }
  }

  const Catalog& catalog_;
  const Graph& graph_;
  const Model& model_;
  const std::string& today_;
  Evaluation out_;
  std::set<const Decision*> expired_reported_;
};

}  // namespace

bool IsDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  int month = (text[5] - '0') * 10 + (text[6] - '0');
  int day = (text[8] - '0') * 10 + (text[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

Evaluation Evaluate(const Catalog& catalog, const Graph& graph, const std::string& today) {
  return Evaluator(catalog, graph, today).Run();
}

}  // namespace quarry::threatmodel
