#include "secrets/rule_set.h"

#include <re2/re2.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "secrets/rule_reader_util.h"

namespace quarry::secrets {

// Generated from rules/secrets/*.toml (cmake/EmbedFiles.cmake).
const std::vector<std::pair<std::string, std::string>>& BuiltInRuleFiles();

namespace fs = std::filesystem;

bool Allowlist::empty() const {
  return secrets.empty() && matches.empty() && lines.empty() && paths.empty() &&
         stopwords.empty() && commits.empty();
}

bool LoadedRules::HasErrors() const {
  for (const Finding& f : problems) {
    if (f.severity == Severity::kError) return true;
  }
  return false;
}

const LoadedRules& BuiltInRules() {
  static const LoadedRules kRules = [] {
    LoadedRules rules;
    for (const auto& [name, text] : BuiltInRuleFiles()) ReadQuarryRules(text, name, rules);
    return rules;
  }();
  return kRules;
}

namespace {

bool ReadFile(const fs::path& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  text = buf.str();
  return !in.bad();
}

// Whether a TOML file is in gitleaks' format: it has [[rules]] (ours has [[rule]]) or [extend].
bool LooksLikeGitleaks(const std::string& text) {
  static const RE2 kGitleaks(R"((?m)^\s*(\[\[rules\]\]|\[extend\]|\[\[allowlists\]\]))");
  return RE2::PartialMatch(text, kGitleaks);
}

Status ReadOurs(const fs::path& path, LoadedRules& into) {
  std::string text;
  if (!ReadFile(path, text)) return IoError(path.string() + ": cannot read the rule file");
  ReadQuarryRules(text, path.string(), into);
  return Status::Ok();
}

}  // namespace

Result<LoadedRules> LoadRules(const std::vector<std::string>& rule_paths,
                              const std::string& config) {
  LoadedRules out;
  if (rule_paths.empty() && config.empty()) return BuiltInRules();
  for (const std::string& p : rule_paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".toml") files.push_back(it->path());
      }
      if (ec) return IoError(p + ": cannot list the folder: " + ec.message());
      std::sort(files.begin(), files.end());
      if (files.empty()) return UsageError(p + ": no .toml rule files in this folder");
      for (const auto& f : files) QUARRY_RETURN_IF_ERROR(ReadOurs(f, out));
    } else if (fs::exists(p, ec)) {
      QUARRY_RETURN_IF_ERROR(ReadOurs(p, out));
    } else {
      return UsageError(p + ": no such rule file or folder");
    }
  }
  if (!config.empty()) {
    std::string text;
    if (!ReadFile(config, text)) return UsageError(config + ": cannot read the configuration");
    if (LooksLikeGitleaks(text)) {
      ReadGitleaksText(text, config, out);
    } else {
      ReadQuarryRules(text, config, out);
    }
  }
  if (out.set.rules.empty() && !out.HasErrors()) {
    return UsageError("no secret rules were loaded from the given files");
  }
  return out;
}

}  // namespace quarry::secrets
