#include "catalog/attack.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/table.h"
#include "core/strings.h"

namespace quarry::catalog {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTacticsFile = "attack_enterprise_tactics.tsv";
constexpr const char* kTechniquesFile = "attack_enterprise_techniques.tsv";

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool HasCatalogs(const fs::path& dir) {
  std::error_code ec;
  return !dir.empty() && fs::is_regular_file(dir / kTacticsFile, ec);
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  for (std::string cell; std::getline(ss, cell, '\t');) cells.push_back(cell);
  return cells;
}

}  // namespace

Result<std::vector<std::vector<std::string>>> ReadTable(const std::filesystem::path& file,
                                                        const std::vector<std::string>& columns) {
  std::ifstream in(file);
  if (!in) return NotFound(file.string() + ": cannot read the catalog");
  std::vector<std::vector<std::string>> rows;
  std::string line;
  int number = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells = SplitTabs(line);
    if (header) {
      header = false;
      if (cells.size() < columns.size() ||
          !std::equal(columns.begin(), columns.end(), cells.begin())) {
        std::string want;
        for (const auto& c : columns) want += (want.empty() ? "" : ", ") + c;
        return InvalidArgument(file.string() + ":1: expected the columns " + want);
      }
      continue;
    }
    if (cells.size() < columns.size() || cells[0].empty()) {
      return InvalidArgument(file.string() + ":" + std::to_string(number) + ": expected " +
                             std::to_string(columns.size()) + " cells, the first not empty");
    }
    rows.push_back(std::move(cells));
  }
  if (rows.empty()) return InvalidArgument(file.string() + ": no rows");
  return rows;
}

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
  Attack out;
  auto tactics = ReadTable(fs::path(dir) / kTacticsFile, {"tactic_id", "name", "shortname"});
  if (!tactics.ok()) return tactics.status();
  for (auto& row : *tactics) out.tactics_.push_back({row[0], row[1], row[2]});
  auto techniques =
      ReadTable(fs::path(dir) / kTechniquesFile, {"technique_id", "name", "tactic_ids", "tactics"});
  if (!techniques.ok()) return techniques.status();
  for (auto& row : *techniques) {
    Technique t;
    t.id = Upper(row[0]);
    t.name = row[1];
    std::stringstream tactics_of(row[3]);
    for (std::string shortname; std::getline(tactics_of, shortname, ',');) {
      if (!shortname.empty()) t.tactics.push_back(shortname);
    }
    out.techniques_.push_back(std::move(t));
  }
  std::sort(out.techniques_.begin(), out.techniques_.end(),
            [](const Technique& a, const Technique& b) { return a.id < b.id; });
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

const Technique* Attack::FindTechnique(std::string_view id) const {
  std::string key = Upper(id);
  auto it = std::lower_bound(techniques_.begin(), techniques_.end(), key,
                             [](const Technique& t, const std::string& k) { return t.id < k; });
  return it != techniques_.end() && it->id == key ? &*it : nullptr;
}

std::string TechniqueOfTag(std::string_view tag) {
  constexpr std::string_view kPrefix = "attack.t";
  if (tag.size() <= kPrefix.size() ||
      !EqualsIgnoreCaseAscii(tag.substr(0, kPrefix.size()), kPrefix))
    return {};
  std::string_view rest = tag.substr(kPrefix.size());
  // T plus four digits, then optionally a dot and three digits.
  auto digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  size_t dot = rest.find('.');
  std::string_view main = rest.substr(0, dot);
  if (main.size() != 4 || !digits(main)) return {};
  if (dot != std::string_view::npos) {
    std::string_view sub = rest.substr(dot + 1);
    if (sub.size() != 3 || !digits(sub)) return {};
  }
  return "T" + std::string(rest);
}

std::vector<std::string> TechniquesOfTags(std::string_view text) {
  std::vector<std::string> out;
  auto tag_char = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
           c == '_' || c == '-';
  };
  size_t i = 0;
  while (i < text.size()) {
    if (!tag_char(text[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && tag_char(text[i])) ++i;
    std::string id = TechniqueOfTag(text.substr(start, i - start));
    if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end())
      out.push_back(std::move(id));
  }
  return out;
}

}  // namespace quarry::catalog
