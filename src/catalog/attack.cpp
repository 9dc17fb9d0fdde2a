#include "catalog/attack.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/strings.h"

namespace quarry::catalog {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTacticsFile = "attack_enterprise_tactics.tsv";

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  for (std::string cell; std::getline(ss, cell, '\t');) cells.push_back(cell);
  return cells;
}

bool HasCatalogs(const fs::path& dir) {
  std::error_code ec;
  return !dir.empty() && fs::is_regular_file(dir / kTacticsFile, ec);
}

}  // namespace

std::string FindCorpora() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("QUARRY_CORPORA"); env && *env) candidates.emplace_back(env);
  candidates.push_back(fs::path(QUARRY_BUILT_FROM) / ".." / "shared" / "corpora");
  std::error_code ec;
  for (const auto& dir : candidates) {
    if (fs::is_directory(dir, ec)) return fs::weakly_canonical(dir).string();
  }
  return {};
}

std::string FindDirectory() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("QUARRY_CATALOGS"); env && *env) candidates.emplace_back(env);
  if (const char* env = std::getenv("QUARRY_CORPORA"); env && *env)
    candidates.push_back(fs::path(env) / "catalogs");
  candidates.push_back(fs::path(QUARRY_BUILT_FROM) / ".." / "shared" / "corpora" / "catalogs");
  for (const auto& dir : candidates) {
    if (HasCatalogs(dir)) return fs::weakly_canonical(dir).string();
  }
  return {};
}

Result<Attack> Attack::Load(const std::string& dir) {
  fs::path file = fs::path(dir) / kTacticsFile;
  std::ifstream in(file);
  if (!in) return NotFound(file.string() + ": cannot read the ATT&CK tactics");
  Attack out;
  std::string line;
  int number = 0;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells = SplitTabs(line);
    if (header.empty()) {
      header = cells;
      if (header.size() < 3 || header[0] != "tactic_id" || header[2] != "shortname") {
        return InvalidArgument(file.string() +
                               ":1: expected the columns tactic_id, name, shortname");
      }
      continue;
    }
    if (cells.size() < 3 || cells[2].empty()) {
      return InvalidArgument(file.string() + ":" + std::to_string(number) +
                             ": a tactic needs an id, a name and a shortname");
    }
    out.tactics_.push_back({cells[0], cells[1], cells[2]});
  }
  if (out.tactics_.empty()) return InvalidArgument(file.string() + ": no tactics");
  return out;
}

Result<Attack> Attack::LoadDefault() {
  std::string dir = FindDirectory();
  if (dir.empty()) {
    return NotFound("the ATT&CK catalog was not found (set QUARRY_CATALOGS to the folder holding " +
                    std::string(kTacticsFile) + ")");
  }
  return Load(dir);
}

const Tactic* Attack::TacticOfTag(std::string_view tag) const {
  constexpr std::string_view kPrefix = "attack.";
  if (tag.size() <= kPrefix.size() ||
      !EqualsIgnoreCaseAscii(tag.substr(0, kPrefix.size()), kPrefix))
    return nullptr;
  std::string name = AsciiToLower(tag.substr(kPrefix.size()));
  std::replace(name.begin(), name.end(), '_', '-');
  for (const auto& t : tactics_) {
    if (t.shortname == name) return &t;
  }
  return nullptr;
}

}  // namespace quarry::catalog
