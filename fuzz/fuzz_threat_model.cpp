// libFuzzer target for the system description reader of quarry threat-model: any text is read
// as a model, its graph built and the built-in catalog evaluated over it, without a crash, a
// hang, a finding on a line past the end of the text, or a threat on a target that does not
// exist. A model that reads cleanly is written back as YAML (what a draft is saved as) and must
// read back cleanly with the same components and flows.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "threatmodel/catalog.h"
#include "threatmodel/evaluate.h"
#include "threatmodel/model_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry::threatmodel;
  static const CatalogLoad kCatalog = LoadCatalog(BuiltInCatalog(), nullptr);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ModelRead read = ReadModel(text, "fuzz.yml");
  bool input_error = read.input_error;
  Graph graph = BuildGraph(read.model, read.findings, input_error);
  Evaluation evaluation = Evaluate(kCatalog.catalog, graph, "2026-12-01");
  uint64_t lines = 1;
  for (char c : text) lines += c == '\n';
  for (const auto& f : read.findings) {
    if (f.where.line > lines + 1) std::abort();
  }
  for (const auto& a : evaluation.threats) {
    size_t n =
        a.subject == Subject::kComponent ? read.model.components.size() : read.model.flows.size();
    if (a.index < 0 || static_cast<size_t>(a.index) >= n || a.target.empty()) std::abort();
    if (a.status == ThreatStatus::kMitigated && (!a.decision || a.decision->evidence.empty()))
      std::abort();  // nothing is mitigated without a decision that gives evidence
  }
  if (!input_error && read.findings.empty()) {
    std::string yaml = WriteModelYaml(read.model, "fuzz", {"q"});
    ModelRead again = ReadModel(yaml, "again.yml");
    if (again.input_error || again.model.components.size() != read.model.components.size() ||
        again.model.flows.size() != read.model.flows.size())
      std::abort();
    for (size_t i = 0; i < read.model.components.size(); ++i) {
      const auto& a = read.model.components[i];
      const auto& b = again.model.components[i];
      if (a.id != b.id || a.kind != b.kind || a.attributes != b.attributes) std::abort();
    }
    for (size_t i = 0; i < read.model.flows.size(); ++i) {
      const auto& a = read.model.flows[i];
      const auto& b = again.model.flows[i];
      if (a.id != b.id || a.from != b.from || a.to != b.to || a.attributes != b.attributes)
        std::abort();
    }
  }
  return 0;
}
