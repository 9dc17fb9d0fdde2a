#include "test_util.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/strings.h"

namespace quarry::testing {
namespace fs = std::filesystem;

fs::path SourceDir() {
  return QUARRY_SOURCE_DIR;
}

fs::path CorporaDir() {
  if (const char* env = std::getenv("QUARRY_CORPORA"); env && *env) {
    return fs::exists(env) ? fs::path(env) : fs::path();
  }
  fs::path p = SourceDir().parent_path() / "shared" / "corpora";
  return fs::exists(p) ? p : fs::path();
}

fs::path TempDir(const std::string& name) {
  static const std::string run = std::to_string(::getpid());
  fs::path p = fs::temp_directory_path() / ("quarry-test-" + run) / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

std::string CanonicalEvent(const Event& e) {
  std::string out = "{\"table\":";
  AppendJsonString(out, e.table);
  out += ",\"time\":";
  if (e.time) {
    AppendJsonString(out, FormatIsoTime(*e.time));
  } else {
    out += "null";
  }
  out += ",\"record\":" + std::to_string(e.provenance.record);
  out += ",\"offset\":" + std::to_string(e.provenance.offset);
  out += ",\"line\":" + std::to_string(e.provenance.line);
  out += ",\"fields\":{";
  bool first = true;
  for (const Field& f : e.fields()) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, f.name);
    out += ':';
    const Value& v = f.value;
    switch (v.type()) {
      case ValueType::kString:
        AppendJsonString(out, v.as_string());
        break;
      case ValueType::kDynamic:
        out += "{\"dynamic\":";
        AppendJsonString(out, v.as_string());
        out += '}';
        break;
      case ValueType::kDateTime:
        out += "{\"datetime\":";
        AppendJsonString(out, v.ToText());
        out += '}';
        break;
      case ValueType::kNull:
        out += "null";
        break;
      default:
        out += v.ToText();
    }
  }
  out += "}}";
  return out;
}

std::vector<std::string> SplitSections(const std::string& text, const std::string& rule) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t at = text.find("\n" + rule + "\n", start);
    out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + rule.size() + 2;
  }
  return out;
}

std::vector<std::string> SubfolderNames(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_directory()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace quarry::testing
