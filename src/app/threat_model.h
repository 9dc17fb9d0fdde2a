// `quarry threat-model` as jobs: the CLI, the MCP server and the web API call these and render
// what they return.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "journal/journal.h"
#include "threatmodel/condition_tests.h"
#include "threatmodel/evaluate.h"

namespace quarry {
class JsonWriter;
}

namespace quarry::app {

struct ThreatModelRequest {
  std::string model_path;
  std::vector<std::string> catalogs;  // files or folders of threats/*.yml; empty: built-in
  std::string today;                  // YYYY-MM-DD for expiry of acceptances; "": today (UTC)
};

// The catalog a threat-model job uses, with the findings of loading it.
struct LoadedCatalog {
  threatmodel::CatalogLoad load;
  std::vector<threatmodel::CatalogFile> files;
};

struct ThreatModelCheck {
  threatmodel::ModelRead read;
  threatmodel::Graph graph;
  std::shared_ptr<const LoadedCatalog> catalog;
  threatmodel::Evaluation evaluation;
  std::vector<Finding> findings;  // the model's, the catalog's and the evaluation's, in order
  bool input_error = false;       // the model or the catalog did not fully read
  std::string today;

  // 3 when the model or catalog did not read, 1 for open high threats or error findings, else 0.
  int ExitCode() const;
};

// A usage error for bad options (no model, a malformed --today, a catalog path that does not
// exist); what is wrong inside the model or catalog is in the check's findings.
Result<std::unique_ptr<ThreatModelCheck>> CheckThreatModel(const ThreatModelRequest& request);
// The same for a model already read (a draft); REQUEST's model_path is not used.
Result<std::unique_ptr<ThreatModelCheck>> CheckThreatModelRead(threatmodel::ModelRead read,
                                                               const ThreatModelRequest& request);

// Threats under each component and flow with their status and mappings, then the findings and
// a count.
std::string ThreatModelCheckText(const ThreatModelCheck& check);
// {"model","system":{name,description,owner},"catalog":{files,threats,references_checked},
//  "counts":{components,flows,boundaries,assets,applicable,open,mitigated,accepted,transferred,
//  open_high},"threats":[{id,title,component|flow,stride,owasp_llm,owasp,atlas,nist_ai_rmf,
//  agentic,cwe,severity,status,mitigations,decision}],"findings":[…]}
std::string ThreatModelCheckJson(const ThreatModelCheck& check);
// The members of that object, into an object the caller has begun (the report adds to them).
void WriteThreatModelCheck(JsonWriter& w, const ThreatModelCheck& check);

// The catalog from CATALOGS (empty: built-in), with mapping ids checked when the reference
// tables are found.
Result<std::shared_ptr<const LoadedCatalog>> LoadThreatCatalog(
    const std::vector<std::string>& catalogs);

struct ThreatModelApproval {
  std::string case_dir;  // whose journal records it
  std::string author;    // the person approving; "" for DefaultAuthor()
  std::string sign_key;  // Ed25519 private key (PEM) or ""
};
// A person signs the model's decisions and accepted suggestions into the journal (kind
// "threat_model"): the model's SHA-256, every decision with who made it, every accepted
// suggestion, the counts. Refused (usage error) when the model or catalog did not fully read.
Result<journal::Entry> ApproveThreatModel(const ThreatModelCheck& check,
                                          const ThreatModelApproval& approval);

// The JSON Schema of the system description format.
std::string ThreatModelSchema();

struct CatalogReport {
  std::shared_ptr<const LoadedCatalog> catalog;
  bool tested = false;
  threatmodel::ConditionTestReport tests;
  std::vector<Finding> findings;  // loading problems, then test-file problems
  int ExitCode() const;           // 1 for error findings, failing or missing tests
};
// Loads the catalog and, with TESTS (files or folders), runs its condition tests.
Result<CatalogReport> CheckThreatCatalog(const std::vector<std::string>& catalogs,
                                         const std::vector<std::string>& tests);
std::string CatalogReportText(const CatalogReport& report);
std::string CatalogReportJson(const CatalogReport& report);

}  // namespace quarry::app
