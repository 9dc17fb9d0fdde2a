// libFuzzer target for the threat catalog reader and the condition tests of quarry
// threat-model: any text is read as a catalog file and evaluated over a fixed model with every
// kind of component and flow, and read as a condition test file, without a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "threatmodel/condition_tests.h"
#include "threatmodel/evaluate.h"

namespace {

constexpr const char* kModel = R"(
components:
  - {id: user, kind: user, internet_facing: true}
  - {id: web, kind: web_app, tech: [html, cookies, sql], internet_facing: true}
  - {id: agent, kind: agent, memory: persistent}
  - {id: gpt, kind: llm, hosting: hosted}
  - {id: shell, kind: tool, permissions: [execute, network]}
  - {id: docs, kind: vector_store, data_classes: [confidential]}
  - {id: db, kind: database}
flows:
  - {from: user, to: web, protocol: https, untrusted: true}
  - {from: web, to: agent, content: [prompt]}
  - {from: agent, to: gpt, data_classes: [restricted]}
  - {from: agent, to: shell, content: [tool_call]}
  - {from: docs, to: agent}
  - {from: web, to: db, protocol: sql}
  - {from: db, to: web}
boundaries:
  - {id: internet, contains: [user]}
  - {id: cloud, contains: [web, agent, shell, docs, db]}
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry::threatmodel;
  static const ModelRead kRead = ReadModel(kModel, "model.yml");
  static const Graph kGraph = [] {
    std::vector<quarry::Finding> findings;
    bool error = false;
    return BuildGraph(kRead.model, findings, error);
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  CatalogLoad load = LoadCatalog({{"fuzz.yml", text}}, nullptr);
  Evaluation evaluation = Evaluate(load.catalog, kGraph, "2026-12-01");
  for (const auto& a : evaluation.threats) {
    if (a.threat == nullptr || a.threat->broken) std::abort();  // a broken threat never applies
  }
  ConditionTestReport tests = RunConditionTests(load.catalog, {{"tests.yml", text}});
  if (tests.passed + tests.failed != static_cast<int>(tests.results.size())) std::abort();
  return 0;
}
