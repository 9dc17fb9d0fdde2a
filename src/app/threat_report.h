// `quarry threat-model report` and `diff` as jobs: the report a review board reads (scope,
// data-flow diagram, threats with mappings and statuses, coverage tables, residual risks) and
// what changed between two versions of a model.
#pragma once

#include <memory>
#include <string>

#include "app/threat_model.h"
#include "catalog/ai_references.h"
#include "threatmodel/coverage.h"

namespace quarry::app {

struct ThreatModelReport {
  std::unique_ptr<ThreatModelCheck> check;
  threatmodel::Coverage coverage;
  std::shared_ptr<const catalog::AiReferences> references;  // null without the tables
  std::string dot;                                          // the data-flow diagram, always
  std::string svg;  // rendered by Graphviz's dot; "" when it is missing or failed
};

// With RENDER_SVG, runs `dot -Tsvg`; when it cannot, the report says why in a finding
// (tm.report.graphviz) and keeps the DOT.
Result<std::unique_ptr<ThreatModelReport>> ReportThreatModel(const ThreatModelRequest& request,
                                                             bool render_svg);

// Markdown; DIAGRAM_LINK ("" for none) is an image the report links instead of the DOT text.
std::string ThreatReportMarkdown(const ThreatModelReport& report,
                                 const std::string& diagram_link = "");
// One self-contained HTML page: no script, no external resource, the diagram inline.
std::string ThreatReportHtml(const ThreatModelReport& report);
// The check's JSON plus "coverage", "residual" and "diagram" ({dot, svg}).
std::string ThreatReportJson(const ThreatModelReport& report);
// SARIF 2.1.0: open threats as results at the component's or flow's line (accepted and
// transferred ones suppressed with their rationale), and the check's findings.
std::string ThreatReportSarif(const ThreatModelReport& report);

struct ThreatModelDiff {
  std::unique_ptr<ThreatModelCheck> before;
  std::unique_ptr<ThreatModelCheck> after;
  struct Change {
    std::string threat;
    std::string target;
    std::string title;
    std::string severity_before;  // "" when added
    std::string severity_after;   // "" when removed
    std::string status_before;
    std::string status_after;
  };
  std::vector<Change> added;
  std::vector<Change> removed;
  std::vector<Change> changed;  // status or severity
  // Open high or critical threats that are new, or were decided before and are open now.
  int new_open_high = 0;
  int ExitCode() const;  // 3 when either model did not read, 1 for new open high threats
};

// Both models checked with the same catalog and date.
Result<ThreatModelDiff> DiffThreatModels(const ThreatModelRequest& before,
                                         const std::string& after_path);
std::string ThreatDiffText(const ThreatModelDiff& diff);
std::string ThreatDiffJson(const ThreatModelDiff& diff);
std::string ThreatDiffMarkdown(const ThreatModelDiff& diff);

}  // namespace quarry::app
