// The threat catalog reader. Catalog files are data a team may extend, so they are read like
// any untrusted input: each problem is a finding with its line, and the rest is kept.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/strings.h"
#include "threatmodel/catalog.h"
#include "threatmodel/model_yaml.h"

namespace quarry::threatmodel {
namespace {

namespace fs = std::filesystem;
using catalog::AiReferences;
using catalog::Reference;

class CatalogReader {
 public:
  CatalogReader(const AiReferences* references, CatalogLoad& out)
      : references_(references), out_(out) {}

  void ReadFile(const CatalogFile& file) {
    file_ = file.name;
    out_.catalog.files.push_back(file.name);
    auto root = LoadYaml(file.text, file.name, "tm.catalog.yaml", out_.findings);
    if (!root) return;
    try {
      ReadRoot(*root);
    } catch (const YAML::Exception& e) {
      out_.findings.push_back(ErrorAt("tm.catalog.yaml", "not valid YAML: " + e.msg, file_,
                                      e.mark.is_null() ? 0 : e.mark.line + 1));
    }
  }

  // Threats may cite mitigations of any file: checked once every file is read.
  void CheckMitigationsExist() {
    for (Threat& t : out_.catalog.threats) {
      for (const auto& id : t.mitigations) {
        if (!out_.catalog.FindMitigation(id)) {
          out_.findings.push_back(
              ErrorAt("tm.catalog.mitigation",
                      t.id + " cites the mitigation '" + id + "', which no catalog file defines",
                      t.file, t.line));
        }
      }
    }
  }

 private:
  void Problem(const YAML::Node& at, const char* code, const std::string& message) {
    out_.findings.push_back(ErrorAt(code, message, file_, LineOf(at)));
  }

  void ReadRoot(const YAML::Node& root) {
    if (root.IsNull()) return;
    if (!root.IsMap())
      return Problem(root, "tm.catalog.shape", "a catalog file is a mapping: threats, mitigations");
    for (const auto& entry : root) {
      std::string key = entry.first.Scalar();
      const YAML::Node& list = entry.second;
      if (key != "threats" && key != "mitigations") {
        Problem(entry.first, "tm.catalog.key",
                "unknown key '" + key + "' (expected threats or mitigations)");
        continue;
      }
      if (!list.IsSequence()) {
        Problem(list, "tm.catalog.shape", key + " must be a list");
        continue;
      }
      for (const auto& item : list) {
        if (!item.IsMap()) {
          Problem(item, "tm.catalog.shape", "each of " + key + " is a mapping");
        } else if (key == "threats") {
          ReadThreat(item);
        } else {
          ReadMitigation(item);
        }
      }
    }
  }

  std::string Text(const YAML::Node& node, const std::string& what) {
    if (node.IsScalar()) return node.Scalar();
    if (!node.IsNull()) Problem(node, "tm.catalog.value", what + " must be text");
    return {};
  }

  std::vector<std::pair<std::string, int>> Items(const YAML::Node& node, const std::string& what) {
    std::vector<std::pair<std::string, int>> out;
    if (node.IsScalar()) {
      out.emplace_back(node.Scalar(), LineOf(node));
    } else if (node.IsSequence()) {
      for (const auto& item : node) {
        if (item.IsScalar()) {
          out.emplace_back(item.Scalar(), LineOf(item));
        } else {
          Problem(item, "tm.catalog.value", what + " lists ids");
        }
      }
    } else {
      Problem(node, "tm.catalog.value", what + " must be an id or a list of ids");
    }
    return out;
  }

  std::vector<std::string> Mapping(const YAML::Node& node, Reference kind, const char* key) {
    std::vector<std::string> ids;
    for (auto& [written, line] : Items(node, key)) {
      std::string id = AiReferences::Canonical(kind, written);
      std::string where = file_ + ":" + std::to_string(line);
      if (!AiReferences::WellFormed(kind, id)) {
        std::string hint;
        bool no_year = written.find(':') == std::string::npos;
        if (no_year && (kind == Reference::kOwaspLlm || kind == Reference::kOwasp))
          hint = " (write the list's year, e.g. " +
                 std::string(kind == Reference::kOwaspLlm ? "LLM01:2025" : "A05:2025") + ")";
        std::string message = "'" + written + "' is not an id of the ";
        message += ReferenceTitle(kind) + hint;
        out_.findings.push_back(ErrorAt("tm.catalog.reference", message, file_, line));
        continue;
      }
      if (references_ && !references_->Find(kind, id)) {
        std::string closest = references_->Closest(kind, id);
        Finding f = ErrorAt("tm.catalog.reference",
                            "unknown " + std::string(ReferenceTitle(kind)) + " '" + written + "'",
                            file_, line);
        if (!closest.empty()) f.suggestion = "did you mean " + closest + "?";
        out_.findings.push_back(std::move(f));
        continue;
      }
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    return ids;
  }

  void ReadThreat(const YAML::Node& item) {
    Threat t;
    t.file = file_;
    t.line = LineOf(item);
    const YAML::Node applies = item["applies_to"];
    if (applies) {
      std::string subject = AsciiToLower(Text(applies, "applies_to"));
      if (subject == "flow") {
        t.applies_to = Subject::kFlow;
      } else if (subject != "component") {
        Problem(applies, "tm.catalog.value", "applies_to is component or flow");
        t.broken = true;
      }
    }
    bool has_severity = false;
    for (const auto& entry : item) {
      std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      if (key == "id") {
        t.id = Text(value, key);
      } else if (key == "title") {
        t.title = Text(value, key);
      } else if (key == "description") {
        t.description = Text(value, key);
      } else if (key == "applies_to") {
        continue;
      } else if (key == "when") {
        size_t before = out_.findings.size();
        t.when = CompileCondition(value, t.applies_to, file_, out_.findings);
        if (out_.findings.size() > before) t.broken = true;
      } else if (key == "stride") {
        std::string text = Text(value, key);
        t.stride = StrideCategory(text);
        if (t.stride.empty())
          Problem(value, "tm.catalog.value", "'" + text + "' is not a STRIDE category");
      } else if (key == "owasp_llm") {
        t.owasp_llm = Mapping(value, Reference::kOwaspLlm, "owasp_llm");
      } else if (key == "owasp") {
        t.owasp = Mapping(value, Reference::kOwasp, "owasp");
      } else if (key == "atlas") {
        t.atlas = Mapping(value, Reference::kAtlasTechnique, "atlas");
      } else if (key == "nist_ai_rmf") {
        t.nist_ai_rmf = Mapping(value, Reference::kNistAiRmf, "nist_ai_rmf");
      } else if (key == "agentic") {
        t.agentic = Mapping(value, Reference::kAgentic, "agentic");
      } else if (key == "cwe") {
        static const std::regex kCwe(R"(CWE-[1-9][0-9]{0,5})");
        for (auto& [id, line] : Items(value, key)) {
          std::string upper = id;
          for (char& c : upper) c = AsciiUpper(c);
          if (!std::regex_match(upper, kCwe)) {
            out_.findings.push_back(ErrorAt("tm.catalog.reference",
                                            "'" + id + "' is not a CWE id (CWE-79)", file_, line));
          } else {
            t.cwe.push_back(upper);
          }
        }
      } else if (key == "severity") {
        has_severity = true;
        if (auto level = ParseLevel(Text(value, key))) {
          t.severity = *level;
        } else {
          Problem(value, "tm.catalog.value", "severity is low, medium, high or critical");
        }
      } else if (key == "severity_rules") {
        ReadSeverityRules(value, t);
      } else if (key == "require_decision") {
        t.require_decision = AsciiToLower(Text(value, key)) == "true";
      } else if (key == "mitigations") {
        for (auto& [id, line] : Items(value, key)) t.mitigations.push_back(id);
      } else {
        Problem(entry.first, "tm.catalog.key", "unknown threat key '" + key + "'");
      }
    }
    CheckThreat(item, t, has_severity);
  }

  void ReadSeverityRules(const YAML::Node& value, Threat& t) {
    if (!value.IsSequence())
      return Problem(value, "tm.catalog.shape", "severity_rules is a list of {when, severity}");
    for (const auto& rule : value) {
      if (!rule.IsMap() || !rule["when"] || !rule["severity"]) {
        Problem(rule, "tm.catalog.shape", "a severity rule has when and severity");
        continue;
      }
      auto level = ParseLevel(Text(rule["severity"], "severity"));
      if (!level) {
        Problem(rule["severity"], "tm.catalog.value", "severity is low, medium, high or critical");
        continue;
      }
      size_t before = out_.findings.size();
      Condition when = CompileCondition(rule["when"], t.applies_to, file_, out_.findings);
      if (out_.findings.size() == before) t.severity_rules.push_back({std::move(when), *level});
    }
  }

  void CheckThreat(const YAML::Node& item, Threat& t, bool has_severity) {
    static const std::regex kOwaspShaped(R"((LLM|A|ASI)[0-9]{2}(:[0-9]{4})?)", std::regex::icase);
    static const std::regex kIdShape(R"([A-Za-z0-9][A-Za-z0-9._-]{0,63})");
    if (t.id.empty() || !std::regex_match(t.id, kIdShape)) {
      return Problem(item, "tm.catalog.id",
                     "a threat needs an id of letters, digits, '-', '_' and '.' (TM-LLM-001)");
    }
    if (std::regex_match(t.id, kOwaspShaped)) {
      return Problem(item, "tm.catalog.id",
                     "'" + t.id + "' looks like an OWASP id; catalog ids must not (TM-LLM-001)");
    }
    if (out_.catalog.FindThreat(t.id)) {
      return Problem(item, "tm.catalog.id", "the threat id '" + t.id + "' is used twice");
    }
    if (t.title.empty()) Problem(item, "tm.catalog.threat", t.id + " has no title");
    if (t.description.empty()) Problem(item, "tm.catalog.threat", t.id + " has no description");
    if (t.stride.empty() && !item["stride"])
      Problem(item, "tm.catalog.threat", t.id + " has no stride category");
    if (!has_severity) Problem(item, "tm.catalog.threat", t.id + " has no severity");
    if (!item["when"]) {
      Problem(item, "tm.catalog.threat", t.id + " has no condition (when)");
      t.broken = true;
    }
    if (t.mitigations.empty()) Problem(item, "tm.catalog.threat", t.id + " names no mitigation");
    out_.catalog.threats.push_back(std::move(t));
  }

  void ReadMitigation(const YAML::Node& item) {
    Mitigation m;
    m.file = file_;
    m.line = LineOf(item);
    for (const auto& entry : item) {
      std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      if (key == "id") {
        m.id = Text(value, key);
      } else if (key == "title") {
        m.title = Text(value, key);
      } else if (key == "description") {
        m.description = Text(value, key);
      } else if (key == "verify") {
        ReadVerify(value, m);
      } else {
        Problem(entry.first, "tm.catalog.key",
                "unknown mitigation key '" + key + "' (expected id, title, description, verify)");
      }
    }
    if (m.id.empty()) return Problem(item, "tm.catalog.id", "a mitigation needs an id");
    if (out_.catalog.FindMitigation(m.id))
      return Problem(item, "tm.catalog.id", "the mitigation id '" + m.id + "' is used twice");
    if (m.title.empty()) Problem(item, "tm.catalog.mitigation", m.id + " has no title");
    if (m.verify.empty())
      Problem(item, "tm.catalog.mitigation", m.id + " says nothing about how to verify it");
    out_.catalog.mitigations.push_back(std::move(m));
  }

  void ReadVerify(const YAML::Node& value, Mitigation& m) {
    if (!value.IsSequence())
      return Problem(value, "tm.catalog.shape", "verify is a list of {kind, how}");
    for (const auto& step : value) {
      if (!step.IsMap()) {
        Problem(step, "tm.catalog.shape", "a verify step is {kind, how}");
        continue;
      }
      VerifyStep v{AsciiToLower(Text(step["kind"], "kind")), Text(step["how"], "how")};
      if (v.kind != "test" && v.kind != "config" && v.kind != "review") {
        Problem(step, "tm.catalog.value", "a verify step's kind is test, config or review");
        continue;
      }
      if (v.how.empty()) {
        Problem(step, "tm.catalog.value", "a verify step says how");
        continue;
      }
      m.verify.push_back(std::move(v));
    }
  }

  const AiReferences* references_;
  CatalogLoad& out_;
  std::string file_;
};

}  // namespace

std::optional<Level> ParseLevel(std::string_view text) {
  std::string t = AsciiToLower(text);
  if (t == "low") return Level::kLow;
  if (t == "medium") return Level::kMedium;
  if (t == "high") return Level::kHigh;
  if (t == "critical") return Level::kCritical;
  return std::nullopt;
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kLow:
      return "low";
    case Level::kMedium:
      return "medium";
    case Level::kHigh:
      return "high";
    case Level::kCritical:
      return "critical";
  }
  return "medium";
}

const std::vector<const char*>& StrideCategories() {
  static const std::vector<const char*> kNames = {"Spoofing",          "Tampering",
                                                  "Repudiation",       "Information Disclosure",
                                                  "Denial of Service", "Elevation of Privilege"};
  return kNames;
}

std::string StrideCategory(std::string_view text) {
  std::string key = AsciiToLower(TrimAscii(text));
  std::replace(key.begin(), key.end(), '-', ' ');
  std::replace(key.begin(), key.end(), '_', ' ');
  for (const char* name : StrideCategories()) {
    if (key == AsciiToLower(name) || (key.size() == 1 && key[0] == AsciiLower(name[0])))
      return name;
  }
  return {};
}

const Threat* Catalog::FindThreat(std::string_view id) const {
  for (const auto& t : threats) {
    if (EqualsIgnoreCaseAscii(t.id, id)) return &t;
  }
  return nullptr;
}

const Mitigation* Catalog::FindMitigation(std::string_view id) const {
  for (const auto& m : mitigations) {
    if (EqualsIgnoreCaseAscii(m.id, id)) return &m;
  }
  return nullptr;
}

Result<std::vector<CatalogFile>> ReadCatalogFiles(const std::string& path) {
  std::error_code ec;
  std::vector<fs::path> paths;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      std::string ext = entry.path().extension().string();
      if (entry.is_regular_file(ec) && (ext == ".yml" || ext == ".yaml"))
        paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    if (paths.empty()) return NotFound(path + ": no .yml catalog files in this folder");
  } else if (fs::is_regular_file(path, ec)) {
    paths.emplace_back(path);
  } else {
    return NotFound(path + ": no such catalog file or folder");
  }
  std::vector<CatalogFile> files;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return IoError(p.string() + ": cannot read");
    std::stringstream text;
    text << in.rdbuf();
    files.push_back({p.string(), text.str()});
  }
  return files;
}

CatalogLoad LoadCatalog(const std::vector<CatalogFile>& files,
                        const catalog::AiReferences* references) {
  CatalogLoad out;
  out.references_checked = references != nullptr;
  CatalogReader reader(references, out);
  for (const auto& file : files) reader.ReadFile(file);
  reader.CheckMitigationsExist();
  return out;
}

}  // namespace quarry::threatmodel
