// The threat-model report: its content is built once as sections of paragraphs and tables, then
// written as Markdown or HTML, so both say the same thing.
#include "app/threat_report.h"

#include <map>

#include "core/subprocess.h"
#include "threatmodel/diagram.h"

namespace quarry::app {
namespace {

using threatmodel::AppliedThreat;
using threatmodel::Subject;
using threatmodel::ThreatStatus;

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct Section {
  std::string title;
  int level = 2;
  std::vector<std::string> paragraphs;
  std::vector<Table> tables;
  bool diagram = false;  // the data-flow diagram goes here
};

std::string Join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

std::string NameOf(const ThreatModelReport& r, catalog::Reference kind, const std::string& id) {
  if (!r.references) return id;
  const auto* entry = r.references->Find(kind, id);
  return entry ? id + " " + entry->name : id;
}

std::string TargetName(const ThreatModelCheck& check, const AppliedThreat& a) {
  const auto& model = check.read.model;
  if (a.subject == Subject::kFlow) return "flow " + a.target;
  return model.components[a.index].name + " (" + model.components[a.index].kind + ")";
}

std::string DecisionText(const AppliedThreat& a) {
  if (!a.decision) return "";
  const auto& d = *a.decision;
  std::string out;
  if (!d.mitigations.empty()) out += Join(d.mitigations) + ": ";
  out += !d.evidence.empty() ? d.evidence : d.rationale;
  if (!d.to.empty()) out += " (to " + d.to + ")";
  out += " — " + d.by;
  if (!d.until.empty()) out += ", until " + d.until;
  if (a.expired) out += " (expired)";
  return out;
}

std::vector<Section> Build(const ThreatModelReport& r) {
  const ThreatModelCheck& check = *r.check;
  const auto& model = check.read.model;
  const auto& threats = check.evaluation.threats;
  std::vector<Section> doc;
  Section scope{"Scope", 2, {}, {}, false};
  if (!model.description.empty()) scope.paragraphs.push_back(model.description);
  std::map<ThreatStatus, int> by_status;
  for (const auto& a : threats) by_status[a.status]++;
  scope.tables.push_back(
      {{"", ""},
       {{"Model", model.file},
        {"Owner", model.owner.empty() ? "(not stated)" : model.owner},
        {"Date", check.today},
        {"Components, flows, boundaries, assets", std::to_string(model.components.size()) + ", " +
                                                      std::to_string(model.flows.size()) + ", " +
                                                      std::to_string(model.boundaries.size()) +
                                                      ", " + std::to_string(model.assets.size())},
        {"Catalog", std::to_string(check.catalog->load.catalog.threats.size()) + " threats in " +
                        Join(check.catalog->load.catalog.files)},
        {"Threats that apply",
         std::to_string(threats.size()) + ": " + std::to_string(by_status[ThreatStatus::kOpen]) +
             " open (" + std::to_string(check.evaluation.open_high) + " high or critical), " +
             std::to_string(by_status[ThreatStatus::kMitigated]) + " mitigated, " +
             std::to_string(by_status[ThreatStatus::kAccepted]) + " accepted, " +
             std::to_string(by_status[ThreatStatus::kTransferred]) + " transferred"}}});
  doc.push_back(std::move(scope));
  doc.push_back({"Data-flow diagram",
                 2,
                 {"Boundaries are dashed boxes; red flows carry untrusted content (directly or "
                  "through the components they passed); dashed flows cross a boundary "
                  "unencrypted; red components have open high-severity threats."},
                 {},
                 true});
  Section by_target{"Threats by component and flow", 2, {}, {}, false};
  std::string last;
  for (const auto& a : threats) {
    std::string name = TargetName(check, a);
    if (name != last) {
      by_target.tables.push_back(
          {{name, "Status", "Severity", "STRIDE", "OWASP", "ATLAS", "Decision"}, {}});
      last = name;
    }
    const auto& t = *a.threat;
    std::vector<std::string> owasp = t.owasp_llm;
    owasp.insert(owasp.end(), t.owasp.begin(), t.owasp.end());
    by_target.tables.back().rows.push_back({t.id + " " + t.title,
                                            threatmodel::ThreatStatusName(a.status),
                                            threatmodel::LevelName(a.severity), t.stride,
                                            Join(owasp), Join(t.atlas), DecisionText(a)});
  }
  if (threats.empty()) by_target.paragraphs.push_back("No catalog threat applies to this model.");
  doc.push_back(std::move(by_target));

  Section llm{"Coverage: OWASP Top 10 for LLM Applications 2025 × components", 2, {}, {}, false};
  llm.paragraphs.push_back(
      "Each cell counts the threats of the category on the component (a flow's threats count "
      "for the component it goes to): open / all that apply.");
  Table grid;
  grid.header.push_back("Category");
  for (int c : r.coverage.llm_components) grid.header.push_back(model.components[c].id);
  for (int i = 1; i <= 10; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "LLM%02d:2025", i);
    std::vector<std::string> row{NameOf(r, catalog::Reference::kOwaspLlm, id)};
    auto category = r.coverage.owasp_llm.find(id);
    for (int c : r.coverage.llm_components) {
      std::string cell = "–";
      if (category != r.coverage.owasp_llm.end()) {
        auto it = category->second.find(c);
        if (it != category->second.end())
          cell = std::to_string(it->second.open) + " / " + std::to_string(it->second.total);
      }
      row.push_back(cell);
    }
    grid.rows.push_back(std::move(row));
  }
  llm.tables.push_back(std::move(grid));
  doc.push_back(std::move(llm));

  Section atlas{"Coverage: MITRE ATLAS tactics", 2, {}, {}, false};
  if (!r.references) {
    atlas.paragraphs.push_back("The ATLAS tables were not found: tactics cannot be listed.");
  } else {
    Table t{{"Tactic", "Techniques reached by applicable threats"}, {}};
    for (const auto& tactic : r.references->All(catalog::Reference::kAtlasTactic)) {
      auto it = r.coverage.atlas_tactics.find(tactic.id);
      std::vector<std::string> names;
      if (it != r.coverage.atlas_tactics.end()) {
        for (const auto& id : it->second)
          names.push_back(NameOf(r, catalog::Reference::kAtlasTechnique, id));
      }
      t.rows.push_back({tactic.id + " " + tactic.name, names.empty() ? "–" : Join(names, "; ")});
    }
    atlas.tables.push_back(std::move(t));
  }
  doc.push_back(std::move(atlas));

  Section rmf{"Coverage: NIST AI RMF functions", 2, {}, {}, false};
  Table functions{{"Function", "Subcategories the applicable threats touch"}, {}};
  for (const char* function : {"GOVERN", "MAP", "MEASURE", "MANAGE"}) {
    auto it = r.coverage.ai_rmf.find(function);
    functions.rows.push_back({function, it == r.coverage.ai_rmf.end() ? "–" : Join(it->second)});
  }
  rmf.tables.push_back(std::move(functions));
  doc.push_back(std::move(rmf));

  Section residual{"Residual risks and their owners", 2, {}, {}, false};
  Table risks{{"Severity", "Threat", "Target", "Status", "Owner", "Until", "Rationale"}, {}};
  for (const auto& risk : r.coverage.residual) {
    const auto& a = *risk.threat;
    risks.rows.push_back(
        {threatmodel::LevelName(a.severity), a.threat->id + " " + a.threat->title, a.target,
         threatmodel::ThreatStatusName(a.status), risk.owner.empty() ? "(nobody)" : risk.owner,
         a.decision ? a.decision->until : "", a.decision ? a.decision->rationale : ""});
  }
  if (risks.rows.empty()) {
    residual.paragraphs.push_back("Every applicable threat is mitigated.");
  } else {
    residual.tables.push_back(std::move(risks));
  }
  doc.push_back(std::move(residual));

  Section findings{"Findings", 2, {}, {}, false};
  for (const auto& f : check.findings) findings.paragraphs.push_back(f.ToString());
  if (check.findings.empty()) findings.paragraphs.push_back("None.");
  doc.push_back(std::move(findings));
  return doc;
}

std::string MarkdownCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Html(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<ThreatModelReport>> ReportThreatModel(const ThreatModelRequest& request,
                                                             bool render_svg) {
  QUARRY_ASSIGN_OR_RETURN(auto check, CheckThreatModel(request));
  auto report = std::make_unique<ThreatModelReport>();
  report->check = std::move(check);
  auto references = catalog::AiReferences::LoadDefault();
  if (references.ok())
    report->references = std::make_shared<const catalog::AiReferences>(std::move(*references));
  const ThreatModelCheck& c = *report->check;
  report->coverage = threatmodel::ComputeCoverage(c.graph, c.evaluation, report->references.get());
  report->dot = threatmodel::DataFlowDot(c.graph, &c.evaluation);
  if (render_svg) {
    auto svg = RunProgram({"dot", "-Tsvg"}, report->dot);
    std::string problem;
    if (!svg.ok()) {
      problem = svg.status().message() + " (install Debian's graphviz)";
    } else if (svg->exit_code != 0) {
      problem = "dot failed: " + svg->err.substr(0, 300);
    } else {
      size_t start = svg->out.find("<svg");
      report->svg = start == std::string::npos ? svg->out : svg->out.substr(start);
    }
    if (!problem.empty()) {
      Finding f;
      f.severity = Severity::kWarning;
      f.code = "tm.report.graphviz";
      f.message = "the diagram is DOT only: " + problem;
      report->check->findings.push_back(std::move(f));
    }
  }
  return report;
}

std::string ThreatReportMarkdown(const ThreatModelReport& report, const std::string& diagram_link) {
  const auto& model = report.check->read.model;
  std::string out = "# Threat model: " + (model.name.empty() ? model.file : model.name) + "\n";
  for (const Section& s : Build(report)) {
    out += "\n" + std::string(static_cast<size_t>(s.level), '#') + " " + s.title + "\n\n";
    for (const auto& p : s.paragraphs) out += p + "\n\n";
    if (s.diagram) {
      out += diagram_link.empty() ? "```dot\n" + report.dot + "```\n\n"
                                  : "![Data-flow diagram](" + diagram_link + ")\n\n";
    }
    for (const Table& t : s.tables) {
      out += "|";
      for (const auto& h : t.header) out += " " + MarkdownCell(h) + " |";
      out += "\n|";
      for (size_t i = 0; i < t.header.size(); ++i) out += "---|";
      out += "\n";
      for (const auto& row : t.rows) {
        out += "|";
        for (const auto& cell : row) out += " " + MarkdownCell(cell) + " |";
        out += "\n";
      }
      out += "\n";
    }
  }
  return out;
}

std::string ThreatReportHtml(const ThreatModelReport& report) {
  const auto& model = report.check->read.model;
  std::string title = "Threat model: " + (model.name.empty() ? model.file : model.name);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'; img-src data:\">\n<title>" +
      Html(title) +
      "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:80em}"
      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 6px;"
      "vertical-align:top;text-align:left}th{background:#eee}.diagram svg{max-width:100%;"
      "height:auto}</style>\n</head><body>\n<h1>" +
      Html(title) + "</h1>\n";
  for (const Section& s : Build(report)) {
    std::string h = "h" + std::to_string(s.level);
    out += "<" + h + ">";
    out += Html(s.title) + "</" + h + ">\n";
    for (const auto& p : s.paragraphs) out += "<p>" + Html(p) + "</p>\n";
    if (s.diagram) {
      out += report.svg.empty() ? "<pre>" + Html(report.dot) + "</pre>\n"
                                : "<div class=\"diagram\">" + report.svg + "</div>\n";
    }
    for (const Table& t : s.tables) {
      out += "<table><tr>";
      for (const auto& cell : t.header) out += "<th>" + Html(cell) + "</th>";
      out += "</tr>\n";
      for (const auto& row : t.rows) {
        out += "<tr>";
        for (const auto& cell : row) out += "<td>" + Html(cell) + "</td>";
        out += "</tr>\n";
      }
      out += "</table>\n";
    }
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace quarry::app
