#include "assist/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <filesystem>

namespace quarry::assist {
namespace {

constexpr std::array<const char*, 4> kClasses = {"public", "internal", "confidential",
                                                 "restricted"};

// The endpoint's host is exactly this machine (not "localhost.example.com").
bool Local(const std::string& endpoint) {
  size_t scheme = endpoint.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = endpoint.find('/', start);
  std::string host = endpoint.substr(start, end == std::string::npos ? end : end - start);
  if (size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (!host.empty() && host[0] == '[') {
    host = host.substr(1, host.find(']') - 1);
  } else if (size_t colon = host.find(':'); colon != std::string::npos) {
    host = host.substr(0, colon);
  }
  return host == "localhost" || host == "127.0.0.1" || host == "::1";
}

}  // namespace

int DataClassRank(const std::string& name) {
  for (size_t i = 0; i < kClasses.size(); ++i) {
    if (name == kClasses[i]) return static_cast<int>(i);
  }
  return -1;
}

bool Sanctioned(const ProviderConfig& provider, const std::string& data_class, std::string& why) {
  std::vector<std::string> allowed = provider.data_classes;
  std::string source = "assist.providers." + provider.name + ".data_classes in quarry.toml";
  if (allowed.empty()) {
    allowed = {"public", "internal"};
    if (Local(provider.endpoint)) allowed = {"public", "internal", "confidential", "restricted"};
    source = Local(provider.endpoint) ? "the default for an endpoint on this machine"
                                      : "the default for an endpoint off this machine";
  }
  if (std::find(allowed.begin(), allowed.end(), data_class) != allowed.end()) return true;
  std::string list;
  for (const std::string& c : allowed) list += (list.empty() ? "" : ", ") + c;
  why = "refused by policy: this case's data is '" + data_class +
        "' (data_class in quarry.toml) and provider '" + provider.name +
        "' is sanctioned only for " + list + " (" + source + ")";
  return false;
}

Result<AssistConfig> LoadAssistConfig(const std::string& case_dir) {
  AssistConfig config;
  std::filesystem::path path = std::filesystem::path(case_dir) / "quarry.toml";
  if (!std::filesystem::exists(path)) return config;
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    return ParseError(path.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                      std::to_string(e.source().begin.column) + ": " +
                      std::string(e.description()));
  }
  auto text = [](auto node, std::string& out) {
    if (auto v = node.template value<std::string>()) out = *v;
  };
  text(root["data_class"], config.data_class);
  if (DataClassRank(config.data_class) < 0) {
    return InvalidArgument(path.string() + ": data_class '" + config.data_class +
                           "' is not public, internal, confidential or restricted");
  }
  text(root["assist"]["provider"], config.provider);
  if (auto v = root["assist"]["pseudonymize"].value<bool>()) config.pseudonymize = *v;
  if (const toml::table* providers = root["assist"]["providers"].as_table()) {
    for (const auto& [key, node] : *providers) {
      const toml::table* t = node.as_table();
      if (t == nullptr) continue;
      ProviderConfig p;
      p.name = std::string(key.str());
      const toml::table& view = *t;
      text(view["kind"], p.kind);
      text(view["endpoint"], p.endpoint);
      text(view["model"], p.model);
      text(view["api_key_env"], p.api_key_env);
      if (auto v = view["timeout_seconds"].value<int64_t>())
        p.timeout_seconds = static_cast<int>(*v);
      if (auto v = view["retries"].value<int64_t>()) p.retries = static_cast<int>(*v);
      if (auto v = view["max_tokens"].value<int64_t>()) p.max_tokens = static_cast<int>(*v);
      if (const toml::array* classes = view["data_classes"].as_array()) {
        for (const auto& c : *classes) {
          if (auto s = c.value<std::string>()) p.data_classes.push_back(*s);
        }
      }
      if (p.timeout_seconds < 1 || p.timeout_seconds > 600 || p.retries < 0 || p.retries > 5) {
        return InvalidArgument(path.string() + ": assist.providers." + p.name +
                               ": timeout_seconds must be 1-600 and retries 0-5");
      }
      if (p.kind != "openai" && p.kind != "anthropic" && p.kind != "ollama") {
        return InvalidArgument(path.string() + ": assist.providers." + p.name + ".kind '" + p.kind +
                               "' is not openai, anthropic or ollama");
      }
      for (const std::string& c : p.data_classes) {
        if (DataClassRank(c) < 0) {
          return InvalidArgument(path.string() + ": assist.providers." + p.name +
                                 ".data_classes: '" + c + "' is not a data class");
        }
      }
      config.providers[p.name] = std::move(p);
    }
  }
  return config;
}

}  // namespace quarry::assist
