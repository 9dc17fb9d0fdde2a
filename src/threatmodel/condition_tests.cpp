#include "threatmodel/condition_tests.h"

#include <set>

#include "threatmodel/model_yaml.h"

namespace quarry::threatmodel {
namespace {

// The targets THREAT applies to in the model at NODE; model problems go to FAILURES.
std::vector<std::string> Targets(const Threat& threat, const YAML::Node& node,
                                 const std::string& file, std::vector<std::string>& failures) {
  ModelRead read;
  read.model.file = file;
  ReadModelNode(node, file, read);
  bool input_error = read.input_error;
  Graph graph = BuildGraph(read.model, read.findings, input_error);
  for (const Finding& f : read.findings) {
    if (f.severity == Severity::kError) failures.push_back("the test model: " + f.ToString());
  }
  std::vector<std::string> targets;
  bool component = threat.applies_to == Subject::kComponent;
  size_t n = component ? graph.components.size() : graph.flows.size();
  for (size_t i = 0; i < n; ++i) {
    int index = static_cast<int>(i);
    if (!component && !graph.Usable(index)) continue;
    if (Holds(threat.when, graph, index))
      targets.push_back(component ? read.model.components[i].id : read.model.flows[i].id);
  }
  return targets;
}

std::string List(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out.empty() ? "nothing" : out;
}

void RunOne(const Catalog& catalog, const YAML::Node& test, const std::string& file,
            ConditionTestReport& report, std::set<std::string>& tested) {
  ConditionTestResult result;
  result.file = file;
  result.line = LineOf(test);
  if (!test.IsMap() || !test["threat"] || !test["threat"].IsScalar()) {
    report.problems.push_back(
        ErrorAt("tm.test.shape", "a test is {threat, fires, silent}", file, result.line));
    return;
  }
  result.threat = test["threat"].Scalar();
  const Threat* threat = catalog.FindThreat(result.threat);
  if (!threat) {
    report.problems.push_back(ErrorAt("tm.test.threat",
                                      "a test for " + result.threat + ", which the catalog lacks",
                                      file, result.line));
    return;
  }
  tested.insert(threat->id);
  const YAML::Node fires = test["fires"];
  const YAML::Node silent = test["silent"];
  if (!fires || !fires["model"] || !fires["target"] || !silent || !silent["model"]) {
    result.failures.push_back("needs fires: {target, model} and silent: {model}");
  } else if (threat->broken) {
    result.failures.push_back("the threat's condition does not compile");
  } else {
    std::string target = fires["target"].IsScalar() ? fires["target"].Scalar() : "";
    auto hits = Targets(*threat, fires["model"], file, result.failures);
    if (std::find(hits.begin(), hits.end(), target) == hits.end()) {
      result.failures.push_back("fires: expected it to apply to '" + target + "', it applies to " +
                                List(hits));
    }
    auto quiet = Targets(*threat, silent["model"], file, result.failures);
    if (!quiet.empty())
      result.failures.push_back("silent: expected it to apply to nothing, it applies to " +
                                List(quiet));
  }
  (result.failures.empty() ? report.passed : report.failed)++;
  report.results.push_back(std::move(result));
}

}  // namespace

ConditionTestReport RunConditionTests(const Catalog& catalog,
                                      const std::vector<CatalogFile>& test_files) {
  ConditionTestReport report;
  std::set<std::string> tested;
  for (const auto& file : test_files) {
    auto root = LoadYaml(file.text, file.name, "tm.test.yaml", report.problems);
    if (!root) continue;
    try {
      const YAML::Node tests = root->IsMap() ? (*root)["tests"] : YAML::Node();
      if (!tests || !tests.IsSequence()) {
        report.problems.push_back(ErrorAt(
            "tm.test.shape", "a condition test file is a mapping whose `tests:` lists the tests",
            file.name, 1));
        continue;
      }
      for (const auto& test : tests) RunOne(catalog, test, file.name, report, tested);
    } catch (const YAML::Exception& e) {
      report.problems.push_back(ErrorAt("tm.test.yaml", "not valid YAML: " + e.msg, file.name,
                                        e.mark.is_null() ? 0 : e.mark.line + 1));
    }
  }
  for (const Threat& t : catalog.threats) {
    if (!tested.count(t.id)) report.untested.push_back(t.id);
  }
  return report;
}

}  // namespace quarry::threatmodel
