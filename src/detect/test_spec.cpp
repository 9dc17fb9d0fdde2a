// Reading a rule's tests folder and its expect.yml. expect.yml is untrusted input like a rule
// file: yaml-cpp's exceptions stop here, and texts that make it loop are refused first.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "detect/rule_tests.h"
#include "core/yaml_guard.h"

namespace quarry::detect {
namespace {

namespace fs = std::filesystem;

constexpr const char* kExpectFile = "expect.yml";
constexpr const char* kCorporaPrefix = "corpora:";

class ExpectReader {
 public:
  ExpectReader(const std::string& corpora, TestSpec& spec) : corpora_(corpora), spec_(spec) {}

  void Read(const YAML::Node& root) {
    if (root.IsNull()) return;
    if (!root.IsMap())
      return Problem(root, "expect.yml must be a mapping (rules, samples, expect)");
    for (const auto& entry : root) {
      std::string key = entry.first.Scalar();
      if (key == "rules") {
        ReadRules(entry.second);
      } else if (key == "samples") {
        ReadSamples(entry.second);
      } else if (key == "expect") {
        ReadExpectations(entry.second);
      } else {
        Problem(entry.first, "unknown key '" + key + "' (expected rules, samples or expect)");
      }
    }
  }

  void Problem(const YAML::Node& at, const std::string& message) {
    spec_.problems.push_back(ErrorAt("rules.test.expect", message, spec_.expect_file, LineOf(at)));
  }

  static int LineOf(const YAML::Node& node) {
    return node.Mark().is_null() ? 0 : node.Mark().line + 1;
  }

 private:
  // A scalar or a list of scalars.
  std::vector<YAML::Node> Items(const YAML::Node& node, const char* what) {
    std::vector<YAML::Node> items;
    if (node.IsScalar()) {
      items.push_back(node);
    } else if (node.IsSequence()) {
      for (const auto& item : node) {
        if (item.IsScalar()) {
          items.push_back(item);
        } else {
          Problem(item, std::string(what) + " must be plain values");
        }
      }
    } else if (!node.IsNull()) {
      Problem(node, std::string(what) + " must be a value or a list of values");
    }
    return items;
  }

  void ReadRules(const YAML::Node& node) {
    for (const auto& item : Items(node, "rules")) {
      spec_.rules.push_back({item.Scalar(), LineOf(item)});
    }
  }

  void ReadSamples(const YAML::Node& node) {
    if (!node.IsMap()) return Problem(node, "samples must map positive and negative to paths");
    for (const auto& entry : node) {
      std::string kind = entry.first.Scalar();
      if (kind != "positive" && kind != "negative") {
        Problem(entry.first, "samples are 'positive' or 'negative', not '" + kind + "'");
        continue;
      }
      for (const auto& item : Items(entry.second, "sample paths")) AddSample(item, kind);
    }
  }

  void AddSample(const YAML::Node& item, const std::string& kind) {
    Sample s;
    s.name = item.Scalar();
    s.positive = kind == "positive";
    s.line = LineOf(item);
    s.listed_in = spec_.expect_file;
    if (s.name.rfind(kCorporaPrefix, 0) == 0) {
      if (corpora_.empty()) {
        return Problem(item, "'" + s.name +
                                 "' is in the shared corpora, which were not found (set "
                                 "QUARRY_CORPORA or pass --corpora)");
      }
      s.path =
          (fs::path(corpora_) / s.name.substr(std::string_view(kCorporaPrefix).size())).string();
    } else {
      fs::path p(s.name);
      s.path = p.is_absolute() ? p.string() : (fs::path(spec_.dir) / p).string();
    }
    spec_.samples.push_back(std::move(s));
  }

  void ReadExpectations(const YAML::Node& node) {
    if (!node.IsMap()) return Problem(node, "expect must map sample files to what they raise");
    for (const auto& entry : node) {
      SampleExpectation e;
      e.sample = entry.first.Scalar();
      e.line = LineOf(entry.first);
      if (!entry.second.IsMap()) {
        Problem(entry.second, "the expectation of '" + e.sample + "' must be a mapping");
        continue;
      }
      for (const auto& field : entry.second) {
        std::string key = field.first.Scalar();
        if (key == "alerts") {
          ReadCount(field.second, e);
        } else if (key == "groups") {
          ReadGroups(field.second, e);
        } else {
          Problem(field.first, "unknown key '" + key + "' (expected alerts or groups)");
        }
      }
      spec_.expectations.push_back(std::move(e));
    }
  }

  void ReadCount(const YAML::Node& node, SampleExpectation& e) {
    int64_t n = -1;
    if (node.IsScalar()) {
      const std::string& text = node.Scalar();
      if (!text.empty() && text.size() < 10 &&
          std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        n = std::stoll(text);
      }
    }
    if (n < 0) return Problem(node, "alerts must be a whole number, 0 or more");
    e.alerts = n;
  }

  // Each group is a mapping of group-by fields to values, or one value (a single group-by).
  void ReadGroups(const YAML::Node& node, SampleExpectation& e) {
    if (!node.IsSequence()) return Problem(node, "groups must be a list");
    std::vector<GroupKey> groups;
    for (const auto& item : node) {
      GroupKey g;
      if (item.IsScalar()) {
        g.emplace_back("", item.Scalar());
      } else if (item.IsMap()) {
        for (const auto& kv : item) {
          if (!kv.first.IsScalar() || !kv.second.IsScalar()) {
            Problem(kv.first, "a group maps field names to plain values");
            continue;
          }
          g.emplace_back(kv.first.Scalar(), kv.second.Scalar());
        }
        std::sort(g.begin(), g.end());
      } else {
        Problem(item, "a group is a value or a mapping of field names to values");
        continue;
      }
      groups.push_back(std::move(g));
    }
    std::sort(groups.begin(), groups.end());
    e.groups = std::move(groups);
  }

  const std::string& corpora_;
  TestSpec& spec_;
};

// Evidence under DIR/positive and DIR/negative, sorted; hidden files (.gitkeep) left out.
void ListSamples(const fs::path& dir, TestSpec& spec) {
  for (const char* kind : {"positive", "negative"}) {
    std::error_code ec;
    fs::path sub = dir / kind;
    if (!fs::is_directory(sub, ec)) continue;
    std::vector<Sample> found;
    for (auto it = fs::recursive_directory_iterator(sub, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file() || it->path().filename().string().rfind('.', 0) == 0) continue;
      Sample s;
      s.path = it->path().string();
      s.name = it->path().lexically_relative(dir).generic_string();
      s.positive = std::string_view(kind) == "positive";
      found.push_back(std::move(s));
    }
    if (ec) {
      spec.problems.push_back(ErrorAt("rules.test.unreadable",
                                      "cannot list the samples: " + ec.message(), sub.string()));
    }
    std::sort(found.begin(), found.end(),
              [](const Sample& a, const Sample& b) { return a.name < b.name; });
    for (auto& s : found) spec.samples.push_back(std::move(s));
  }
}

}  // namespace

void ParseExpect(std::string_view text, const std::string& corpora, TestSpec& spec) {
  ExpectReader reader(corpora, spec);
  if (auto hazard = FindYamlHazard(text)) {
    spec.problems.push_back(ErrorAt("rules.test.expect", hazard->what, spec.expect_file,
                                    static_cast<uint64_t>(hazard->line)));
    return;
  }
  try {
    reader.Read(YAML::Load(std::string(text)));
  } catch (const YAML::Exception& e) {
    spec.problems.push_back(ErrorAt("rules.test.expect", "not YAML: " + e.msg, spec.expect_file,
                                    e.mark.is_null() ? 0 : static_cast<uint64_t>(e.mark.line + 1)));
  }
  // Every expectation must name a sample, or it would silently check nothing.
  for (const auto& e : spec.expectations) {
    bool known = std::any_of(spec.samples.begin(), spec.samples.end(),
                             [&](const Sample& s) { return s.name == e.sample; });
    if (known) continue;
    spec.problems.push_back(
        ErrorAt("rules.test.expect",
                "'" + e.sample + "' is not a sample of these tests (positive/…, negative/… or " +
                    "samples:)",
                spec.expect_file, static_cast<uint64_t>(e.line)));
  }
}

std::optional<TestSpec> ReadTestSpec(const std::string& rule_file, const std::string& corpora) {
  fs::path dir = fs::path(rule_file).replace_extension(".tests");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return std::nullopt;
  TestSpec spec;
  spec.rule_file = rule_file;
  spec.dir = dir.string();
  ListSamples(dir, spec);
  fs::path expect = dir / kExpectFile;
  if (fs::exists(expect, ec)) {
    spec.expect_file = expect.string();
    std::ifstream in(expect, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      spec.problems.push_back(
          ErrorAt("rules.test.unreadable", "cannot read the file", spec.expect_file));
    } else {
      ParseExpect(text.str(), corpora, spec);
    }
  }
  return spec;
}

}  // namespace quarry::detect
